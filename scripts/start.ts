// `npm start [-- folder] [--open] [--port N]`: CAP Lens in a real VS Code in one command. Packages the VSIX if
// its sources changed, starts the code-server that `bash scripts/setup.sh` installed on 127.0.0.1 with a
// throw-away profile, installs the VSIX, prints the URL that opens the folder (samples/ by default), and
// serves until Ctrl-C or SIGTERM, then stops code-server and removes the profile.
//
// package.json runs this with `exec`: npm forwards SIGINT and SIGTERM to its child only, and with `sh -c` in
// between (Debian's dash does not exec the last command) the signal would stop at the shell and leave this
// process and code-server running.
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import * as cs from './code-server';
import { ensureVsix } from './package-vsix';

export const USAGE = `Usage: npm start [-- [folder] [--open] [--port N]]

Packages dist/cap-lens.vsix if its sources changed, starts code-server (the VS Code that
\`bash scripts/setup.sh\` installs) on 127.0.0.1 with a throw-away profile, installs the VSIX and prints
the URL that opens the folder. Ctrl-C stops it and removes the profile.

  folder        the folder to open (default: samples/), relative to where npm was run
  --open        also start Chromium on the URL (needs a display: DISPLAY or WAYLAND_DISPLAY)
  --port N      serve on 127.0.0.1:N instead of a free port the system picks
  -h, --help    this text`;

/** A mistake on the command line: reported with a pointer to --help, exit status 2. */
export class UsageError extends Error {}

export interface StartOptions {
  /** Absolute path of the folder to open. */
  folder: string;
  open: boolean;
  /** 0: a free port picked by the kernel. */
  port: number;
  help: boolean;
}

/** The options as node's parseArgs reads them; its complaint about positionals trimmed. */
function parseStartArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { open: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/**
 * Reads the command line. `cwd` is where the user ran npm (npm runs scripts in the package root and passes
 * the original folder as INIT_CWD), so `npm start -- ../designs` means what it says.
 * Throws UsageError for an unknown option, a bad port, or a folder that does not exist or is a file.
 */
export function parseOptions(argv: string[], cwd: string): StartOptions {
  const { values, positionals } = parseStartArgs(argv);
  if (positionals.length > 1) throw new UsageError(`one folder at most, got ${positionals.length}: ${positionals.join(' ')}`);
  let port = 0;
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`--port takes a port number from 1 to 65535, not '${values.port}'`);
  }
  const folder = positionals.length ? resolve(cwd, positionals[0]) : resolve(cs.REPO, 'samples');
  if (!values.help) {
    if (!existsSync(folder)) throw new UsageError(`folder not found: ${folder}`);
    if (!statSync(folder).isDirectory()) throw new UsageError(`${folder} is a file, not a folder: give the folder that holds it`);
  }
  return { folder, open: !!values.open, port, help: !!values.help };
}

/** Resolves when 127.0.0.1:port can be bound now; rejects with a message saying it is taken otherwise. */
export function checkPortFree(port: number): Promise<void> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      rej(
        new Error(
          e.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is already in use: choose another --port, or leave it out for a free one`
            : `cannot listen on 127.0.0.1:${port}: ${e.message}`,
        ),
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => res()));
  });
}

/** How the folder reads in messages: relative to the project when inside it ("samples/"), else absolute. */
function shown(folder: string): string {
  const rel = relative(cs.REPO, folder);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? `${rel}/` : folder;
}

const say = (line: string) => console.log(`cap-lens: ${line}`);
const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** Fails unless the workbench answers at `url` without asking for a password (code-server redirects to ./login then). */
async function checkServes(base: string, url: string): Promise<void> {
  const health = await fetch(`${base}healthz`, { signal: AbortSignal.timeout(15_000) });
  if (health.status !== 200) throw new Error(`${base}healthz answered ${health.status}`);
  const page = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  if (page.status !== 200)
    throw new Error(
      `${url} answered ${page.status}${page.headers.get('location') ? ` (to ${page.headers.get('location')})` : ''}`,
    );
  await page.arrayBuffer();
}

/**
 * Why Chromium cannot be opened here, or undefined when it can: a display (X11 or Wayland) and Debian's
 * chromium are needed.
 */
export function whyNoBrowser(env: NodeJS.ProcessEnv, port: number): string | undefined {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return `no display (neither DISPLAY nor WAYLAND_DISPLAY is set); open the URL in a browser yourself (from another machine: ssh -L ${port}:127.0.0.1:${port} this-host, then the same URL there)`;
  }
  if (!existsSync(cs.CHROMIUM)) return `${cs.CHROMIUM} is not installed (bash scripts/setup.sh installs Debian's chromium)`;
  return undefined;
}

/**
 * Debian's Chromium on `url` as an app window (no tabs or address bar, so Ctrl+W, Ctrl+N and Ctrl+Tab reach VS
 * Code, as code-server's docs advise), with a fresh profile in the run folder.
 */
function openBrowser(url: string, run: cs.RunFolder): cs.GroupProcess {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const args = [
    `--user-data-dir=${run.browser}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--ozone-platform-hint=auto',
    `--app=${url}`,
  ];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  return cs.spawnGroup(cs.CHROMIUM, args, env, run.root);
}

async function main(): Promise<number> {
  let opts: StartOptions;
  try {
    opts = parseOptions(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`cap-lens: ${e.message}\nRun \`npm start -- --help\` for the options.`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (opts.port) {
    try {
      await checkPortFree(opts.port);
    } catch (e) {
      console.error(`cap-lens: ${(e as Error).message}`);
      return 1;
    }
  }
  const missing = cs.missingInstallation();
  if (missing.length) {
    console.error(`cap-lens: code-server is not installed (missing ${missing.join(', ')}): run \`bash scripts/setup.sh\` first`);
    return 1;
  }

  // From here on a signal stops everything started so far and removes the run folder.
  let stopRequested: (signal: NodeJS.Signals) => void = () => undefined;
  let signalled: NodeJS.Signals | undefined;
  const stopSignal = new Promise<NodeJS.Signals>((res) => (stopRequested = res));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // A terminal's Ctrl-C reaches both npm and this process, and npm forwards it too: act on the first only.
    process.on(signal, () => {
      if (signalled) return;
      signalled = signal;
      stopRequested(signal);
    });
  }

  let vsix: string;
  try {
    vsix = await ensureVsix(say);
  } catch (e) {
    if (signalled) return 0;
    const err = e as Error & { output?: string };
    console.error(`cap-lens: packaging failed: ${err.message}${err.output ? `\n${indent(cs.tail(err.output, 40))}` : ''}`);
    return 1;
  }
  if (signalled) return 0;

  const versions = cs.codeServerVersions();
  const run = cs.makeRunFolder('cap-lens-start-');
  const children: cs.GroupProcess[] = [];
  let server: cs.CodeServer | undefined;
  let browser: cs.GroupProcess | undefined;
  const cleanUp = async () => {
    await Promise.all([browser, server, ...children].map((p) => p?.stop()));
    cs.removeRunFolder(run);
  };
  /** Runs `step` unless a signal comes first; on a signal, resolves undefined once cleaned up. */
  const unlessStopped = <T>(step: Promise<T>): Promise<T | undefined> => Promise.race([step, stopSignal.then(() => undefined)]);

  try {
    cs.writeUserSettings(run.userData);
    say(`installing the VSIX into a fresh VS Code profile in ${run.root}`);
    const env = cs.serverEnv(run);
    await unlessStopped(cs.installVsix(run, vsix, env, (p) => children.push(p)));
    if (signalled) return await stopped(signalled, cleanUp, run);

    say(`starting code-server ${versions.codeServer} (VS Code ${versions.vscode}) on 127.0.0.1`);
    const starting = cs.startCodeServer(run, { port: opts.port });
    starting.then(
      (s) => (server = s),
      () => undefined,
    );
    await unlessStopped(starting);
    if (signalled) {
      await starting.catch(() => undefined);
      return await stopped(signalled, cleanUp, run);
    }
    server = (await starting)!;
    const url = cs.folderUrl(server.base, opts.folder);
    await unlessStopped(checkServes(server.base, url));
    if (signalled) return await stopped(signalled, cleanUp, run);

    console.log(`
  CAP Lens is running in VS Code (code-server ${versions.codeServer}, pid ${server.proc.pid}) with ${shown(opts.folder)} open:

    ${url}

  extensions: ${run.extensions}
  Listening on 127.0.0.1 only, so no password. The CLI checks the same folder: npx cap-lens check ${shown(opts.folder)}
  Ctrl-C stops code-server and removes ${run.root}.
`);

    if (opts.open) {
      const why = whyNoBrowser(process.env, server.port);
      if (why) {
        say(`not opening Chromium: ${why}`);
      } else {
        const b = (browser = openBrowser(url, run));
        say(`opened Chromium (pid ${b.proc.pid})`);
        void b.exited.then(({ code, signal }) => {
          if (signalled || server?.hasExited()) return;
          if (code === 0) say('Chromium was closed; code-server keeps serving the URL above');
          else
            say(
              `Chromium exited (${signal ?? `code ${code}`}); code-server keeps serving the URL above. Chromium printed:\n${indent(cs.tail(b.output(), 15))}`,
            );
        });
      }
    }

    const ended = await Promise.race([stopSignal, server.exited]);
    if (typeof ended === 'string') return await stopped(ended, cleanUp, run);
    console.error(
      `cap-lens: code-server exited unexpectedly (${ended.signal ?? `code ${ended.code}`}); the last lines it printed:\n${indent(cs.tail(server.output(), 30))}`,
    );
    await cleanUp();
    console.error(`cap-lens: removed ${run.root}`);
    return 1;
  } catch (e) {
    if (signalled) return await stopped(signalled, cleanUp, run);
    if (e instanceof cs.ServerExitedError && /EADDRINUSE/.test(e.output)) {
      console.error(
        `cap-lens: port ${opts.port} on 127.0.0.1 is already in use: choose another --port, or leave it out for a free one`,
      );
    } else if (e instanceof cs.ServerExitedError) {
      console.error(
        `cap-lens: ${e.what} ${e.signal ? `was ended by ${e.signal}` : `exited with code ${e.code}`} before it served; the last lines it printed:\n${indent(cs.tail(e.output, 30))}`,
      );
    } else {
      const err = e as Error;
      console.error(
        `cap-lens: ${err.message}${server ? `\n  code-server printed:\n${indent(cs.tail(server.output(), 30))}` : ''}`,
      );
    }
    await cleanUp();
    return 1;
  }
}

async function stopped(signal: NodeJS.Signals, cleanUp: () => Promise<void>, run: cs.RunFolder): Promise<number> {
  say(`${signal}: stopping code-server`);
  await cleanUp();
  say(`stopped; removed ${run.root}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
