// The review card of each design fence: what it shows comes from the one analysis (the summary's rows, the
// findings' claims), each fence shows its own part of the design, the HTML is static and escaped and holds no
// blank line, the Markdown form escapes the design's text, and a report keeps the doc's own text intact.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { rateFindings } from '../../../server/src/core/analysis/analyze';
import { analyzeMarkdown } from '../../../server/src/core/markdown/analyze';
import { cardHtml } from '../../../server/src/core/review/card-html';
import { cardMarkdown } from '../../../server/src/core/review/card-markdown';
import { reviewedDocument } from '../../../server/src/core/review/document';
import { cardVerdict, fenceCards, type RatedMarkdownDesign } from '../../../server/src/core/review/fence-cards';
import { summarizeDesign } from '../../../server/src/core/review/summary';
import { ROOT } from '../../support/lsp-client';

const RFC = readFileSync(join(ROOT, 'samples/docs/rfc-0042-checkout-storage.md'), 'utf8');

function rated(markdown: string): RatedMarkdownDesign[] {
  return analyzeMarkdown(markdown).map((d) => ({ analysis: d.result, findings: rateFindings(d.findings), markdown: d.design }));
}

describe('review cards of design fences', () => {
  it('gives each fence its own datastores and components, and the topology to the first fence with a datastore', () => {
    const [design] = rated(RFC);
    const cards = fenceCards(RFC, design);
    assert.deepEqual(
      cards.map((c) => [c.line, c.datastores.map((d) => d.name), c.components.map((x) => x.name), !!c.topology]),
      [
        [27, ['ledger'], [], true],
        [53, ['carts'], [], false],
        [74, ['sessions'], [], false],
        [87, [], ['payments', 'cart'], false],
      ],
    );
    assert.deepEqual(
      cards.map((c) => cardVerdict(c)),
      [
        { level: undefined, text: '✓ 4 claims hold', elsewhere: '2 errors' },
        { level: undefined, text: '✓ 3 claims hold', elsewhere: '2 errors' },
        { level: 'error', text: '✗ 1 error', elsewhere: '1 error' },
        { level: 'error', text: '✗ 1 error', elsewhere: '1 error' },
      ],
    );
  });

  it('prints the analysis’s own rows: the same as `explain` and the hover, verdicts and rules included', () => {
    const [design] = rated(RFC);
    const summary = summarizeDesign(design);
    const sessions = fenceCards(RFC, design)[2];
    assert.deepEqual(sessions.datastores[0].rows, summary.datastores.find((d) => d.name === 'sessions')!.rows);
    const html = cardHtml(sessions, { id: 'x' });
    assert.match(
      html,
      /<tr class="cap-lens-row-bad"><td>Consistency<\/td><td>read-your-writes<\/td><td>eventual<\/td><td class="cap-lens-verdict-cell"><span class="cap-lens-error">✗<\/span> <a href="https:\/\/github\.com\/cap-lens\/cap-lens\/blob\/main\/docs\/rules\/consistency-claim-contradicted\.md"><code>consistency-claim-contradicted<\/code><\/a><\/td><\/tr>/,
    );
    assert.match(
      html,
      /<li><span class="cap-lens-error">✗ error<\/span> <a [^>]*><code>consistency-claim-contradicted<\/code><\/a> <span class="cap-lens-muted">line 82<\/span>: &#39;sessions&#39; claims read-your-writes consistency/,
    );
    const ledger = cardHtml(fenceCards(RFC, design)[0], { id: 'x' });
    assert.match(
      ledger,
      /<tr><td>CAP<\/td><td>CP<\/td><td>CP<\/td><td class="cap-lens-verdict-cell"><span class="cap-lens-ok">✓<\/span><\/td><\/tr>/,
    );
    assert.match(ledger, /<svg [^>]*aria-labelledby="x-topology"/);
  });

  it('writes static HTML without a blank line, and escapes everything taken from the design', () => {
    const hostile =
      '```cap-yaml\nsystem: "<script>alert(1)</script>"\ndatastores:\n  "x<img src=x onerror=alert(1)>":\n    replicas: 3\n    why: "a & b [click](javascript:alert(1)) <b>*bold*</b> `code`"\n    claims: {consistency: strong}\n```\n';
    const [design] = rated(hostile);
    const html = cardHtml(fenceCards(hostile, design)[0], { id: 'h' });
    // Escaped text holds no '<': every '<' left opens one of the card's own tags.
    assert.ok(!/<script|<img|<[^>]*\son[a-z]+=/i.test(html), 'no script, no image, no event handler');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /x&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.ok(!/\n\s*\n/.test(html), 'no blank line: the card is one HTML block in Markdown');
    // The Markdown form, rendered as a docs site would (raw HTML allowed): the design's text stays text.
    const md = cardMarkdown(fenceCards(hostile, design)[0]);
    const rendered = new MarkdownIt({ html: true }).render(md);
    assert.ok(!/<script|<img|<[^>]*\son[a-z]+=/i.test(rendered), rendered);
    assert.match(rendered, /<code>x&lt;img src=x onerror=alert\(1\)&gt;<\/code>/);
    assert.match(rendered, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // Links, emphasis and code in the design's text are shown as written, never applied.
    assert.ok(!/<a [^>]*javascript|<b>|<em>(?!Why:)|<strong>bold/.test(rendered), rendered);
    assert.match(rendered, /<em>Why:<\/em> a &amp; b \[click\]\(javascript:alert\(1\)\) &lt;b&gt;\*bold\*&lt;\/b&gt; `code`/);
    assert.match(
      html,
      /<p class="cap-lens-why">Why: a &amp; b \[click\]\(javascript:alert\(1\)\) &lt;b&gt;\*bold\*&lt;\/b&gt; `code`<\/p>/,
    );
  });

  it('shows the source of a design whose YAML does not parse, with each error under its line, and nothing derived', () => {
    const broken =
      '# Doc\n\n```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3\n  b:\n    replicas: 2\n```\n\n```cap-yaml\ncomponents: {}\n```\n';
    const [design] = rated(broken);
    const [first, second] = fenceCards(broken, design);
    assert.deepEqual(first.datastores, []);
    assert.equal(first.topology, undefined);
    assert.deepEqual(
      first.source!.map((l) => [l.line, l.text, l.errors.map((e) => e.column)]),
      [
        [4, 'system: s', []],
        [5, 'datastores:', []],
        [6, '  a: {replicas: 3', []],
        [7, '  b:', [3]],
        [8, '    replicas: 2', []],
      ],
    );
    const html = cardHtml(first, { id: 'b' });
    assert.match(
      html,
      /<span class="cap-lens-bad-line"><span class="cap-lens-ln">7<\/span> {2}b:<\/span>\n<span class="cap-lens-ln"> <\/span><span class="cap-lens-caret"> {2}\^ Flow map/,
    );
    assert.deepEqual(cardVerdict(second), {
      level: 'error',
      text: '✗ not checked: the design has YAML errors',
      elsewhere: '1 error',
    });
    assert.match(cardHtml(second, { id: 'c' }), /An error in another block of this design: line 7\./);
  });

  it('writes the doc with a card after each fence, the doc’s own text unchanged around them', () => {
    const designs = rated(RFC);
    for (const format of ['md', 'html'] as const) {
      const out = reviewedDocument(RFC, designs, format);
      const cards =
        format === 'md'
          ? (out.match(/\n> \*\*CAP Lens\*\*[\s\S]*?\n(?!>)/g) ?? [])
          : (out.match(/\n(<style>[\s\S]*?<\/style>\n)?<div class="cap-lens-card[\s\S]*?\n<\/div>\n/g) ?? []);
      assert.equal(cards.length, 4, format);
      let stripped = out;
      for (const c of cards) stripped = stripped.replace(c, '\n');
      assert.equal(stripped.replace(/\n\n\n/g, '\n\n'), RFC.replace(/\n\n\n/g, '\n\n'), `${format}: only cards were added`);
    }
    // Each card directly follows its closing fence, and CRLF docs get CRLF cards.
    const crlf = RFC.replace(/\n/g, '\r\n');
    const out = reviewedDocument(crlf, rated(crlf), 'md');
    assert.ok(!/[^\r]\n/.test(out), 'every line break is CRLF');
    assert.match(out, /```\r\n\r\n> \*\*CAP Lens\*\* · `checkout` · ✓ 4 claims hold/);
    // And a doc whose lines end in a lone CR (classic Mac) gets cards with lone CRs.
    const cr = RFC.replace(/\n/g, '\r');
    assert.ok(!reviewedDocument(cr, rated(cr), 'md').includes('\n'), 'no LF in a CR document');
  });
});
