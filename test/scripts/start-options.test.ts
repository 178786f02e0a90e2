// `npm start`'s command line and pre-flight checks: what a user sees for a missing folder, a bad or busy port,
// or a machine without code-server, before anything is started. (Serving is test/e2e/start.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseOptions, USAGE, UsageError } from '../../scripts/start';

const REPO = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'cap-lens-start-options-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'designs'));
writeFileSync(join(work, 'designs/shop.cap.yaml'), 'system: shop\n');

/** Runs scripts/start.ts as `npm start` does, from `initCwd`, with its own TMPDIR; resolves when it exits. */
function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string; tmp: string }> {
  const tmp = mkdtempSync(join(work, 'tmp-'));
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', INIT_CWD: work, TMPDIR: tmp, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr, tmp }));
  });
}

const runFolders = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('cap-lens-start-'));

describe('npm start: options', () => {
  it('opens samples/ by default, and a folder relative to where npm was run', () => {
    assert.deepEqual(parseOptions([], work), { folder: join(REPO, 'samples'), open: false, port: 0, help: false });
    assert.deepEqual(parseOptions(['designs', '--open', '--port', '8123'], work), {
      folder: join(work, 'designs'),
      open: true,
      port: 8123,
      help: false,
    });
    assert.equal(parseOptions([join(work, 'designs')], '/').folder, join(work, 'designs'));
  });

  it('refuses what it cannot do, saying why', () => {
    const refused = (args: string[]) => {
      try {
        parseOptions(args, work);
      } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        return e.message;
      }
      assert.fail(`accepted ${args.join(' ')}`);
    };
    assert.equal(refused(['nowhere']), `folder not found: ${join(work, 'nowhere')}`);
    assert.equal(
      refused(['designs/shop.cap.yaml']),
      `${join(work, 'designs/shop.cap.yaml')} is a file, not a folder: give the folder that holds it`,
    );
    assert.equal(refused(['--port', 'http']), "--port takes a port number from 1 to 65535, not 'http'");
    assert.equal(refused(['--port', '0']), "--port takes a port number from 1 to 65535, not '0'");
    assert.equal(refused(['--port', '65536']), "--port takes a port number from 1 to 65535, not '65536'");
    assert.equal(refused(['--port']), "Option '--port <value>' argument missing");
    assert.equal(refused(['--opne']), "Unknown option '--opne'");
    assert.equal(refused(['designs', 'samples']), 'one folder at most, got 2: designs samples');
  });
});

describe('npm start: pre-flight checks, before anything is started', () => {
  it('exits 2 for a folder that does not exist, pointing to --help', async () => {
    const r = await start(['designz']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `cap-lens: folder not found: ${join(work, 'designz')}\nRun \`npm start -- --help\` for the options.\n`,
    );
    assert.deepEqual(runFolders(r.tmp), []);
  });

  it('prints the usage for --help', async () => {
    const r = await start(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${USAGE}\n`);
  });

  it('exits 1 when the port asked for is taken', async () => {
    const busy: Server = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await start(['--port', String(port)]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `cap-lens: port ${port} on 127.0.0.1 is already in use: choose another --port, or leave it out for a free one\n`,
      );
      assert.deepEqual(runFolders(r.tmp), []);
    } finally {
      busy.close();
    }
  });

  it('tells to run the set-up when code-server is not installed', async () => {
    const cache = join(work, 'empty-cache');
    const r = await start([], { CAP_LENS_E2E_CACHE: cache });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^cap-lens: code-server is not installed \(missing .*empty-cache\/node24\/.*\): run `bash scripts\/setup.sh` first\n$/,
    );
    assert.deepEqual(runFolders(r.tmp), []);
  });
});
