// The command line on Markdown design docs: `check` finds them in folders and reports at the lines of the
// Markdown file (text, JSON, SARIF), `explain`, `simulate` and `staleness` take them, and Markdown without a
// design fence is skipped in folders and refused when named.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertValidSarif, CLEAN_DESIGN, cli, ROOT, tempTree } from './helpers';

const RFC = 'samples/docs/rfc-0042-checkout-storage.md';
const ADR = 'samples/docs/adr-0007-inventory-reservations.md';
const lineOf = (path: string, needle: string) => {
  const text = readFileSync(join(ROOT, path), 'utf8');
  assert.ok(text.includes(needle), needle);
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

/** A doc with prose, a fence with one error, and a second fence continuing the design. */
const DOC = `# Carts

Prose before.

\`\`\`cap-yaml
system: carts
datastores:
  carts:
    replicas: 3
    read_quorum: 1
    write_quorum: 1
    conflicts: crdt
    claims:
      consistency: strong
\`\`\`

Prose between.

\`\`\`cap-yaml
components:
  cart:
    uses: {carts: eventual}
\`\`\`
`;

describe('cap-lens check on Markdown design docs', () => {
  it('finds Markdown docs with design fences in a folder, skips those without, and reports at Markdown lines', () => {
    const dir = tempTree({
      'docs/design.md': DOC,
      'docs/README.md': '# Docs\n\n```yaml\nname: ci\n```\n',
      'docs/store.cap.yaml': CLEAN_DESIGN,
      'docs/notes.markdown': 'plain\n',
    });
    const r = cli(['check', 'docs', '--no-color'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^docs\/design\.md\n {2}14:20 {2}error {2}'carts' claims strong consistency, but R\+W = 1\+1 = 2 ≤ N = 3/m,
    );
    assert.match(r.stdout, /^ {4}14 \| {7}consistency: strong\n {7}\| {20}\^{6}$/m, 'the code frame shows the Markdown line');
    assert.match(
      r.stdout,
      /✖ 1 problem \(1 error, 0 warnings, 0 infos\) in 1 of 2 files/,
      'README.md and notes.markdown are not designs',
    );
  });

  it('writes JSON and SARIF that point at the Markdown file and its lines', () => {
    const json = JSON.parse(cli(['check', '--format', 'json', RFC, ADR]).stdout);
    assert.deepEqual(
      json.files.map((f: { path: string; findings: { rule: string; range: { start: { line: number } } }[] }) => [
        f.path,
        f.findings.map((x) => `${x.rule}@${x.range.start.line}`),
      ]),
      [
        [
          RFC,
          [
            `consistency-claim-contradicted@${lineOf(RFC, 'consistency: read-your-writes')}`,
            `component-needs-stronger-consistency@${lineOf(RFC, 'sessions: read-your-writes')}`,
          ],
        ],
        [
          ADR,
          [
            `engine-consistency-contradicted@${lineOf(ADR, 'consistency: linearizable')}`,
            `engine-ack-loses-writes@${lineOf(ADR, 'loss_free: true')}`,
            `component-needs-stronger-consistency@${lineOf(ADR, 'uses: {reservations: linearizable}')}`,
          ],
        ],
      ],
    );
    const sarif = cli(['check', '--format', 'sarif', RFC]).stdout;
    assertValidSarif(sarif);
    const results = JSON.parse(sarif).runs[0].results as {
      ruleId: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
      }[];
    }[];
    assert.deepEqual(
      results.map((x) => [
        x.ruleId,
        x.locations[0].physicalLocation.artifactLocation.uri,
        x.locations[0].physicalLocation.region.startLine,
        x.locations[0].physicalLocation.region.startColumn,
      ]),
      [
        ['consistency-claim-contradicted', RFC, lineOf(RFC, 'consistency: read-your-writes'), 20],
        ['component-needs-stronger-consistency', RFC, lineOf(RFC, 'sessions: read-your-writes'), 39],
      ],
    );
  });

  it('applies rule settings to Markdown as to designs, and exits 0 on a clean doc', () => {
    const dir = tempTree({ 'doc.md': DOC, '.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: off\n' });
    const r = cli(['check', 'doc.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /✔|0 problems/);
  });

  it('reads a Markdown doc from standard input when --stdin-filename names one', () => {
    const r = cli(['check', '--format', 'json', '--stdin-filename', 'docs/design.md', '-'], { input: DOC });
    const [file] = JSON.parse(r.stdout).files;
    assert.equal(file.path, 'docs/design.md');
    assert.deepEqual(
      file.findings.map((f: { rule: string; range: { start: { line: number } } }) => `${f.rule}@${f.range.start.line}`),
      ['claim-needs-quorum-overlap@14'],
    );
  });

  it('refuses a Markdown file named on its own that holds no design (exit 2), and says why', () => {
    const dir = tempTree({ 'README.md': '# Title\n\n```yaml\nsystem: x\ndatastores: {}\n```\n' });
    const r = cli(['check', 'README.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "cap-lens: 'README.md' holds no design: no ```cap-yaml fence (or yaml fence marked '# cap-lens')\n");
  });
});

describe('explain, simulate and staleness on Markdown docs', () => {
  it('explains every design of a doc, each titled with the line its first fence opens on', () => {
    const r = cli(['explain', ADR, '--no-color']);
    assert.equal(r.code, 0);
    const titles = r.stdout.split('\n').filter((l) => /^inventory \(/.test(l));
    assert.deepEqual(titles, [
      `inventory (${ADR}:${lineOf(ADR, '```yaml\n# cap-lens\nsystem: inventory\ndatastores:\n  reservations:\n    engine: redis')})`,
      `inventory (${ADR}:${lineOf(ADR, '```yaml\n# cap-lens\nsystem: inventory\ndatastores:\n  reservations:\n    engine: etcd')})`,
    ]);
    assert.match(r.stdout, /Consistency {21}linearizable {2}eventual .*✗ engine-consistency-contradicted/);
    assert.match(r.stdout, /Consistency {21}linearizable {2}linearizable .*✓/);
  });

  it('asks which design to run when a doc holds several, and runs the one chosen', () => {
    const ask = cli(['staleness', ADR]);
    assert.equal(ask.code, 2);
    assert.match(ask.stderr, /holds 2 designs; choose one with --design: 1 \(line \d+, inventory\), 2 \(line \d+, inventory\)/);
    const run = cli(['staleness', ADR, '--design', '2', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    // The figures are those of the same YAML in a *.cap.yaml of its own.
    const text = readFileSync(join(ROOT, ADR), 'utf8');
    const second = text.split('```yaml\n')[2].split('```')[0];
    assert.match(second, /engine: etcd/);
    const dir = tempTree({ 'option-2.cap.yaml': second });
    const alone = cli(['staleness', 'option-2.cap.yaml', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(run.stdout).datastores, JSON.parse(alone.stdout).datastores);
    assert.equal(cli(['staleness', ADR, '--design', '3']).code, 2);
  });
});

describe('cap-lens report on a Markdown doc', () => {
  it('writes the doc itself with each design fence followed by its card, as Markdown or as HTML', () => {
    const md = cli(['report', RFC]);
    assert.equal(md.code, 0, md.stderr);
    const text = readFileSync(join(ROOT, RFC), 'utf8');
    for (const line of text.split('\n')) assert.ok(md.stdout.includes(line), `kept: ${line}`);
    assert.equal((md.stdout.match(/^> \*\*CAP Lens\*\* · `checkout` · /gm) ?? []).length, 4);
    assert.match(
      md.stdout,
      /```\n\n> \*\*CAP Lens\*\* · `checkout` · ✗ 1 error · other blocks of this design: 1 error\n>\n> \*\*Datastore `sessions`\*\*/,
    );
    assert.match(
      md.stdout,
      /^> \| Consistency \| read-your-writes \| eventual \| ✗ \[`consistency-claim-contradicted`\]\(https:\/\/github\.com\/cap-lens\/cap-lens\/blob\/main\/docs\/rules\/consistency-claim-contradicted\.md\) \|$/m,
    );
    const html = cli(['report', '--format', 'html', RFC]).stdout;
    assert.equal((html.match(/<style>/g) ?? []).length, 1, 'one stylesheet');
    assert.equal((html.match(/<div class="cap-lens-card/g) ?? []).length, 4);
    assert.equal((html.match(/<svg /g) ?? []).length, 1, 'the topology once, with the first datastore');
    assert.ok(!/<script/i.test(html));
  });
});
