// Bundles with esbuild everything that ships: the extension client (and its lazily loaded review bundle), the
// language server and its scenario worker, the CLI (./cli-bundles.mjs), the GitHub Action's script, the browser
// build (./web-bundles.mjs) and the simulator webview. Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { cliBundles } from './cli-bundles.mjs';
import { webBundles } from './web-bundles.mjs';
import { workerPlugin } from './worker-plugin.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const contexts = [
  // Extension host side: `vscode` is provided by the editor at run time.
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // What the extension host analyses itself (Markdown preview cards, "Compare with …"), loaded on first use so
  // activating for a Markdown file does not load the analysis core.
  {
    ...common,
    entryPoints: ['client/src/review/index.ts'],
    outfile: 'dist/review.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The GitHub Action's script (action.yml): runs dist/cli.js of the same checkout.
  {
    ...common,
    entryPoints: ['scripts/github-action.ts'],
    outfile: 'dist/github-action.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // Language server: fully self-contained so the VSIX ships no node_modules.
  {
    ...common,
    entryPoints: ['server/src/lsp/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The language server's scenario worker thread, loaded from next to dist/server.js (and the CLI bundles).
  {
    ...common,
    entryPoints: ['server/src/lsp/scenario-worker.ts'],
    outfile: 'dist/scenario-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // Command line: same core, same server (for `cap-lens lsp --stdio`); one bundle per command, loaded lazily.
  ...cliBundles(process.cwd(), 'dist', common),
  // The browser build (vscode.dev, github.dev; docs/browser.md), from the same sources.
  ...webBundles(process.cwd(), 'dist/web', common),
  // The simulator webview runs in the browser sandbox of a VS Code webview.
  // Its simulation worker is bundled into it as a string (./worker-plugin.mjs).
  {
    ...common,
    entryPoints: ['client/src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [workerPlugin({ minify: production })],
  },
];

if (watch) {
  for (const options of contexts) (await esbuild.context(options)).watch();
} else {
  await Promise.all(contexts.map((options) => esbuild.build(options)));
}
