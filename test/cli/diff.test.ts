// `cap-lens diff` on a real git repository with two commits (fixtures/diff-history, built by `gitHistory`) and on
// two files: what a reviewer reads (the sentences, the findings added and fixed, the file renames), the three
// formats, the exit status that gates CI, and the errors for revisions that do not exist.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli, gitHistory, tempTree } from './helpers';

interface JsonDiff {
  summary: { files: number; changed: number; added: { error: number; warning: number; info: number }; fixed: number };
  base: { name: string; commit: string | null };
  head: { name: string; commit: string | null };
  files: {
    path: string;
    oldPath: string | null;
    status: string;
    designs: {
      system: string | null;
      status: string;
      entries: {
        kind: string;
        name: string;
        status: string;
        renamedFrom: string | null;
        line: number;
        settings: { key: string; from: string | null; to: string | null }[];
        facts: { key: string; from: string | null; to: string | null }[];
        sentences: string[];
      }[];
      added: { rule: string; severity: string; line: number; entry: string | null }[];
      fixed: { rule: string; severity: string; line: number; entry: string | null }[];
    }[];
  }[];
}

describe('cap-lens diff between two git revisions', () => {
  let repo: string;
  before(() => {
    repo = gitHistory();
  });

  it('says what each change means for the design, and why', () => {
    const r = cli(['diff', 'v1', 'v2', '--no-color'], { cwd: repo });
    assert.equal(r.code, 1, 'the change adds errors');
    assert.match(
      r.stdout,
      /^CAP Lens: v1 → v2 {2}✗ This change adds errors \(new: 4 errors, 1 warning, 1 info; 2 findings fixed\) in 5 design files\.$/m,
    );
    // The ledger: CP → no longer CP because W went from majority to 1.
    assert.match(
      r.stdout,
      /^ {2}~ datastore ledger {2}line 7\n {6}consistency linearizable → eventual · CAP CP → neither CP nor AP · .* — because write_quorum went from majority to 1\n {6}write_quorum: majority → 1$/m,
    );
    // The carts: stale reads right after a write, 0% → 67%.
    assert.match(
      r.stdout,
      /stale read after a write 0% → 67% — because read_quorum went from all to one and write_quorum went from all to one/,
    );
    // A component that now needs more than its store gives.
    assert.match(
      r.stdout,
      /^ {2}~ component payments {2}line 36\n {6}now needs linearizable from ledger, which gives eventual$/m,
    );
    assert.match(
      r.stdout,
      /^ {2}~ component cart {2}line 41\n {6}carts now gives eventual \(was strong\), still enough for eventual$/m,
    );
    // Renamed with the same settings: followed, not removed and added.
    assert.match(r.stdout, /^ {2}~ datastore order-store \(renamed from orders\) {2}line 24$/m);
    assert.doesNotMatch(r.stdout, /datastore orders .*removed/);
    assert.match(r.stdout, /^ {2}\+ datastore cache {2}line 30 added\n {6}neither CP nor AP · PC\/EL · no failure survived$/m);
    assert.match(r.stdout, /^ {2}- datastore audit-log {2}line 29 removed\n {6}was CP · PC\/EC · survives 1 failure$/m);
    // Files: renamed (git's rename detection), added, deleted; prose-only changes and non-designs set apart.
    assert.match(
      r.stdout,
      /^designs\/stock\.cap\.yaml \(renamed from designs\/inventory\.cap\.yaml\)\n {2}~ datastore stock {2}line 3\n {6}failures survived \(writes\) 1 → 2 · failures survived \(reads\) 1 → 2 — because replicas went from 3 to 5$/m,
    );
    assert.match(r.stdout, /^designs\/search\.cap\.yaml \(added\)$/m);
    assert.match(r.stdout, /^designs\/legacy\.cap\.yaml \(deleted\)$/m);
    assert.match(r.stdout, /^Changed outside their designs: docs\/adr-notes\.md$/m);
    assert.doesNotMatch(r.stdout, /README/);
  });

  it('pairs findings across versions: new, fixed, and a finding whose figures changed is neither', () => {
    const json = JSON.parse(cli(['diff', 'v1', 'v2', '--format', 'json'], { cwd: repo }).stdout) as JsonDiff;
    const shop = json.files.find((f) => f.path === 'designs/shop.cap.yaml')!.designs[0];
    assert.deepEqual(
      shop.added.map((f) => `${f.severity} ${f.rule}@${f.line} (${f.entry})`),
      [
        'error consensus-needs-majority@11 (ledger)',
        'info even-replica-majority@31 (cache)',
        'error component-needs-stronger-consistency@39 (payments)',
      ],
    );
    assert.deepEqual(
      shop.fixed.map((f) => `${f.severity} ${f.rule}@${f.line} (${f.entry})`),
      ['warning ap-component-on-cp-store@41 (cart)'],
    );
    const rfc = json.files.find((f) => f.path === 'docs/rfc-sessions.md')!.designs[0];
    assert.deepEqual(
      [rfc.added.map((f) => f.rule), rfc.fixed.map((f) => f.rule)],
      [['async-ack-loses-writes'], ['consistency-claim-contradicted']],
    );
    assert.deepEqual(json.summary, { files: 6, changed: 5, added: { error: 4, warning: 1, info: 1 }, fixed: 2 });
    assert.deepEqual(
      json.files.map((f) => [f.path, f.oldPath, f.status]),
      [
        ['designs/legacy.cap.yaml', null, 'deleted'],
        ['designs/search.cap.yaml', null, 'added'],
        ['designs/shop.cap.yaml', null, 'modified'],
        ['designs/stock.cap.yaml', 'designs/inventory.cap.yaml', 'renamed'],
        ['docs/adr-notes.md', null, 'modified'],
        ['docs/rfc-sessions.md', null, 'modified'],
      ],
    );
    const ledger = shop.entries.find((e) => e.name === 'ledger')!;
    assert.deepEqual(ledger.settings, [{ key: 'write_quorum', from: 'majority', to: '1' }]);
    assert.deepEqual(
      ledger.facts.find((f) => f.key === 'CAP'),
      { key: 'CAP', from: 'CP', to: 'neither CP nor AP' },
    );
    assert.match(json.base.commit!, /^[0-9a-f]{40}$/);
    // A finding that stays (the same rule on the same entry) is not reported again, even when its message changes.
    const second = tempTree({
      'a.cap.yaml':
        'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n',
      'b.cap.yaml':
        'system: s\ndatastores:\n  kv:\n    replicas: 4\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n',
    });
    const same = JSON.parse(cli(['diff', 'a.cap.yaml', 'b.cap.yaml', '--format', 'json'], { cwd: second }).stdout) as JsonDiff;
    assert.deepEqual([same.files[0].designs[0].added, same.files[0].designs[0].fixed], [[], []]);
  });

  it('writes a pull-request comment: a verdict, one collapsible section per file, links to the lines of each commit', () => {
    const r = cli(['diff', 'v1', 'v2', '--format', 'md', '--link-base', 'https://github.com/acme/shop/blob/'], { cwd: repo });
    assert.equal(r.code, 1);
    const md = r.stdout;
    assert.match(
      md,
      /^### CAP Lens · design review of `v1` → `v2`\n\n\*\*✗ This change adds errors \(new: 4 errors, 1 warning, 1 info; 2 findings fixed\) in 5 design files\.\*\*$/m,
    );
    assert.equal((md.match(/^<details( open)?><summary><strong>/gm) ?? []).length, 5, 'one section per changed design file');
    assert.match(
      md,
      /^<details open><summary><strong>designs\/shop\.cap\.yaml<\/strong> · ✗ new: 2 errors, 1 info · ✓ 1 fixed<\/summary>$/m,
    );
    const json = JSON.parse(cli(['diff', 'v1', 'v2', '--format', 'json'], { cwd: repo }).stdout) as JsonDiff;
    const head = json.head.commit!;
    const base = json.base.commit!;
    assert.ok(md.includes(`[\`ledger\`](https://github.com/acme/shop/blob/${head}/designs/shop.cap.yaml#L7)`));
    assert.ok(
      md.includes(`[was line 41](https://github.com/acme/shop/blob/${base}/designs/shop.cap.yaml#L41)`),
      'a fixed finding links to the old commit',
    );
    assert.ok(md.includes(`[\`audit-log\`](https://github.com/acme/shop/blob/${base}/designs/shop.cap.yaml#L29) removed`));
    assert.match(md, /^\| `carts` \| Stale read right after a write \| 0% \| 67% \|$/m);
  });

  it('limits the comparison to the paths given, and exits 0 when the change adds no error', () => {
    const docs = cli(['diff', 'v1', 'v2', 'docs', '--format', 'json'], { cwd: repo });
    assert.deepEqual(
      (JSON.parse(docs.stdout) as JsonDiff).files.map((f) => f.path),
      ['docs/adr-notes.md', 'docs/rfc-sessions.md'],
    );
    // Going back from v2 to v1 removes those errors (and brings back two older ones).
    const back = cli(['diff', 'v2', 'v1', 'designs/stock.cap.yaml', 'designs/inventory.cap.yaml'], { cwd: repo });
    assert.equal(back.code, 0, back.stdout);
    // From a subfolder, paths are relative to it, as for every command.
    const sub = cli(['diff', 'v1', 'v2', '.', '--format', 'json'], { cwd: join(repo, 'docs') });
    assert.deepEqual(
      (JSON.parse(sub.stdout) as JsonDiff).files.map((f) => f.path),
      ['adr-notes.md', 'rfc-sessions.md'],
    );
  });

  it('refuses what it cannot compare, with exit 2 and the reason', () => {
    const unknown = cli(['diff', 'v1', 'nope'], { cwd: repo });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /'nope' is neither a file nor a git revision/);
    const outside = tempTree({ 'a.txt': 'x' });
    const noRepo = cli(['diff', 'main', 'HEAD'], { cwd: outside });
    assert.equal(noRepo.code, 2);
    assert.match(noRepo.stderr, /are not two files, and .* is not in a git repository/);
    assert.equal(cli(['diff', 'v1'], { cwd: repo }).code, 2);
  });
});

describe('cap-lens diff between two files', () => {
  it('compares two designs named on the command line, Markdown docs included', () => {
    const v1 = readFileSync(join(__dirname, 'fixtures/diff-history/v1/docs/rfc-sessions.md'), 'utf8');
    const v2 = readFileSync(join(__dirname, 'fixtures/diff-history/v2/docs/rfc-sessions.md'), 'utf8');
    const dir = tempTree({ 'before.md': v1, 'after.md': v2 });
    const r = cli(['diff', 'before.md', 'after.md', '--no-color'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^after\.md\n {2}~ datastore sessions {2}line 8\n {6}PACELC PA\/EL → PA\/EC · failures survived \(reads\) 2 → 1 · stale read after a write 100% → 0% — because read_from went from followers to leader$/m,
    );
    assert.match(
      r.stdout,
      /^ {2}fixed {2}was 14:20 {2}error {2}'sessions' claims read-your-writes consistency, but its settings provide eventual/m,
    );
    assert.equal(
      cli(['diff', 'before.md', 'after.md', '--link-base', 'https://x'], { cwd: dir }).code,
      2,
      '--link-base needs revisions',
    );
  });
});
