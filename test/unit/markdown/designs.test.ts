// The designs of a Markdown file: fences grouped into designs, the design text with the prose blanked at the
// same offsets, sections continued across fences, and findings placed on the fences.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeMarkdown } from '../../../server/src/core/markdown/analyze';
import { markdownDesigns, placeFindings } from '../../../server/src/core/markdown/designs';
import { finding } from '../../../server/src/core/rules/findings';
import { rateFindings } from '../../../server/src/core/analysis/analyze';

/** 1-based line of an offset. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const RFC = `# RFC 12: carts

The cart must never refuse an add.

\`\`\`cap-yaml
system: shop
datastores:
  carts:
    replicas: 3
    read_quorum: one
    write_quorum: one
    conflicts: crdt
    claims:
      consistency: strong
\`\`\`

The ledger is a separate store, explained here.

\`\`\`cap-yaml
datastores:
  ledger:
    replicas: 3
    replication: consensus
\`\`\`

And the services that use them:

\`\`\`cap-yaml
components:
  checkout:
    uses: {ledger: linearizable, carts: eventual}
\`\`\`
`;

describe('designs of a Markdown file', () => {
  it('joins the fences of one file into one design text of the same length, prose blanked, line breaks kept', () => {
    const [design, ...more] = markdownDesigns(RFC);
    assert.equal(more.length, 0);
    assert.equal(design.fences.length, 3);
    assert.equal(design.text.length, RFC.length);
    assert.equal(design.text.split('\n').length, RFC.split('\n').length);
    // Prose and fence lines are blank; YAML stays where it is.
    assert.equal(design.text.split('\n')[0].trim(), '');
    assert.equal(design.text.split('\n')[4].trim(), '', 'the opening fence is blanked');
    assert.equal(design.text.slice(RFC.indexOf('system: shop'), RFC.indexOf('system: shop') + 12), 'system: shop');
    // The second fence reopens `datastores:`: its header is blanked so `ledger` joins the first fence's section.
    assert.deepEqual(
      design.continued.map((k) => lineOf(RFC, k.span.start)),
      [20],
    );
    assert.equal(design.text.split('\n')[19].trim(), '');
  });

  it('analyses the joined design: one design, findings at the Markdown lines, references across fences resolved', () => {
    const [a] = analyzeMarkdown(RFC);
    assert.deepEqual(
      a.result.design.datastores.map((d) => d.name),
      ['carts', 'ledger'],
    );
    assert.equal(a.result.design.components[0].uses.length, 2);
    const found = rateFindings(a.findings).map((f) => `${f.rule}@${lineOf(RFC, f.span.start)}`);
    assert.deepEqual(found, ['claim-needs-quorum-overlap@14']);
    assert.equal(RFC.slice(a.findings[0].span.start, a.findings[0].span.end), 'strong');
  });

  it('starts a new design at a second system:, so an ADR can hold its considered options side by side', () => {
    const adr = `## Option 1\n\n\`\`\`cap-yaml\nsystem: a\ndatastores:\n  s: {replicas: 3}\n\`\`\`\n\n## Option 2\n\n\`\`\`yaml\n# cap-lens\nsystem: b\ndatastores:\n  s: {replicas: 5}\n\`\`\`\n\`\`\`cap-yaml\ncomponents:\n  c: {uses: {s: eventual}}\n\`\`\`\n`;
    const designs = analyzeMarkdown(adr);
    assert.deepEqual(
      designs.map((d) => [d.result.design.system?.value, d.design.fences.length, d.result.design.datastores[0].replicas?.value]),
      [
        ['a', 1, 3],
        ['b', 2, 5],
      ],
    );
    // Each design sees only its own fences: option 1's text is blank where option 2 stands.
    assert.equal(designs[0].design.text.slice(adr.indexOf('system: b'), adr.indexOf('system: b') + 9).trim(), '');
  });

  it('puts a finding the analysis places outside the fences on the opening line of the design', () => {
    const md = `# Title line\n\nText.\n\n\`\`\`cap-yaml\ndatastores:\n  a: {replicas: 3}\n\`\`\`\n`;
    const [a] = analyzeMarkdown(md);
    const missing = a.findings.find((f) => /needs a 'system:'/.test(f.message))!;
    assert.ok(missing, 'the missing system: is reported');
    assert.equal(md.slice(missing.span.start, missing.span.end), '```cap-yaml');
  });

  it('reports broken YAML inside its fence, at its line', () => {
    const md = `Intro\n\n\`\`\`cap-yaml\nsystem: x\ndatastores:\n  a: {replicas: 3\n\`\`\`\n\nAfter.\n`;
    const [a] = analyzeMarkdown(md);
    assert.equal(a.result.syntaxBroken, true);
    for (const f of a.findings) {
      assert.equal(f.rule, 'yaml-syntax');
      const line = lineOf(md, f.span.start);
      assert.ok(line >= 3 && line <= 6, `yaml-syntax at line ${line}, inside the fence or on its opening line`);
    }
  });

  it('keeps only fixes that edit inside the fences', () => {
    const [a] = analyzeMarkdown(RFC);
    const overlap = a.findings.find((f) => f.rule === 'claim-needs-quorum-overlap')!;
    assert.deepEqual(
      overlap.fixes.map((f) => f.title),
      ['Raise read_quorum to 3 (R+W = 4 > 3)', 'Raise write_quorum to 3 (R+W = 4 > 3)', 'Weaken the claim to eventual'],
      'the quorum fixes edit inside the fence and are kept',
    );
    // A fix reaching outside the fences (here: into the title line) would edit the prose: it is dropped.
    const inside = RFC.indexOf('strong');
    const [placed] = placeFindings(a.design, [
      finding('schema', { start: inside, end: inside + 6 }, 'test', {
        fixes: [
          { title: 'inside', edits: [{ span: { start: inside, end: inside + 6 }, newText: 'eventual' }] },
          {
            title: 'outside',
            edits: [
              { span: { start: inside, end: inside + 6 }, newText: 'eventual' },
              { span: { start: 0, end: 1 }, newText: '' },
            ],
          },
        ],
      }),
    ]);
    assert.deepEqual(
      placed.fixes.map((f) => f.title),
      ['inside'],
    );
  });

  it('has no design when the Markdown has no design fence', () => {
    assert.deepEqual(analyzeMarkdown('# Notes\n\n```yaml\nname: ci\n```\n'), []);
  });
});
