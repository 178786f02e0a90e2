// The browser build (scripts/web-bundles.mjs) bundles from the same sources as the Node build and fails when
// anything it pulls in is a Node built-in: what a web worker extension host or a Web Worker does not have.

import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { browserOnly } from '../../../scripts/browser-only-plugin.mjs';
import { webBundles } from '../../../scripts/web-bundles.mjs';
import { ROOT } from '../../support/lsp-client';

describe('the browser build', () => {
  it('bundles the extension and the server from the core and the LSP layer, with no Node built-in and no Node-only module', async () => {
    for (const options of webBundles(ROOT, '/nonexistent', { logLevel: 'silent' })) {
      const result = await esbuild.build({ ...options, write: false, metafile: true });
      const inputs = Object.keys(result.metafile.inputs).map((f) => relative(ROOT, f));
      assert.ok(
        inputs.some((f) => f.startsWith('server/src/core/')),
        'the analysis core is in it',
      );
      assert.deepEqual(
        inputs.filter(
          (f) => f.startsWith('server/src/node/') || f.startsWith('server/src/cli/') || /vscode-languag\w+\/lib\/node\//.test(f),
        ),
        [],
      );
    }
  });

  it('fails, naming the import and its importer, when a Node built-in is imported (the check itself can fail)', async () => {
    for (const spec of ['node:fs', 'path', 'worker_threads', 'node:test']) {
      await assert.rejects(
        esbuild.build({
          stdin: { contents: `import * as m from '${spec}'; console.log(m);`, resolveDir: ROOT, sourcefile: 'entry.ts' },
          bundle: true,
          write: false,
          platform: 'browser',
          logLevel: 'silent',
          plugins: [browserOnly()],
        }),
        (e: Error) => e.message.includes(`'${spec}' is a Node built-in: the browser build cannot use it (imported by entry.ts)`),
        spec,
      );
    }
  });
});
