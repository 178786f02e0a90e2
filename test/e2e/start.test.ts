// `npm start` as a user runs it: the real command in the background, waited on until it prints the URL; the
// page must serve, the packaged extension must be in the extensions folder it names, and code-server must
// listen on 127.0.0.1 only. Then it is stopped as a terminal's Ctrl-C does (SIGINT to the whole process group),
// as a process manager does (SIGTERM to npm alone), and by code-server dying; each time the run folder must
// be gone, code-server's process group empty and the port closed. Every wait is for output or an exit.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { groupAlive } from '../../scripts/code-server';
import { REPO, requireInstalled, TIMEOUT } from './harness';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  version: string;
  main: string;
};
/** Installing the VSIX and starting code-server, with packaging if the VSIX is stale, on a busy 2-core machine. */
const START_TIMEOUT = Math.max(TIMEOUT, 180_000);

const work = mkdtempSync(join(tmpdir(), 'cap-lens-e2e-start-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Started {
  npm: ChildProcess;
  /** Everything npm start printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The temp folder the child saw as TMPDIR. */
  tmp: string;
  url: URL;
  extensions: string;
  runFolder: string;
  codeServerPid: number;
}

/** Resolves with the first match of `pattern` in `output()` as soon as it is printed; rejects if npm exits first. */
function printed(
  p: ChildProcess,
  output: () => string,
  exited: Promise<unknown>,
  pattern: RegExp,
  what: string,
): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const check = () => {
      const m = pattern.exec(output());
      if (m) done(() => res(m));
    };
    const timer = setTimeout(
      () => done(() => rej(new Error(`no ${what} within ${START_TIMEOUT} ms; npm start printed:\n${output()}`))),
      START_TIMEOUT,
    );
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      p.stdout!.off('data', check);
      p.stderr!.off('data', check);
      f();
    };
    p.stdout!.on('data', check);
    p.stderr!.on('data', check);
    void exited.then(() => {
      check();
      done(() => rej(new Error(`npm start exited before printing ${what}:\n${output()}`)));
    });
    check();
  });
}

/** `npm start -- args` in the project, in its own process group (as a shell runs a foreground job), without a display. */
async function npmStart(args: string[]): Promise<Started> {
  const tmp = mkdtempSync(join(work, 'tmp-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, INIT_CWD: REPO };
  for (const name of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'DISPLAY', 'WAYLAND_DISPLAY']) delete env[name];
  const npm = spawn('npm', ['start', '--', ...args], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout!.on('data', (d) => (out += d));
  npm.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    npm.once('exit', (code, signal) => res({ code, signal })),
  );
  const output = () => out;
  const ready = await printed(npm, output, exited, /Ctrl-C stops code-server and removes (\S+)\.\n/, 'the ready message');
  const url = /^ {4}(http:\/\/\S+)$/m.exec(out);
  const extensions = /^ {2}extensions: (\S+)$/m.exec(out);
  const pid = /\(code-server [\d.]+, pid (\d+)\)/.exec(out);
  assert.ok(url && extensions && pid, `npm start printed no URL, extensions folder or pid:\n${out}`);
  return {
    npm,
    output,
    exited,
    tmp,
    url: new URL(url[1]),
    extensions: extensions[1],
    runFolder: ready[1],
    codeServerPid: Number(pid[1]),
  };
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, host);
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

/** What must hold once npm start has exited: nothing of the run left behind. */
async function assertCleanedUp(s: Started): Promise<void> {
  assert.ok(!existsSync(s.runFolder), `${s.runFolder} is still there`);
  assert.deepEqual(
    readdirSync(s.tmp).filter((f) => f.startsWith('cap-lens-start-')),
    [],
    'a run folder is left in TMPDIR',
  );
  assert.equal(groupAlive(s.codeServerPid), false, `a process of code-server's group ${s.codeServerPid} is still running`);
  assert.equal(await accepts('127.0.0.1', Number(s.url.port)), false, `port ${s.url.port} still accepts connections`);
}

/** A port that is free now (the test needs a known number for --port). */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

describe('npm start', { timeout: 3 * START_TIMEOUT }, () => {
  it('serves the samples in code-server with the VSIX installed, on 127.0.0.1 only, and cleans up on Ctrl-C', async () => {
    requireInstalled();
    const s = await npmStart(['--open']);
    try {
      // The VSIX is packaged (or found current) first, and says which.
      assert.match(
        s.output(),
        /^cap-lens: (dist\/cap-lens\.vsix is up to date \(none of its \d+ source files changed since it was packaged\)|packaging dist\/cap-lens\.vsix: .+)$/m,
      );
      assert.equal(s.url.hostname, '127.0.0.1');
      assert.equal(s.url.searchParams.get('folder'), join(REPO, 'samples'));
      assert.match(s.output(), / with samples\/ open:\n/);

      // The workbench page itself, without a login redirect (no password on loopback).
      const page = await fetch(s.url, { redirect: 'manual' });
      assert.equal(page.status, 200, `GET ${s.url} answered ${page.status} ${page.headers.get('location') ?? ''}`);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await page.text(), /vscode-workbench-web-configuration/);

      // Bound to 127.0.0.1 only: the same port on another loopback address refuses.
      assert.equal(await accepts('127.0.0.2', Number(s.url.port)), false, 'code-server also listens beyond 127.0.0.1');

      // The packaged extension, in the extensions folder npm start names.
      assert.ok(s.extensions.startsWith(s.runFolder), `${s.extensions} is not inside the run folder ${s.runFolder}`);
      const installed = join(s.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as typeof pkg;
      assert.deepEqual([manifest.publisher, manifest.name, manifest.version], [pkg.publisher, pkg.name, pkg.version]);
      assert.ok(existsSync(join(installed, manifest.main)), `${manifest.main} is missing from the installed extension`);

      // --open without a display says why it does not open Chromium.
      assert.match(s.output(), /^cap-lens: not opening Chromium: no display \(neither DISPLAY nor WAYLAND_DISPLAY is set\)/m);
      assert.ok(groupAlive(s.codeServerPid));

      process.kill(-s.npm.pid!, 'SIGINT');
      const end = await s.exited;
      assert.deepEqual(end, { code: 0, signal: null }, s.output());
      assert.match(
        s.output(),
        new RegExp(`cap-lens: SIGINT: stopping code-server\\ncap-lens: stopped; removed ${s.runFolder}\\n$`),
      );
      await assertCleanedUp(s);
    } finally {
      if (s.npm.exitCode === null) process.kill(-s.npm.pid!, 'SIGKILL');
    }
  });

  it('opens the folder given, on the port given, and cleans up on SIGTERM to npm alone', async () => {
    requireInstalled();
    const port = await freePort();
    const s = await npmStart(['test/e2e/fixtures', '--port', String(port)]);
    try {
      assert.equal(s.url.href, `http://127.0.0.1:${port}/?folder=${join(REPO, 'test/e2e/fixtures')}`);
      assert.equal((await fetch(s.url, { redirect: 'manual' })).status, 200);
      process.kill(s.npm.pid!, 'SIGTERM');
      assert.deepEqual(await s.exited, { code: 0, signal: null }, s.output());
      assert.match(s.output(), /cap-lens: SIGTERM: stopping code-server\n/);
      await assertCleanedUp(s);
    } finally {
      if (s.npm.exitCode === null) process.kill(-s.npm.pid!, 'SIGKILL');
    }
  });

  it('reports code-server dying with the end of its log, and cleans up', async () => {
    requireInstalled();
    const s = await npmStart([]);
    try {
      process.kill(s.codeServerPid, 'SIGKILL');
      assert.deepEqual(await s.exited, { code: 1, signal: null }, s.output());
      // What code-server printed while starting is the tail shown.
      assert.match(
        s.output(),
        /cap-lens: code-server exited unexpectedly \(SIGKILL\); the last lines it printed:\n(.*\n)*? {4}.*HTTP server listening on http:\/\/127\.0\.0\.1:\d+\/\n/,
      );
      assert.match(s.output(), new RegExp(`cap-lens: removed ${s.runFolder}\\n$`));
      await assertCleanedUp(s);
    } finally {
      if (s.npm.exitCode === null) process.kill(-s.npm.pid!, 'SIGKILL');
    }
  });
});
