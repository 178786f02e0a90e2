// `cap-lens explain` and `cap-lens report` end to end: the tables a reviewer reads, and an HTML report that
// stands alone (inline SVG topology, nothing fetched).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, matchSnapshot, SAMPLES, tempTree } from './helpers';

const FIXTURE = 'test/cli/fixtures/shop.cap.yaml';

describe('cap-lens explain', () => {
  it('shows claimed beside derived per datastore, with the rule where a claim fails', () => {
    const r = cli(['explain', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^shop \(test\/cli\/fixtures\/shop\.cap\.yaml\)\n/);
    assert.match(out, /Datastore carts {2}leaderless · N = 3, R = 1 \(one\), W = 1 \(one\)/);
    assert.match(out, /\n {2}Consistency +strong +eventual +✗ claim-needs-quorum-overlap\n/);
    assert.match(out, /\n {2}Stale read right after a write +— +67%\n/);
    assert.match(out, /\n {2}PACELC +PC\/EL +PC\/EC +✗ pacelc-claim-contradicted\n/);
    assert.match(out, /\n {2}Consistency +linearizable +linearizable +✓\n/);
    assert.match(out, /\n {2}Failures survived \(writes\) +— +1\n/);
    assert.match(out, /! even-replica-majority: With 4 consensus replicas a majority is 3/);
    // The conditions the figures come from, and the staleness sentence behind the 67%.
    assert.match(
      out,
      /\n {2}Conditions: writes need W = 1 of the 3 replicas acknowledging; reads need R = 1 of the 3 replicas answering\.\n/,
    );
    assert.match(out, /\n {2}A read right after a write: 67% of reads right after a write miss it \(C\(3−1, 1\)\/C\(3, 1\)/);
    assert.match(out, /Component checkout {2}chose CP\n/);
    assert.match(out, /\n {2}carts +eventual +eventual +AP \(PA\/EL\) +✓\n/);
  });

  it('writes Markdown tables to paste into a design doc', () => {
    const r = cli(['explain', '--format', 'md', FIXTURE]);
    assert.equal(r.code, 0);
    matchSnapshot('shop.explain.md', r.stdout);
    assert.match(r.stdout, /^# shop/);
    assert.match(r.stdout, /\| Consistency \| strong \| eventual \| ✗ `claim-needs-quorum-overlap` \|/);
  });

  it('reports facts as JSON, and flags a component whose need is not met', () => {
    const out = JSON.parse(cli(['explain', '--format', 'json', 'broken.cap.yaml'], { cwd: SAMPLES }).stdout);
    const accounts = out[0].datastores.find((d: { name: string }) => d.name === 'accounts');
    assert.deepEqual(accounts.facts.consistency, ['eventual']);
    assert.equal(accounts.facts.cap, 'AP');
    assert.equal(accounts.facts.writeFailuresSurvived, 2);
    assert.equal(accounts.facts.writesOnBothSidesOfAPartition, true);
    assert.ok(Math.abs(accounts.facts.staleReadProbability - 2 / 3) < 1e-12);
    const checkout = out[0].components.find((c: { name: string }) => c.name === 'checkout');
    const use = checkout.uses.find((u: { datastore: string }) => u.datastore === 'accounts');
    assert.equal(use.verdict, 'contradicted');
    assert.deepEqual(use.rules, ['component-needs-stronger-consistency']);
  });

  it('needs a file (exit 2)', () => {
    const r = cli(['explain']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /explain needs a design file/);
  });
});

describe('cap-lens report', () => {
  it('writes a Markdown review: verdict, summary table, every finding with its explanation', () => {
    const r = cli(['report', FIXTURE]);
    assert.equal(r.code, 0, 'a report is not a gate');
    const md = r.stdout;
    assert.match(md, /^# Design review: shop\n/);
    assert.match(md, /\*\*✗ 1 error, 1 warning, 1 info: some claims in this design do not hold\.\*\*/);
    assert.match(md, /\| Datastore \| Settings \| Consistency \| CAP \| PACELC \|/);
    assert.match(md, /\| carts \| leaderless · N = 3.* \| strong → eventual ✗ \|/);
    for (const rule of ['even-replica-majority', 'pacelc-claim-contradicted', 'claim-needs-quorum-overlap']) {
      assert.match(md, new RegExp(`### \\d\\. (error|warning|info): \`${rule}\``));
    }
    assert.match(md, /```text\n21 \| {7}consistency: strong {8}# error: claim-needs-quorum-overlap\n {3}\| {20}\^{6}\n```/);
    assert.match(
      md,
      /- \*\*Rule:\*\* Strong, linearizable or sequential consistency, or CP, is claimed while read and write quorums need not overlap \(R\+W≤N\)\. \[Documentation\]\(https:\/\/.*claim-needs-quorum-overlap\.md\)/,
    );
    matchSnapshot('shop.report.md', md);
  });

  it('follows rule settings like check: a rule turned off leaves the report', () => {
    const md = cli(['report', '--rule', 'even-replica-majority=off', FIXTURE]).stdout;
    assert.ok(!md.includes('`even-replica-majority`'));
  });

  it('writes one self-contained HTML page with the topology drawn as inline SVG', () => {
    const dir = tempTree({});
    const r = cli(['report', '--format', 'html', '--output', join(dir, 'review.html'), join(SAMPLES, 'checkout.cap.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(dir, 'review.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // Nothing loaded from anywhere: no scripts, no external styles or images, no src attributes at all.
    assert.ok(!/<script|<link|<img|<iframe|\ssrc=|url\(/i.test(html), 'no external resources');
    const svg = html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
    assert.ok(svg, 'inline SVG present');
    for (const region of ['us-east', 'us-west', 'eu-west'])
      assert.ok(svg.includes(`>${region}</text>`), `region ${region} drawn`);
    // checkout: ledger 5 replicas + carts 3 replicas, one dot each; the two components linked to their stores.
    assert.equal((svg.match(/<circle [^>]*><title>/g) ?? []).length, 8);
    assert.equal((svg.match(/<path d="M[^"]*C/g) ?? []).length, 2);
    assert.ok(svg.includes('ledger replica in us-east (primary)'));
    // Every tag in the SVG is closed: a cheap well-formedness check.
    const tags = [...svg.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)];
    const opened = tags
      .filter((t) => !t[1] && !t[3])
      .map((t) => t[2])
      .sort();
    const closed = tags
      .filter((t) => t[1])
      .map((t) => t[2])
      .sort();
    assert.deepEqual(opened, closed);
  });

  it('escapes everything taken from the design', () => {
    const design = `system: "<script>alert(1)</script>"
description: "a & b"
datastores:
  "x<y":
    replicas: 1
components:
  "c\\"d":
    uses: {"x<y": eventual}
`;
    const dir = tempTree({ 'evil.cap.yaml': design });
    const html = cli(['report', '--format', 'html', 'evil.cap.yaml'], { cwd: dir }).stdout;
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('x&lt;y'));
    assert.ok(html.includes('a &amp; b'));
  });

  it('takes exactly one design', () => {
    const r = cli(['report', '.'], { cwd: SAMPLES });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /report takes one design file/);
  });
});
