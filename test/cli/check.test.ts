// `cap-lens check` end to end: the built CLI run in real folders, judged by its output and exit status.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLEAN_DESIGN, cli, cliPath, ERROR_DESIGN, SAMPLES, tempTree, WARNING_DESIGN } from './helpers';

const json = (stdout: string) =>
  JSON.parse(stdout) as {
    files: { path: string; findings: { rule: string; severity: string; range: { start: { line: number; column: number } } }[] }[];
    summary: { files: number; errors: number; warnings: number; infos: number };
  };

describe('cap-lens check: text output and exit codes', () => {
  it('exits 0 and says so for a clean design', () => {
    const dir = tempTree({ 'clean.cap.yaml': CLEAN_DESIGN });
    const r = cli(['check', 'clean.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '✔ 1 file checked, no problems\n');
    assert.equal(r.stderr, '');
  });

  it('groups findings by file with the source line and a caret under the span, and exits 1 on an error', () => {
    const dir = tempTree({ 'carts.cap.yaml': ERROR_DESIGN, 'clean.cap.yaml': CLEAN_DESIGN });
    const r = cli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'carts.cap.yaml');
    assert.match(
      lines[1],
      /^ {2}9:20 {2}error {2}'carts' claims strong consistency, but R\+W = 1\+1 = 2 ≤ N = 3.* {2}claim-needs-quorum-overlap$/,
    );
    assert.equal(lines[2], '    9 |       consistency: strong');
    assert.equal(lines[3], '      |                    ^^^^^^');
    assert.match(lines[4], /^ {6}= related: R = 1 \(5:18\); W = 1 \(6:19\); N = 3 \(4:15\)$/);
    assert.match(lines[5], /^ {6}= fix: Raise read_quorum to 3/);
    assert.ok(!r.stdout.includes('clean.cap.yaml'), 'clean files get no header');
    assert.equal(lines.at(-2), '✖ 1 problem (1 error, 0 warnings, 0 infos) in 1 of 2 files');
    assert.ok(!r.stdout.includes('\u001b['), 'no colour when not a terminal');
  });

  it('colours output when forced (FORCE_COLOR or --color) and never with NO_COLOR or --no-color', () => {
    const dir = tempTree({ 'carts.cap.yaml': ERROR_DESIGN });
    assert.match(cli(['check', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[31merror\u001b\[39m/);
    assert.match(cli(['check', '--color', '.'], { cwd: dir }).stdout, /\u001b\[31m/);
    assert.ok(!cli(['check', '.'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout.includes('\u001b['));
    assert.ok(!cli(['check', '--no-color', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout.includes('\u001b['));
  });

  it('exits 0 on warnings alone, and 1 once they exceed --max-warnings', () => {
    const dir = tempTree({ 'feed.cap.yaml': WARNING_DESIGN });
    assert.equal(cli(['check', '.'], { cwd: dir }).code, 0);
    assert.equal(cli(['check', '--max-warnings', '1', '.'], { cwd: dir }).code, 0);
    const over = cli(['check', '--max-warnings=0', '.'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /1 warnings, more than --max-warnings 0 allows/);
  });

  it('reports a YAML syntax error as a finding (exit 1), not as an I/O error', () => {
    const r = cli(['check', 'broken-syntax.cap.yaml'], { cwd: SAMPLES });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /error {2}.* {2}yaml-syntax/);
  });

  it('agrees with itself on every sample: exit 1 exactly when JSON shows an error', () => {
    const r = cli(['check', '--format', 'json', '.'], { cwd: SAMPLES });
    const report = json(r.stdout);
    assert.ok(report.summary.files >= 2, 'samples found');
    assert.equal(r.code, report.summary.errors > 0 ? 1 : 0);
  });
});

describe('cap-lens check: rule settings', () => {
  it('--rule changes a severity and off removes the rule', () => {
    const dir = tempTree({ 'carts.cap.yaml': ERROR_DESIGN });
    const asWarning = cli(['check', '--rule', 'claim-needs-quorum-overlap=warning', '--format', 'json', '.'], { cwd: dir });
    assert.equal(asWarning.code, 0);
    assert.equal(json(asWarning.stdout).files[0].findings[0].severity, 'warning');
    const off = cli(['check', '--rule', 'claim-needs-quorum-overlap=off', '.'], { cwd: dir });
    assert.equal(off.code, 0);
    assert.match(off.stdout, /no problems/);
  });

  it('rejects an unknown rule or severity with exit 2 and a did-you-mean', () => {
    const dir = tempTree({ 'carts.cap.yaml': ERROR_DESIGN });
    const rule = cli(['check', '--rule', 'claim-needs-quorum-overlapp=off', '.'], { cwd: dir });
    assert.equal(rule.code, 2);
    assert.match(rule.stderr, /Unknown rule 'claim-needs-quorum-overlapp'\. Did you mean 'claim-needs-quorum-overlap'\?/);
    assert.equal(rule.stdout, '');
    const severity = cli(['check', '--rule', 'claim-needs-quorum-overlap=eror', '.'], { cwd: dir });
    assert.equal(severity.code, 2);
    assert.match(severity.stderr, /Did you mean 'error'\?/);
  });

  it('applies the nearest .caplens.yaml walking up from each file; --rule beats it; --no-config ignores it', () => {
    const dir = tempTree({
      '.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: warning\n',
      'team/carts.cap.yaml': ERROR_DESIGN,
      'other/.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: off\n',
      'other/carts.cap.yaml': ERROR_DESIGN,
    });
    const r = json(cli(['check', '--format', 'json', '.'], { cwd: dir }).stdout);
    const byPath = Object.fromEntries(r.files.map((f) => [f.path, f.findings.map((x) => x.severity)]));
    assert.deepEqual(byPath, { 'other/carts.cap.yaml': [], 'team/carts.cap.yaml': ['warning'] });
    assert.equal(cli(['check', '.'], { cwd: dir }).code, 0);
    assert.equal(cli(['check', '--rule', 'claim-needs-quorum-overlap=error', 'team'], { cwd: dir }).code, 1);
    assert.equal(cli(['check', '--no-config', 'team'], { cwd: dir }).code, 1);
  });

  it('--config uses one file for every design', () => {
    const dir = tempTree({
      'ci.yaml': 'rules:\n  claim-needs-quorum-overlap: info\n',
      'a/carts.cap.yaml': ERROR_DESIGN,
      'a/.caplens.yaml': 'rules: {}\n',
    });
    const r = cli(['check', '--config', 'ci.yaml', '--format', 'json', 'a'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(json(r.stdout).files[0].findings[0].severity, 'info');
  });

  it('rejects a config with mistakes (exit 2), naming file, line, column and the likely rule', () => {
    const dir = tempTree({
      '.caplens.yaml': 'rules:\n  even-replica-majorty: off\n  lww-drops-writes: loud\n',
      'carts.cap.yaml': ERROR_DESIGN,
    });
    const r = cli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid config file \.caplens\.yaml:/);
    assert.match(r.stderr, /\.caplens\.yaml:2:3: Unknown rule 'even-replica-majorty'\. Did you mean 'even-replica-majority'\?/);
    assert.match(r.stderr, /\.caplens\.yaml:3:21: 'lww-drops-writes': severity 'loud' is not one of error, warning, info, off\./);
  });
});

describe('cap-lens check: finding files', () => {
  const tree = () =>
    tempTree({
      'designs/a.cap.yaml': CLEAN_DESIGN,
      'designs/deep/b.cap.yml': CLEAN_DESIGN,
      'designs/notes.yaml': 'not: a design\n',
      'designs/node_modules/pkg/x.cap.yaml': ERROR_DESIGN,
      'designs/.cache/y.cap.yaml': ERROR_DESIGN,
      'top.cap.yaml': CLEAN_DESIGN,
    });
  const paths = (r: { stdout: string }) => json(r.stdout).files.map((f) => f.path);

  it('searches folders recursively for *.cap.yaml and *.cap.yml, skipping node_modules and dot-folders', () => {
    const r = cli(['check', '--format', 'json'], { cwd: tree() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(paths(r), ['designs/a.cap.yaml', 'designs/deep/b.cap.yml', 'top.cap.yaml']);
  });

  it('expands globs with **, * and ?', () => {
    const dir = tree();
    assert.deepEqual(paths(cli(['check', '--format', 'json', 'designs/**/*.cap.*'], { cwd: dir })), [
      'designs/a.cap.yaml',
      'designs/deep/b.cap.yml',
    ]);
    assert.deepEqual(paths(cli(['check', '--format', 'json', '*.cap.yaml'], { cwd: dir })), ['top.cap.yaml']);
    assert.deepEqual(paths(cli(['check', '--format', 'json', '**/?.cap.yml'], { cwd: dir })), ['designs/deep/b.cap.yml']);
  });

  it('checks a file named explicitly whatever its extension, each file once', () => {
    const dir = tree();
    const r = cli(['check', '--format', 'json', 'top.cap.yaml', 'designs/notes.yaml', './top.cap.yaml'], { cwd: dir });
    assert.deepEqual(paths(r), ['top.cap.yaml', 'designs/notes.yaml']);
    assert.equal(r.code, 1, 'notes.yaml is not a valid design');
  });

  it('fails with exit 2 and a clear message for a missing file, an empty folder or a glob matching nothing', () => {
    const dir = tempTree({ 'empty/readme.md': '# nothing here\n', 'a.cap.yaml': CLEAN_DESIGN });
    const missing = cli(['check', 'nope.cap.yaml'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "cap-lens: 'nope.cap.yaml' does not exist\n");
    // A Markdown file without a design fence does not count.
    assert.equal(
      cli(['check', 'empty'], { cwd: dir }).stderr,
      "cap-lens: no designs in 'empty': no *.cap.yaml or *.cap.yml file, and no Markdown file with a design fence\n",
    );
    const glob = cli(['check', 'designs/**/*.cap.yaml'], { cwd: dir });
    assert.equal(glob.code, 2);
    assert.match(glob.stderr, /no files match the pattern 'designs\/\*\*\/\*\.cap\.yaml'/);
  });

  it("reads standard input for '-', finding .caplens.yaml from --stdin-filename", () => {
    const dir = tempTree({ 'sub/.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: warning\n' });
    const plain = cli(['check', '-'], { cwd: dir, input: ERROR_DESIGN });
    assert.equal(plain.code, 1);
    assert.match(plain.stdout, /^<stdin>\n/);
    const named = cli(['check', '--stdin-filename', 'sub/carts.cap.yaml', '--format', 'json', '-'], {
      cwd: dir,
      input: ERROR_DESIGN,
    });
    assert.equal(named.code, 0);
    assert.equal(json(named.stdout).files[0].path, 'sub/carts.cap.yaml');
    assert.equal(json(named.stdout).files[0].findings[0].severity, 'warning');
  });

  it('counts columns as the editor does: UTF-16 units, CRLF line breaks, a byte order mark dropped', () => {
    // 🚀 is two UTF-16 units: 'nope' starts at UTF-16 column 16 (code point column 15).
    const text = `\uFEFF# Café\r\n${CLEAN_DESIGN.replace(/\n/g, '\r\n')}components:\r\n  ü🚀: {uses: {nope: eventual}}\r\n`;
    const dir = tempTree({ 'crlf.cap.yaml': text });
    const r = json(cli(['check', '--format', 'json', '.'], { cwd: dir }).stdout);
    assert.equal(r.files[0].findings[0].rule, 'unknown-reference');
    assert.deepEqual(r.files[0].findings[0].range.start, { line: 11, column: 16 });
    const frame = cli(['check', '.'], { cwd: dir }).stdout.split('\n');
    assert.equal(frame[2], '    11 |   ü🚀: {uses: {nope: eventual}}');
    assert.equal(frame[3], '       |               ^^^^', 'carets line up under the code points');
  });
});

describe('cap-lens: usage', () => {
  it('runs as an executable with its shebang, and prints its version', () => {
    const version = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    const r = require('node:child_process').spawnSync(cliPath(), ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('lists commands, and each command has --help', () => {
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['check', 'explain', 'report', 'rules', 'lsp'])
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    const check = cli(['check', '--help']);
    assert.match(check.stdout, /--max-warnings N/);
    assert.match(check.stdout, /--format text\|json\|sarif/);
  });

  it('exits 2 with a did-you-mean for unknown commands, options and option values', () => {
    const command = cli(['chek']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'chek'\. Did you mean 'check'\?/);
    const option = cli(['check', '--max-warning', '3']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option '--max-warning'\. Did you mean '--max-warnings'\?/);
    assert.match(option.stderr, /Run 'cap-lens check --help' for usage\./);
    const value = cli(['check', '--format', 'sarf']);
    assert.equal(value.code, 2);
    assert.match(value.stderr, /'--format' must be one of text, json, sarif \(got 'sarf'\)\. Did you mean 'sarif'\?/);
    assert.match(cli(['check', '--max-warnings', 'many']).stderr, /needs a whole number/);
  });

  it('exits 2 when the output file cannot be written', () => {
    const dir = tempTree({ 'a.cap.yaml': CLEAN_DESIGN });
    const r = cli(['check', '-o', 'missing/dir/out.txt', 'a.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^cap-lens: cannot write 'missing\/dir\/out\.txt': the folder 'missing\/dir' does not exist\n$/);
  });
});
