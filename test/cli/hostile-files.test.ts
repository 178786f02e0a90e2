// What a folder or a command line can point the CLI at: links out of the folder, devices, pipes, binary
// files, unreadable folders, endless standard input, an output path that is an input, a closed pipe, and a
// `.caplens.yaml` above the project. Each gets a clear message and the right exit status, never a hang, a
// leaked file or a stack trace.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { generateDesign } from '../support/generate';
import { CLEAN_DESIGN, cli, cliPath, ERROR_DESIGN, SAMPLES, tempTree } from './helpers';

const SECRET = 'CAP_LENS_TEST_SECRET=hunter2';

describe('cap-lens check: files that are not designs', () => {
  it('skips a link in a folder whose real path leaves it, and never prints what it points at', () => {
    const dir = tempTree({ 'a.cap.yaml': CLEAN_DESIGN, 'outside/secret.cap.yaml': `# ${SECRET}\nsystem: [\n` });
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project', 'a.cap.yaml'), CLEAN_DESIGN);
    symlinkSync('/proc/self/environ', join(dir, 'project', 'env.cap.yaml'));
    symlinkSync(join(dir, 'outside', 'secret.cap.yaml'), join(dir, 'project', 'secret.cap.yaml'));
    symlinkSync(join(dir, 'project', 'a.cap.yaml'), join(dir, 'project', 'inside.cap.yaml'));
    const r = cli(['check', '--format', 'json', 'project'], { cwd: dir, env: { CAP_LENS_TEST_SECRET: 'hunter2' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: { path: string }) => f.path),
      ['project/a.cap.yaml', 'project/inside.cap.yaml'],
    );
    assert.match(r.stderr, /skipped 'project\/env\.cap\.yaml': a link to '\/proc\/\d+\/environ', outside 'project'/);
    assert.match(r.stderr, /skipped 'project\/secret\.cap\.yaml': a link to '.*outside\/secret\.cap\.yaml', outside 'project'/);
    assert.ok(!(r.stdout + r.stderr).includes('hunter2'));
  });

  it('refuses a file that holds binary data (such as /proc/self/environ) without echoing it', () => {
    const r = cli(['check', '/proc/self/environ'], { env: { CAP_LENS_TEST_SECRET: 'hunter2' } });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^cap-lens: '[./]*\/?proc\/self\/environ' is not a design file: it holds binary data, so CAP Lens neither checks nor shows it\n$/,
    );
    assert.equal(r.stdout, '');
  });

  it('refuses devices and named pipes instead of reading forever or blocking', () => {
    const dir = tempTree({});
    spawnSync('mkfifo', [join(dir, 'pipe.cap.yaml')]);
    for (const [path, kind] of [
      ['/dev/zero', 'a device'],
      [join(dir, 'pipe.cap.yaml'), 'a named pipe \\(FIFO\\)'],
    ]) {
      const r = cli(['check', path], { cwd: dir });
      assert.equal(r.code, 2, path);
      assert.match(r.stderr, new RegExp(`^cap-lens: '.*' is ${kind}, not a regular file\\n$`));
    }
    const config = cli(['check', '--config', '/dev/zero', join(SAMPLES, 'checkout.cap.yaml')]);
    assert.equal(config.code, 2);
    assert.equal(config.stderr, "cap-lens: config file '/dev/zero' is a device, not a regular file\n");
  });

  it('stops reading standard input past 4 MB', () => {
    const r = spawnSync(process.execPath, [cliPath(), 'check', '-'], {
      stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'cap-lens: standard input is larger than 4 MB, the most CAP Lens reads\n');
  });

  it('refuses a design larger than 4 MB, reading no more than that', () => {
    const dir = tempTree({ 'big.cap.yaml': `system: s\nwhy: "${'x'.repeat(4 * 1024 * 1024)}"\n` });
    const r = cli(['check', 'big.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "cap-lens: 'big.cap.yaml' is larger than 4 MB, the most CAP Lens reads\n");
  });

  it('says which folder it cannot read (exit 2) instead of skipping it', () => {
    const dir = tempTree({ 'a.cap.yaml': CLEAN_DESIGN, 'locked/b.cap.yaml': ERROR_DESIGN });
    chmodSync(join(dir, 'locked'), 0o000);
    // Root reads any folder: run the CLI as `nobody` then, as a user would be.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    for (const p of [dir, dirname(cliPath())]) chmodSync(p, 0o755);
    const r = spawnSync(
      asUser[0] ?? process.execPath,
      [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), cliPath(), 'check', '.'],
      { cwd: dir, encoding: 'utf8' },
    );
    chmodSync(join(dir, 'locked'), 0o755);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, "cap-lens: cannot read folder 'locked': permission denied\n");
  });
});

describe('cap-lens: where output goes', () => {
  it('refuses to write a report over the design it reads', () => {
    const dir = tempTree({ 'same.cap.yaml': CLEAN_DESIGN });
    const r = cli(['report', '--output', 'same.cap.yaml', 'same.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^cap-lens: 'same\.cap\.yaml' is one of the designs being read: writing there would replace it\. Choose another --output file\.\n/,
    );
    assert.equal(readFileSync(join(dir, 'same.cap.yaml'), 'utf8'), CLEAN_DESIGN);
  });

  it('blames the missing folder when --output cannot be written', () => {
    const dir = tempTree({ 'a.cap.yaml': CLEAN_DESIGN });
    const r = cli(['report', '--format', 'html', '--output', 'no/such/dir/r.html', 'a.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "cap-lens: cannot write 'no/such/dir/r.html': the folder 'no/such/dir' does not exist\n");
  });

  it('stops quietly when the reader of its output goes away (check … | head -1)', () => {
    // Far more output than a pipe buffers, so the writes after `head` exits fail with EPIPE.
    const dir = tempTree({ 'many.cap.yaml': generateDesign(300, 1, 1) });
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath()}" check many.cap.yaml | head -1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(r.stdout.split('\n').length, 2, 'one line read');
    assert.equal(r.stderr, '', 'no EPIPE stack trace');
    assert.equal(r.status, 1, 'the exit status still says what was found');
  });
});

describe('cap-lens check: which .caplens.yaml applies', () => {
  it('stops looking at the repository root, and names the config it used', () => {
    const dir = tempTree({
      '.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: off\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/designs/carts.cap.yaml': ERROR_DESIGN,
      'repo/team/.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: warning\n',
      'repo/team/carts.cap.yaml': ERROR_DESIGN,
    });
    // From above the repository: its own designs ignore the config outside it.
    const r = cli(['check', 'repo'], { cwd: dir });
    assert.equal(r.code, 1, 'the config above the repository does not silence repo/designs');
    assert.equal(r.stdout.split('\n')[0], 'Rule settings from repo/team/.caplens.yaml (1 file)');
    assert.match(r.stdout, /repo\/designs\/carts\.cap\.yaml\n.*error .*claim-needs-quorum-overlap/);
    assert.match(r.stdout, /repo\/team\/carts\.cap\.yaml\n.*warning .*claim-needs-quorum-overlap/);
  });

  it('stops at the working directory outside a repository', () => {
    const dir = tempTree({ '.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: off\n', 'work/carts.cap.yaml': ERROR_DESIGN });
    assert.equal(
      cli(['check', '.'], { cwd: join(dir, 'work') }).code,
      1,
      'the config above the working directory does not apply',
    );
    const above = cli(['check', 'work'], { cwd: dir });
    assert.equal(above.code, 0);
    assert.equal(above.stdout, 'Rule settings from .caplens.yaml\n\n✔ 1 file checked, no problems\n');
  });
});
