// Harness for the simulator webview in headless Chromium: bundles the webview as scripts/build.mjs does, serves
// the panel's own HTML (same Content Security Policy) from 127.0.0.1, stands in for VS Code (acquireVsCodeApi
// recording posted messages and state, the dark theme's CSS variables) and records CSP violations and errors.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { simulatorHtml } from '../../client/src/simulator/html';
import { buildSimulatorModel } from '../../server/src/core/ide/simulator-model';
import type { SimulatorModel, ToWebview } from '../../client/src/simulator/protocol';

export const REPO = resolve(__dirname, '../..');
export const ARTIFACTS = process.env.CAP_LENS_WEBVIEW_ARTIFACTS ?? join(REPO, 'test-artifacts/webview');
const CHROMIUM = process.env.CAP_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Bundle client/src/webview/main.ts the way scripts/build.mjs does, into a temporary folder. */
export async function bundleWebview(outdir: string): Promise<void> {
  const { workerPlugin } = (await import(join(REPO, 'scripts/worker-plugin.mjs'))) as { workerPlugin: () => esbuild.Plugin };
  await esbuild.build({
    plugins: [workerPlugin()],
    entryPoints: [join(REPO, 'client/src/webview/main.ts')],
    outfile: join(outdir, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** The Dark Modern theme's values for the variables the webview uses, as VS Code sets them on <html>. */
export const DARK_THEME: Record<string, string> = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  foreground: '#cccccc',
  descriptionForeground: '#9d9d9d',
  'editor-background': '#1f1f1f',
  'editorWidget-background': '#202020',
  'sideBar-background': '#181818',
  'panel-border': '#2b2b2b',
  focusBorder: '#0078d4',
  'button-background': '#0078d4',
  'button-foreground': '#ffffff',
  'button-hoverBackground': '#026ec1',
  'button-border': '#ffffff12',
  'button-secondaryBackground': '#313131',
  'button-secondaryForeground': '#cccccc',
  'button-secondaryHoverBackground': '#3c3c3c',
  'charts-red': '#f14c4c',
  'charts-blue': '#3794ff',
  'charts-yellow': '#cca700',
  'charts-orange': '#d18616',
  'charts-green': '#89d185',
  'charts-purple': '#b180d7',
  'charts-lines': '#cccccc80',
  'badge-background': '#616161',
  'badge-foreground': '#f8f8f8',
  'dropdown-background': '#313131',
  'dropdown-border': '#3c3c3c',
  'dropdown-foreground': '#cccccc',
  'input-background': '#313131',
  'input-border': '#3c3c3c',
  'input-foreground': '#cccccc',
  'textLink-foreground': '#4daafc',
  'panelTitle-activeBorder': '#0078d4',
  'panelTitle-activeForeground': '#cccccc',
  'panelTitle-inactiveForeground': '#9d9d9d',
  disabledForeground: '#cccccc80',
  'list-hoverBackground': '#2a2d2e',
  'inputValidation-warningBackground': '#352a05',
  'editorWarning-foreground': '#cca700',
  'textPreformat-foreground': '#d0d0d0',
};

/** Light Modern, to check the panel follows the theme rather than hard-coding dark colours. */
export const LIGHT_THEME: Record<string, string> = {
  ...DARK_THEME,
  foreground: '#3b3b3b',
  descriptionForeground: '#3b3b3b',
  'editor-background': '#ffffff',
  'editorWidget-background': '#f8f8f8',
  'sideBar-background': '#f8f8f8',
  'panel-border': '#e5e5e5',
  'button-secondaryBackground': '#e5e5e5',
  'button-secondaryForeground': '#3b3b3b',
  'button-secondaryHoverBackground': '#cccccc',
  'button-border': '#0000001a',
  'charts-red': '#e51400',
  'charts-blue': '#1a85ff',
  'charts-yellow': '#bf8803',
  'charts-orange': '#d18616',
  'charts-green': '#388a34',
  'charts-purple': '#652d90',
  'charts-lines': '#3b3b3b80',
  'badge-background': '#cccccc',
  'badge-foreground': '#3b3b3b',
  'dropdown-background': '#ffffff',
  'dropdown-border': '#cecece',
  'dropdown-foreground': '#3b3b3b',
  'input-background': '#ffffff',
  'input-border': '#cecece',
  'input-foreground': '#3b3b3b',
  'textLink-foreground': '#005fb8',
  'panelTitle-activeForeground': '#3b3b3b',
  'panelTitle-inactiveForeground': '#3b3b3b',
  'list-hoverBackground': '#f2f2f2',
  'inputValidation-warningBackground': '#f6f5d2',
  'textPreformat-foreground': '#3b3b3b',
};

export interface WebviewHarness {
  browser: Browser;
  origin: string;
  /** A fresh page showing the panel, with `state` as what getState() returns. */
  /** `view`: the simulator (default) or the history view (the page's data-view, as the history panel serves it). */
  open(options?: { state?: unknown; theme?: 'dark' | 'light'; view?: 'simulator' | 'history' }): Promise<WebviewPage>;
  close(): Promise<void>;
}

export interface WebviewPage {
  page: Page;
  /** Deliver a message as the extension would (window 'message' event). */
  send(message: ToWebview | unknown): Promise<void>;
  /** Messages the webview posted to the extension so far. */
  posted(): Promise<unknown[]>;
  state(): Promise<unknown>;
  /** CSP violations reported by the page, console errors and uncaught exceptions. */
  problems(): Promise<string[]>;
  screenshot(name: string): Promise<string>;
}

export async function startHarness(): Promise<WebviewHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'cap-lens-webview-'));
  await bundleWebview(dir);
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      // The nonce changes per load, as the panel's does.
      const nonce = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const view = url.searchParams.get('view') === 'history' ? 'history' : 'simulator';
      res.end(
        simulatorHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, nonce, view }),
      );
      return;
    }
    // Chromium asks every page for a favicon; a webview has none.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = { '/webview.js': 'text/javascript', '/webview.css': 'text/css' }[url.pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file });
    res.end(readFileSync(join(dir, url.pathname.slice(1))));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });

  return {
    browser,
    origin,
    async open(options = {}) {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 1000 },
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
      });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      const theme = options.theme === 'light' ? LIGHT_THEME : DARK_THEME;
      // Init scripts run through the DevTools protocol, before the page's own, and are not subject to its CSP:
      // the place to stand in for the VS Code host.
      // A string, not a function: tsx would wrap a function's inner closures in helpers the page does not have.
      await page.addInitScript(hostScript(options.state, theme, options.theme ?? 'dark'));
      await page.goto(`${origin}/${options.view === 'history' ? '?view=history' : ''}`);
      if (options.view !== 'history') await page.waitForSelector('main.main', { state: 'attached' });
      else await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      return {
        page,
        send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as object),
        posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
        state: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
        async problems() {
          const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
          return [...violations.map((v) => `CSP violation: ${v}`), ...problems];
        },
        async screenshot(name) {
          const path = join(ARTIFACTS, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stands in for the VS Code host, before the page's own script: `acquireVsCodeApi` (once per page, recording
 * posted messages and state, as JSON, like the real one), the theme's CSS variables on <html> and body class,
 * and a recorder of CSP violations. Init scripts run through the DevTools protocol, outside the page's CSP.
 */
function hostScript(state: unknown, theme: Record<string, string>, kind: 'dark' | 'light'): string {
  return `(() => {
  const state = ${JSON.stringify(state ?? null)};
  const theme = ${JSON.stringify(theme)};
  window.__posted = [];
  window.__state = state === null ? undefined : state;
  window.__violations = [];
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { return window.__state; },
      setState: function (s) { window.__state = JSON.parse(JSON.stringify(s)); },
    };
  };
  document.addEventListener('securitypolicyviolation', function (e) {
    window.__violations.push(e.violatedDirective + ': ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
  const apply = function () {
    for (const k of Object.keys(theme)) document.documentElement.style.setProperty('--vscode-' + k, theme[k]);
    document.body.classList.add(${JSON.stringify(kind === 'light' ? 'vscode-light' : 'vscode-dark')});
  };
  if (document.body) apply(); else document.addEventListener('DOMContentLoaded', apply);
})();`;
}

/** The sample design of the tests: an AP leaderless store with R+W ≤ N and a CP consensus store, over two regions. */
export const SAMPLE_DESIGN = `system: shop
regions: [us-east, eu-west]
datastores:
  carts:
    replicas: 3
    replication: leaderless
    read_quorum: 1
    write_quorum: 1
    conflicts: last-write-wins
    placement: {us-east: 2, eu-west: 1}
    latency: wan
    claims:
      consistency: strong
      cap: AP
  ledger:
    replicas: 3
    replication: consensus
    read_quorum: majority
    write_quorum: majority
    placement: {us-east: 2, eu-west: 1}
    claims:
      consistency: linearizable
      cap: CP
      loss_free: true
components:
  checkout:
    choice: CP
    uses:
      ledger: linearizable
      carts: eventual
`;

export function sampleModel(text = SAMPLE_DESIGN, version = 1): SimulatorModel {
  return buildSimulatorModel(text, { uri: 'file:///work/shop.cap.yaml', fileName: 'shop.cap.yaml', version });
}
