// Packages dist/cap-lens-web.vsix, the browser build alone: the `browser` entry (dist/web/client.js) and no
// `main`. VS Code runs such an extension in its web worker extension host even where a Node one exists, as in
// code-server, which is how the e2e suite proves the browser build in a real VS Code (test/e2e/web.test.ts).
// Not for publishing: the real VSIX (dist/cap-lens.vsix) holds both builds, and each host picks its own.
// `npm run package:web` runs this file (`--no-build`: package dist/ as it is, bundled for production).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from './code-server';
import { run } from './package-vsix';

export const WEB_VSIX = 'dist/cap-lens-web.vsix';

/** What the browser build needs at run time (the real VSIX's .vscodeignore list, less the Node build). */
export const WEB_FILES = [
  'dist/web/client.js',
  'dist/web/server.js',
  'dist/webview.js',
  'dist/webview.css',
  'schemas/cap-design.schema.json',
  'syntaxes',
  'language-configuration.json',
  'images/icon.png',
  'README.md',
  'LICENSE',
];

/** The manifest of the web-only package: the project's, without `main` (and the Node-only `bin`). */
export function webManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const { main: _main, bin: _bin, ...rest } = manifest;
  if (typeof rest.browser !== 'string') throw new Error('package.json has no `browser` entry');
  return rest;
}

/**
 * Bundles for production (unless `build` is false: dist/ was just bundled for production, as by `npm run
 * package`), then packages WEB_FILES with the web manifest; returns vsce's summary line.
 */
export async function packageWebVsix(quiet = false, build = true): Promise<string> {
  if (build) await run(process.execPath, ['scripts/build.mjs', '--production'], quiet);
  const stage = mkdtempSync(join(tmpdir(), 'cap-lens-web-vsix-'));
  try {
    for (const file of WEB_FILES) {
      mkdirSync(dirname(join(stage, file)), { recursive: true });
      cpSync(join(REPO, file), join(stage, file), { recursive: true });
    }
    const manifest = webManifest(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>);
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Everything staged is packaged.
    writeFileSync(join(stage, '.vscodeignore'), '');
    const out = await run(
      process.execPath,
      [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', join(REPO, WEB_VSIX)],
      quiet,
      stage,
    );
    return (
      out
        .trim()
        .split('\n')
        .filter((l) => /Packaged:/.test(l))
        .pop() ?? `Packaged: ${WEB_VSIX}`
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  packageWebVsix(false, !process.argv.includes('--no-build')).catch((e: Error & { output?: string }) => {
    console.error(e.output ?? '', e.message);
    process.exit(1);
  });
}
