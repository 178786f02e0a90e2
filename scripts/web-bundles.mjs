// The esbuild options of the browser build (vscode.dev, github.dev; docs/browser.md): the extension for a web
// worker extension host (`browser` in package.json; CommonJS, as VS Code loads it) and the language server for a
// Web Worker, from the same sources as the Node build. A Node built-in imported anywhere in either fails the
// build (./browser-only-plugin.mjs). Shared by scripts/build.mjs, the bench (the server bundle's size) and the
// tests, so they measure and run what ships.
import { join } from 'node:path';
import { browserOnly } from './browser-only-plugin.mjs';

/**
 * @param {string} root the repository root
 * @param {string} outdir where client.js and server.js go (dist/web)
 * @param {Record<string, unknown>} common options shared by every bundle (sourcemap, minify, …)
 * @returns {import('esbuild').BuildOptions[]} the client's options, then the server's
 */
export function webBundles(root, outdir, common = {}) {
  const browser = { ...common, platform: 'browser', target: 'es2022', bundle: true, plugins: [browserOnly()] };
  return [
    {
      ...browser,
      entryPoints: [join(root, 'client/src/extension-web.ts')],
      outfile: join(outdir, 'client.js'),
      format: 'cjs',
      external: ['vscode'],
    },
    {
      ...browser,
      entryPoints: [join(root, 'server/src/lsp/browser-main.ts')],
      outfile: join(outdir, 'server.js'),
      format: 'iife',
    },
  ];
}
