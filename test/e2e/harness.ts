// Harness for the end-to-end suite in a real VS Code: code-server 4.139.1 (VS Code 1.139.1, installed into
// .cache by scripts/setup-e2e.sh) served on 127.0.0.1, driven by playwright-core with Debian's Chromium.
//
// Two ways to start the editor:
//  - startCodeServer(): code-server with a VSIX installed through its CLI (the packaged extension, as a user
//    gets it), for the UI tests;
//  - startVSCodeServer(): the VS Code server inside code-server (lib/vscode/out/server-main.js), which, unlike
//    code-server's CLI, accepts extensionDevelopmentPath / extensionTestsPath through the `payload` query and,
//    with --enable-smoke-test-driver, reports the extension-host test run through window.codeAutomationExit.
//
// Starting, stopping and the throw-away profile are scripts/code-server.ts, shared with `npm start`; this
// file adds the test settings, keeps logs as artifacts, and drives the workbench.
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Frame, type Locator, type Page } from 'playwright-core';
import * as cs from '../../scripts/code-server';

export { CACHE, CHROMIUM, CODE_SERVER, NODE24, REPO, VSCODE_SERVER_MAIN } from '../../scripts/code-server';
export const ARTIFACTS = process.env.CAP_LENS_E2E_ARTIFACTS ?? join(cs.REPO, 'test-artifacts/e2e');

/** How long any single wait may take before a test fails (ms). Generous: the machine has 2 shared cores. */
export const TIMEOUT = Number(process.env.CAP_LENS_E2E_TIMEOUT ?? 30_000);

const isCtrl = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Settings for a quiet, deterministic workbench: the throw-away profile's, and what the tests rely on. */
export const BASE_SETTINGS: Record<string, unknown> = {
  ...cs.PROFILE_SETTINGS,
  'window.commandCenter': false,
  'git.enabled': false,
  'files.simpleDialog.enable': true,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'editor.lightbulb.enabled': 'on',
  'editor.codeLens': true,
  'editor.accessibilitySupport': 'off',
  'workbench.editor.enablePreview': false,
  'problems.autoReveal': false,
  'workbench.auxiliaryBar.enabled': false,
};

export function requireInstalled(): void {
  const missing = [...cs.missingInstallation(), cs.CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`end-to-end prerequisites missing (run scripts/setup-e2e.sh): ${missing.join(', ')}`);
  }
}

/** Poll `probe` until it returns a truthy value; fail with `what` after `timeout` ms. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeout = TIMEOUT,
  interval = 100,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export interface ServerOptions {
  /** Folder to open as the workspace; copied from nothing, used as is. */
  workspace: string;
  /** User settings merged over BASE_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server (and so the extension host). */
  env?: Record<string, string>;
  /** Label used for the temp folder and log file names. */
  label?: string;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  base: string;
  port: number;
  /** URL that opens the workspace folder. */
  url: string;
  /** The run's temp folder (user data, extensions, XDG dirs, browser profile). */
  tmp: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Wraps a started server for the tests: stop() also saves what it printed and VS Code's own logs (extension
 * host, output channels such as "CAP Lens") to ARTIFACTS, then removes the run folder unless
 * CAP_LENS_E2E_KEEP is set.
 */
function running(server: cs.CodeServer, run: cs.RunFolder, label: string, url: string): RunningServer {
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await server.stop();
      saveLogs(run, label, server.output());
      if (!process.env.CAP_LENS_E2E_KEEP) cs.removeRunFolder(run);
    })());
  return { base: server.base, port: server.port, url, tmp: run.root, proc: server.proc, output: server.output, stop };
}

function saveLogs(run: cs.RunFolder, label: string, output: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${label}-server.log`), output);
  for (const logs of [join(run.userData, 'logs'), join(run.serverData, 'data/logs')]) {
    if (existsSync(logs)) cpSync(logs, join(ARTIFACTS, `${label}-logs`), { recursive: true, force: true });
  }
}

/** Runs `start`; if it throws, saves what the server printed and removes the run folder. */
async function orCleanUp<T>(run: cs.RunFolder, label: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    saveLogs(run, label, e instanceof cs.ServerExitedError ? e.output : String(e));
    if (!process.env.CAP_LENS_E2E_KEEP) cs.removeRunFolder(run);
    throw e;
  }
}

/**
 * code-server with `vsix` installed through its CLI, serving `workspace` on a free loopback port.
 * Returns the URL that opens the folder.
 */
export async function startCodeServer(vsix: string, opts: ServerOptions): Promise<RunningServer> {
  requireInstalled();
  const label = opts.label ?? 'code-server';
  const run = cs.makeRunFolder(`cap-lens-e2e-${label}-`);
  return orCleanUp(run, label, async () => {
    cs.writeUserSettings(run.userData, { ...BASE_SETTINGS, ...opts.settings });
    await cs.installVsix(run, vsix, cs.serverEnv(run, opts.env));
    const server = await cs.startCodeServer(run, { env: opts.env, args: ['--locale', 'en'] });
    return running(server, run, label, cs.folderUrl(server.base, opts.workspace));
  });
}

/**
 * The VS Code server inside code-server, for the extension-host test run: loads the extension from
 * `extensionDevelopmentPath` (no VSIX) and runs `extensionTestsPath` in the extension host.
 */
export async function startVSCodeServer(
  opts: ServerOptions & { extensionDevelopmentPath: string; extensionTestsPath: string },
): Promise<RunningServer> {
  requireInstalled();
  const label = opts.label ?? 'vscode-server';
  const run = cs.makeRunFolder(`cap-lens-e2e-${label}-`);
  return orCleanUp(run, label, async () => {
    cs.writeUserSettings(run.userData, { ...BASE_SETTINGS, ...opts.settings });
    // server-main keeps user settings under <server-data-dir>/data/User.
    cs.writeUserSettings(join(run.serverData, 'data'), { ...BASE_SETTINGS, ...opts.settings });
    const server = await cs.startVSCodeServer(run, { env: opts.env, args: ['--enable-smoke-test-driver', '--log', 'info'] });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${resolve(p)}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ]);
    return running(
      server,
      run,
      label,
      `${server.base}?folder=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(payload)}`,
    );
  });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every console message of every frame (the workbench and webviews), as "type: text". */
  console: string[];
  /** Console messages that report a Content Security Policy violation. */
  cspViolations(): string[];
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Chromium (Debian's) with a fresh profile inside `tmp`. Console messages of all frames are collected;
 * a `securitypolicyviolation` listener in every frame turns CSP violations into tagged console errors.
 */
export async function launchBrowser(tmp: string, init?: (page: Page) => Promise<void>): Promise<Browser> {
  const profile = join(tmp, 'browser');
  const home = join(tmp, 'browser-home');
  for (const d of [profile, join(home, '.config'), join(home, '.cache')]) mkdirSync(d, { recursive: true });
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: cs.CHROMIUM,
    // Chromium's crash reports, dconf and headless scratch dirs go to the temp folder, not the home directory.
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_RUNTIME_DIR: join(home, 'run'),
    } as Record<string, string>,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    locale: 'en-US',
    timeout: TIMEOUT,
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`[csp-violation] ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${location.href}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  const onConsole = (m: ConsoleMessage) => consoleLines.push(`${m.type()}: ${m.text()}`);
  page.on('console', onConsole);
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  if (init) await init(page);
  return {
    context,
    page,
    console: consoleLines,
    cspViolations: () =>
      consoleLines.filter((l) =>
        /\[csp-violation\]|Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(l),
      ),
    close: async () => {
      await context.close().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Workbench helpers (the page of a code-server or VS Code server window).
// ---------------------------------------------------------------------------------------------------------

/** Open the workbench and wait until it is usable (explorer shows the folder, no loading overlay). */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: TIMEOUT });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: TIMEOUT });
}

/** Wait until the extension with this id is active, shown in the running-extensions view is too slow: use the status bar / a command. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Show the quick input with `key` (Ctrl+P, F1), pressing it only while the widget is hidden. */
async function openQuickInput(page: Page, key: string, what: string): Promise<Locator> {
  const input = page.locator('.quick-input-widget input.input');
  await waitFor(what, async () => {
    // A second Ctrl+P inside quick open would move the selection, so press only when it is hidden.
    if (!(await input.isVisible())) await page.keyboard.press(key);
    await input.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  });
  return input;
}

/** Quick-open (Ctrl+P) a workspace file by name and wait for its editor to be active. */
export async function openFile(page: Page, fileName: string): Promise<Locator> {
  const input = await openQuickInput(page, `${isCtrl}+P`, `quick open for ${fileName}`);
  await input.fill(fileName);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: TIMEOUT });
  await row.click();
  // Wait for quick open to close: the next quick input (Go to Line) would otherwise see it still visible,
  // not open its own, and type into one that is about to disappear (a flake under load).
  await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
  const tab = page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`).first();
  await tab.waitFor({ state: 'visible', timeout: TIMEOUT });
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: TIMEOUT });
  return editor;
}

/** Move the cursor of the active editor to `line` (1-based) with Go to Line (Ctrl+G), revealing it. */
export async function goToLine(page: Page, line: number): Promise<void> {
  const input = await openQuickInput(page, 'Control+G', `go to line ${line}`);
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
  await waitFor(`the cursor on line ${line}`, async () =>
    new RegExp(`Ln ${line},`).test(
      await page
        .locator('.statusbar-item#status\\.editor\\.selection')
        .innerText()
        .catch(() => ''),
    ),
  );
}

/** The text editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page
    .locator(
      '.editor-group-container.active .monaco-editor.focused, .editor-group-container.active .editor-instance .monaco-editor',
    )
    .first();
}

/** Run a command by its title from the command palette (F1), e.g. "CAP Lens: Open Partition Simulator". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, 'F1', `command palette for ${title}`);
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: TIMEOUT });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => undefined);
}

export interface ProblemRow {
  text: string;
  ariaLabel: string;
  /** Name of the file the marker belongs to (from the file row above it). */
  file: string;
}

/** Show the Problems panel (View: Focus Problems). */
export async function showProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press(`${isCtrl}+Shift+M`);
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(async () => {
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    });
  }
  return panel;
}

/**
 * Marker rows of the Problems panel (file rows excluded). The list is virtualised, so this scrolls it
 * from top to bottom with the mouse wheel and collects every row once.
 */
export async function problemRows(page: Page): Promise<ProblemRow[]> {
  const list = page.locator('.markers-panel .monaco-list').first();
  if (!(await list.isVisible().catch(() => false))) return [];
  const seen = new Map<number, { text: string; ariaLabel: string; marker: boolean; file?: string }>();
  const collect = async () => {
    const rows = await list.locator('.monaco-list-row').evaluateAll((els) =>
      els.map((e) => ({
        text: ((e as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim(),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        index: Number(e.getAttribute('data-index') ?? 0),
        marker: !!e.querySelector('.marker-icon'),
      })),
    );
    for (const r of rows) {
      // File rows read "3 problems in file broken.cap.yaml of folder ." (or "1 problem in file …").
      const file = /problems? in file (.+?) of folder/.exec(r.ariaLabel)?.[1];
      seen.set(r.index, { text: r.text, ariaLabel: r.ariaLabel, marker: r.marker, file });
    }
  };
  const box = await list.boundingBox();
  const scrollable = await list.evaluate((e) => {
    const rows = e.querySelector('.monaco-list-rows') as HTMLElement | null;
    return !!rows && rows.offsetHeight > (e as HTMLElement).clientHeight + 2;
  });
  await collect();
  if (box && scrollable) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100_000);
    await collect();
    for (let i = 0, still = 0; i < 50 && still < 2; i++) {
      const before = seen.size;
      await page.mouse.wheel(0, Math.max(60, box.height - 44));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
      await collect();
      still = seen.size === before ? still + 1 : 0;
    }
  }
  const out: ProblemRow[] = [];
  let file = '';
  for (const [, r] of [...seen.entries()].sort((a, b) => a[0] - b[0])) {
    if (r.file) file = r.file;
    else if (r.marker) out.push({ text: r.text, ariaLabel: r.ariaLabel, file });
  }
  return out;
}

/** Wait until the Problems panel's rows satisfy `predicate`; returns them. */
export async function waitForProblems(
  page: Page,
  what: string,
  predicate: (rows: ProblemRow[]) => boolean,
  timeout = TIMEOUT,
): Promise<ProblemRow[]> {
  await showProblems(page);
  let last: ProblemRow[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await problemRows(page);
        return predicate(last) ? last : undefined;
      },
      timeout,
      250,
    );
  } catch (e) {
    throw new Error(
      `${(e as Error).message}\nProblems rows were:\n${last.map((r) => `  ${r.file}: ${r.text}`).join('\n') || '  (none)'}`,
    );
  }
}

/** The error/warning counts of the status bar's problems item. */
export async function statusBarProblems(page: Page): Promise<{ errors: number; warnings: number }> {
  const item = page.locator('.statusbar-item#status\\.problems').first();
  const label = (await item.getAttribute('aria-label').catch(() => null)) ?? '';
  const text = (await item.innerText().catch(() => '')) ?? '';
  const nums = (text.match(/\d+/g) ?? []).map(Number);
  const errors = /Errors?:\s*(\d+)/i.exec(label)?.[1];
  const warnings = /Warnings?:\s*(\d+)/i.exec(label)?.[1];
  return {
    errors: errors !== undefined ? Number(errors) : (nums[0] ?? 0),
    warnings: warnings !== undefined ? Number(warnings) : (nums[1] ?? 0),
  };
}

/** Screen rectangle of the first occurrence of `text` in the active editor's rendered lines. */
export async function textRect(
  page: Page,
  text: string,
  occurrence = 0,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: TIMEOUT });
  return waitFor(`"${text}" to be rendered in the editor`, () =>
    editor.locator('.view-lines').evaluate(
      (root, [needle, nth]) => {
        const lines = Array.from(root.querySelectorAll('.view-line')) as HTMLElement[];
        lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        let seen = 0;
        for (const line of lines) {
          const full = line.textContent ?? '';
          let idx = full.replace(/\u00a0/g, ' ').indexOf(needle as string);
          while (idx >= 0) {
            if (seen++ === nth) {
              // Walk text nodes to the character offset and measure a DOM range over the needle.
              const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
              let pos = 0;
              const range = document.createRange();
              let startSet = false;
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const len = n.textContent!.length;
                if (!startSet && idx < pos + len) {
                  range.setStart(n, idx - pos);
                  startSet = true;
                }
                if (startSet && idx + (needle as string).length <= pos + len) {
                  range.setEnd(n, idx + (needle as string).length - pos);
                  const r = range.getBoundingClientRect();
                  return { x: r.x, y: r.y, width: r.width, height: r.height };
                }
                pos += len;
              }
            }
            idx = full.indexOf(needle as string, idx + 1);
          }
        }
        return undefined;
      },
      [text, occurrence] as const,
    ),
  );
}

/** Click into the editor right at the start of `text` (moves the cursor there). */
export async function clickText(page: Page, text: string, occurrence = 0): Promise<void> {
  const r = await textRect(page, text, occurrence);
  await page.mouse.click(r.x + 1, r.y + r.height / 2);
}

/** Hover over `text` in the active editor and return the visible hover's text once it contains `expect`. */
export async function hoverText(page: Page, text: string, expect: RegExp, occurrence = 0): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect }).first();
  return waitFor(
    `a hover matching ${expect} over "${text}"`,
    async () => {
      const r = await textRect(page, text, occurrence);
      // Move away first so that a new hover is requested, then onto the middle of the word.
      await page.mouse.move(r.x + r.width / 2, r.y - 200 < 0 ? r.y + 300 : r.y - 200);
      await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 3 });
      await hover.waitFor({ state: 'visible', timeout: 5000 });
      return (await hover.innerText()).trim();
    },
    TIMEOUT,
    0,
  );
}

/** The text of the active editor's model as rendered (all lines must be visible; use for small files). */
export async function editorText(page: Page): Promise<string> {
  return activeEditor(page)
    .locator('.view-lines')
    .evaluate((root) => {
      const lines = Array.from(root.querySelectorAll('.view-line')) as HTMLElement[];
      lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
}

/** Code lens titles shown in the active editor (each lens of a line separately). */
export async function codeLenses(page: Page): Promise<string[]> {
  const texts = await activeEditor(page).locator('.codelens-decoration').allInnerTexts();
  return texts.flatMap((t) => t.split('|').map((x) => x.replace(/\s+/g, ' ').trim())).filter(Boolean);
}

/** Wait until the code lenses of the active editor satisfy `predicate`. */
export async function waitForCodeLenses(page: Page, what: string, predicate: (lenses: string[]) => boolean): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await codeLenses(page);
        return predicate(last) ? last : undefined;
      },
      TIMEOUT,
      250,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\ncode lenses were: ${JSON.stringify(last)}`);
  }
}

/** Click the code lens whose title matches `title` (the n-th such lens). */
export async function clickCodeLens(page: Page, title: string | RegExp, occurrence = 0): Promise<void> {
  const link = activeEditor(page).locator('.codelens-decoration a', { hasText: title }).nth(occurrence);
  await link.waitFor({ state: 'visible', timeout: TIMEOUT });
  await link.click();
}

/**
 * The frame of a webview whose document has `selector`. VS Code nests each webview in two iframes
 * (the host `iframe.webview` and its `#active-frame`); this looks at every frame of the page.
 */
export async function webviewFrame(page: Page, selector: string, timeout = TIMEOUT): Promise<Frame> {
  return waitFor(
    `a webview containing ${selector}`,
    async () => {
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        try {
          if (await f.locator(selector).count()) return f;
        } catch {
          /* frame navigating or detached */
        }
      }
      return undefined;
    },
    timeout,
    200,
  );
}

/** Files of the extension-host test run (written by test/e2e/suite/index.ts). */
export interface SuiteResult {
  passes: { title: string; duration?: number }[];
  failures: { title: string; error: string }[];
  pending: { title: string }[];
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
