// The browser build of the language server in headless Chromium: bundles server/src/lsp/browser-main.ts as
// scripts/build.mjs does for dist/web/server.js (the same esbuild options, minified), serves it from 127.0.0.1,
// starts it in a real Web Worker of a page, and speaks LSP to it from Node: each message goes into the page
// (page.evaluate → worker.postMessage) and each answer comes out (worker 'message' → an exposed function), so
// everything the server sends and receives crosses postMessage as it does in vscode.dev.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Message } from 'vscode-languageserver-protocol/node';
import { webBundles } from '../../scripts/web-bundles.mjs';
import { callbackConnection, openSession, type Session, type SessionOptions } from '../support/lsp-session';

export const REPO = resolve(__dirname, '../..');
const CHROMIUM = process.env.CAP_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface WorkerServer extends Session {
  page: Page;
  /** Uncaught errors of the page and the worker, and console errors, as they happened. */
  problems(): string[];
}

export interface BrowserHarness {
  /** The bundle's size in bytes (minified, as shipped). */
  bundleBytes: number;
  /** A fresh page with the server started in a Worker of it, initialized. */
  start(options?: SessionOptions): Promise<WorkerServer>;
  close(): Promise<void>;
}

/** The page: nothing but our own script may run, and a worker only from our origin. */
const PAGE = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; worker-src 'self'"><title>CAP Lens web server</title></head><body></body></html>`;

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'cap-lens-web-server-'));
  const server = webBundles(REPO, dir, { minify: true, legalComments: 'none', logLevel: 'warning' })[1];
  await esbuild.build(server);
  const script = readFileSync(join(dir, 'server.js'));
  const http: Server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (req.url === '/server.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const address = http.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser: Browser = await chromium.launch({
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

  return {
    bundleBytes: script.length,
    async start(options = {}) {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
      page.on('worker', (w) =>
        w.on('console', (m) => m.type() === 'error' && problems.push(`worker console error: ${m.text()}`)),
      );
      await page.goto(`${origin}/`);
      const { connection, receive } = callbackConnection((message) =>
        page.evaluate((m) => (window as unknown as { server: Worker }).server.postMessage(m), message as object),
      );
      await page.exposeFunction('toNode', (message: Message) => receive(message));
      await page.exposeFunction('workerError', (message: string) => problems.push(`worker error: ${message}`));
      await page.evaluate(() => {
        const w = window as unknown as { server: Worker; toNode(m: unknown): void; workerError(m: string): void };
        w.server = new Worker('/server.js', { name: 'CAP Lens language server' });
        w.server.onmessage = (e) => w.toNode(e.data);
        w.server.onerror = (e) => w.workerError(e.message);
      });
      const session = await openSession(connection, {
        ...options,
        describe: () => problems.join('; ') || 'no errors in the page or the worker',
      });
      return {
        ...session,
        page,
        problems: () => problems,
        async end() {
          await session.end();
          await page.close();
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => http.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
