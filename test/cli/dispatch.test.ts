// The dispatcher (dist/cli.js) stays small and loads one command bundle on demand; what it says about each
// command before loading it (the summary in `cap-lens --help`) matches the command itself.

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, cliPath, ROOT } from './helpers';

describe('cap-lens dispatcher', () => {
  it('is a few kilobytes that hold no command, no YAML parser and no language server', () => {
    const path = cliPath();
    assert.ok(statSync(path).size < 32 * 1024, `${statSync(path).size} bytes`);
    const text = readFileSync(path, 'utf8');
    for (const heavy of ['parseDocument', 'createConnection', 'checkLinearizability', 'tVisibility'])
      assert.ok(!text.includes(heavy), `cli.js contains ${heavy}`);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it("lists each command with the summary the command's own help gives", () => {
    const main = cli(['--help']).stdout;
    const rows = [...main.matchAll(/^ {2}([a-z-]+) +(.+)$/gm)].map((m) => [m[1], m[2]]);
    assert.equal(rows.length, 9);
    for (const [name, summary] of rows) {
      const help = cli([name, '--help']);
      assert.equal(help.code, 0, name);
      assert.equal(help.stdout.split('\n')[2], `${summary}.`, name);
    }
  });

  it('every option a command lists in --help is documented in docs/cli.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const names = [...cli(['--help']).stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]);
    for (const name of names) {
      const options = [...cli([name, '--help']).stdout.matchAll(/--([a-z][a-z-]+)/g)]
        .map((m) => m[1])
        .filter((o) => o !== 'help');
      for (const option of new Set(options)) assert.ok(docs.includes(`--${option}`), `${name} --${option} is not in docs/cli.md`);
    }
  });
});
