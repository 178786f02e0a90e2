// The browser build's figures for `npm run bench`: what vscode.dev and github.dev download and parse before the
// language server answers. Each bundle is built as scripts/build.mjs builds it for a package (the same esbuild
// options, minified), in memory, and measured: minified and gzip-compressed size, and for the server what its
// bytes are spent on (the LSP libraries, the YAML parser, the analysis core and its parts). The target
// for the server is under 400 KB minified, without engine documentation that could be loaded lazily; nothing is
// loaded lazily yet, so the whole bundle is compared with it. Targets are reported, never asserted.

import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { webBundles } from '../scripts/web-bundles.mjs';
import type { Row } from './rows';

const ROOT = relative(process.cwd(), `${__dirname}/..`) || '.';
const KB = 1024;

/** What a bundle's input is part of, for the breakdown. */
function partOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  if (pkg)
    return pkg === 'yaml'
      ? 'the YAML parser (yaml)'
      : /^vscode-(languageserver|jsonrpc)/.test(pkg)
        ? 'the LSP libraries (vscode-languageserver, -protocol, -types, vscode-jsonrpc)'
        : `other packages (${pkg})`;
  if (input.endsWith('cap-design.schema.json')) return 'the design language schema (schemas/cap-design.schema.json)';
  const core = /server\/src\/core\/(engines|simulation)\//.exec(input)?.[1];
  if (core === 'engines') return 'the engine models (core/engines, their documentation included)';
  if (core === 'simulation') return 'the simulator and history checker (core/simulation)';
  if (input.includes('server/src/core/')) return 'the rest of the analysis core (rules, derive, ide, model, …)';
  return 'the language server (server/src/lsp)';
}

export async function runBrowserBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const [client, server] = webBundles(ROOT, 'dist/web', { minify: true, legalComments: 'none', logLevel: 'warning' });
  for (const [label, options] of [
    ['language server (dist/web/server.js)', server],
    ['extension (dist/web/client.js)', client],
  ] as const) {
    const result = await esbuild.build({ ...options, write: false, metafile: true });
    const bytes = result.outputFiles![0].contents;
    const isServer = options === server;
    rows.push({
      name: `browser build: ${label}, minified`,
      value: bytes.length / KB,
      unit: 'KB',
      ...(isServer ? { target: '< 400', ok: bytes.length < 400 * KB } : {}),
    });
    rows.push({ name: `browser build: ${label}, gzip`, value: gzipSync(bytes).length / KB, unit: 'KB' });
    if (!isServer) continue;
    const parts = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(Object.values(result.metafile!.outputs)[0].inputs))
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
    for (const [part, n] of [...parts].sort((a, b) => b[1] - a[1]))
      rows.push({ name: `  of the server: ${part}`, value: n / KB, unit: 'KB' });
  }
  return rows;
}
