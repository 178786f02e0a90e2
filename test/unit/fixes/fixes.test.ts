// Quick fixes change only what their title says: the result parses, keeps every comment and the file's line
// breaks, writes no key twice, and never edits a value other entries alias. Checked for the minimal inputs
// of issue 17 and for every fix on every sample (LF and CRLF), generated and mutated design.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Lexer, parseDocument } from 'yaml';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import type { Finding, Fix } from '../../../server/src/core/rules/findings';
import { applyEdits, FixVerifier } from '../../../server/src/core/analysis/verify-fixes';
import { findRepeatedKeys } from '../../../server/src/core/model/duplicate-keys';
import { generateDesign } from '../../support/generate';
import { mutate } from '../../support/hostile';
import { ROOT } from '../../support/lsp-client';
import { pick, seededRandom } from '../../support/random';

const fixesOf = (text: string, rule?: string) => analyzeFull(text).findings.filter((f) => !rule || f.rule === rule);
const titled = (findings: Finding[], title: RegExp) => findings.flatMap((f) => f.fixes).filter((x) => title.test(x.title));

describe('a fix never edits a value other entries alias', () => {
  const text = [
    'system: s',
    'datastores:',
    '  a:',
    '    replicas: 3',
    '    read_quorum: &q one',
    '    write_quorum: 1',
    '    conflicts: crdt',
    '    claims: {consistency: strong}',
    '  b:',
    '    replicas: 3',
    '    read_quorum: 1',
    '    write_quorum: *q',
    '    conflicts: crdt',
    '    claims: {consistency: strong}',
    '',
  ].join('\n');

  it("raises b's write_quorum by replacing b's alias in place, leaving a's anchored value alone", () => {
    const onB = fixesOf(text, 'claim-needs-quorum-overlap').find((f) => f.span.start > text.indexOf('  b:'))!;
    const raise = onB.fixes.find((x) => x.title.startsWith('Raise write_quorum'))!;
    assert.deepEqual(raise.edits, [{ span: { start: text.indexOf('*q'), end: text.indexOf('*q') + 2 }, newText: '3' }]);
    assert.ok(new FixVerifier(text).check(raise).ok);
    assert.equal(applyEdits(text, raise.edits), text.replace('write_quorum: *q', 'write_quorum: 3'));
  });

  it("withholds raising a's read_quorum, which b's write_quorum aliases", () => {
    const onA = fixesOf(text, 'claim-needs-quorum-overlap').find((f) => f.span.start < text.indexOf('  b:'))!;
    const raise = onA.fixes.find((x) => x.title.startsWith('Raise read_quorum'))!;
    assert.deepEqual(raise.edits[0].span.start, text.indexOf('one'));
    assert.deepEqual(new FixVerifier(text).check(raise), {
      ok: false,
      reason: 'it would also change every entry that aliases this value (*q); change the alias instead',
    });
    assert.ok(
      new FixVerifier(text).check(onA.fixes.find((x) => x.title.startsWith('Raise write_quorum'))!).ok,
      "a's own write_quorum is fine",
    );
  });

  it('withholds a key inserted into a map another entry aliases', () => {
    const shared =
      'system: s\ndatastores:\n  a: &base\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    claims: {consistency: strong}\n  b: *base\n';
    const insert: Fix = {
      title: 'Add conflicts',
      edits: [{ span: { start: shared.indexOf('\n  b:'), end: shared.indexOf('\n  b:') }, newText: '\n    conflicts: crdt' }],
    };
    assert.match((new FixVerifier(shared).check(insert) as { reason: string }).reason, /aliases this value \(\*base\)/);
  });
});

describe('a fix never writes a key twice or a file that does not parse', () => {
  it('offers no rename to a datastore the same uses: map already names', () => {
    const text =
      'system: s\ndatastores:\n  carts: {replicas: 3}\ncomponents:\n  shop:\n    uses: {carts: eventual, cartz: strong}\n';
    const [finding] = fixesOf(text, 'unknown-reference');
    assert.equal(finding.span.start, text.indexOf('cartz'));
    assert.deepEqual(finding.fixes, []);
    const rename: Fix = {
      title: "Change to 'carts'",
      edits: [{ span: { start: text.indexOf('cartz'), end: text.indexOf('cartz') + 5 }, newText: 'carts' }],
    };
    assert.deepEqual(new FixVerifier(text).check(rename), {
      ok: false,
      reason: "it would write the key 'carts' twice in one map",
    });
  });

  it('offers no second write_quorum when the written one has an invalid value', () => {
    const text =
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: One\n    conflicts: crdt\n    claims: {consistency: strong}\n';
    const findings = fixesOf(text);
    assert.ok(findings.some((f) => f.rule === 'schema' && f.span.start === text.indexOf('One')));
    for (const fix of findings.flatMap((f) => f.fixes))
      assert.ok(!fix.edits.some((e) => e.newText.includes('write_quorum')), fix.title);
    const insert: Fix = {
      title: 'Raise write_quorum to 3',
      edits: [{ span: { start: text.length - 1, end: text.length - 1 }, newText: '\n    write_quorum: 3' }],
    };
    assert.deepEqual(new FixVerifier(text).check(insert), {
      ok: false,
      reason: "it would write the key 'write_quorum' twice in one map",
    });
  });

  it('withholds a fix whose result does not parse or loses a comment', () => {
    const text = 'system: s   # name\ndatastores:\n  kv:\n    replicas: 3   # three\n';
    const broken: Fix = {
      title: 'x',
      edits: [{ span: { start: text.indexOf('3 '), end: text.indexOf('3 ') + 1 }, newText: '{' }],
    };
    assert.match((new FixVerifier(text).check(broken) as { reason: string }).reason, /^its result would not parse/);
    const eats: Fix = { title: 'x', edits: [{ span: { start: text.indexOf('3 '), end: text.length - 1 }, newText: '5' }] };
    assert.deepEqual(new FixVerifier(text).check(eats), { ok: false, reason: "it would remove the comment '# three'" });
  });
});

describe('fixes keep the file’s line breaks', () => {
  it('adds engine settings to a CRLF file with CRLF', () => {
    const text =
      'system: shop\r\nregions: [dc1, dc2]\r\ndatastores:\r\n  carts:\r\n    engine: cassandra\r\n    settings:\r\n      replication_factor: {dc1: 3, dc2: 3}\r\n      consistency: LOCAL_QUORUM\r\n    claims:\r\n      consistency: strong\r\n';
    const fix = titled(fixesOf(text), /EACH_QUORUM/)[0];
    assert.ok(fix, 'the EACH_QUORUM fix is offered');
    assert.ok(new FixVerifier(text).check(fix).ok);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(
      fixed,
      text.replace(
        '      consistency: LOCAL_QUORUM\r\n',
        '      consistency: LOCAL_QUORUM\r\n      write_consistency: EACH_QUORUM\r\n',
      ),
    );
  });

  it('adds a settings block to a CRLF file with CRLF and the entry’s indentation', () => {
    const text =
      'system: s\r\ndatastores:\r\n  kv:\r\n    engine: cassandra\r\n    replicas: 3\r\n    claims: {consistency: strong}\r\n';
    for (const fix of fixesOf(text).flatMap((f) => f.fixes)) {
      const fixed = applyEdits(text, fix.edits);
      assert.doesNotMatch(fixed, /(^|[^\r])\n/, `${fix.title} wrote a bare LF`);
    }
  });
});

// ---- Every fix of every design ------------------------------------------------------------------------

const samples = [join(ROOT, 'samples'), join(ROOT, 'samples', 'engines'), join(ROOT, 'test', 'golden', 'fixtures')].flatMap(
  (dir) =>
    readdirSync(dir)
      .filter((f) => /\.cap\.ya?ml$/.test(f))
      .map((f) => readFileSync(join(dir, f), 'utf8')),
);

function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).sort();
}

/**
 * What changed between two plain YAML values: leaf paths with their new value, a map added or removed whole
 * judged by its leaves, and a key renamed (removed, and added beside it with the same value) as one change.
 */
function changes(a: unknown, b: unknown, path: string[] = [], out: { path: string[]; value: unknown; renamed?: boolean }[] = []) {
  if (a === b) return out;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if ((a === undefined && isObject(b)) || (b === undefined && isObject(a))) {
    for (const k of Object.keys((a ?? b) as object))
      changes(
        (a as Record<string, unknown> | undefined)?.[k],
        (b as Record<string, unknown> | undefined)?.[k],
        [...path, k],
        out,
      );
    return out;
  }
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    out.push({ path, value: b });
    return out;
  }
  const removed = Object.keys(a).filter((k) => !(k in b));
  const added = Object.keys(b).filter((k) => !(k in a));
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const k of added) {
    const from = removed.find((r) => same(a[r], b[k]));
    if (from === undefined) continue;
    removed.splice(removed.indexOf(from), 1);
    out.push({ path: [...path, k], value: b[k], renamed: true });
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (added.includes(k) && out.some((c) => c.renamed && c.path.length === path.length + 1 && c.path[path.length] === k))
      continue;
    if (!removed.includes(k) && !(k in b)) continue; // the old side of a rename
    changes(a[k], b[k], [...path, k], out);
  }
  return out;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Whether the title names the change: its key or its new value, whole or word by word. */
function named(title: string, word: string): boolean {
  if (norm(word) && norm(title).includes(norm(word))) return true;
  const words = word.split(/[^A-Za-z0-9]+/).filter((w) => w.length >= 3);
  return words.length > 0 && words.every((w) => norm(title).includes(norm(w)));
}

/** The fixes users see on `text`, each checked as a user would check it after applying it. */
function checkEveryFix(text: string, label: string): { kept: number; withheld: number } {
  const before = parseDocument(text, { uniqueKeys: false });
  if (before.errors.length) return { kept: 0, withheld: 0 };
  const verifier = new FixVerifier(text);
  let plain: unknown;
  try {
    plain = before.toJS({ maxAliasCount: 1000 });
  } catch {
    return { kept: 0, withheld: 0 }; // an alias with no anchor: not a design anyone can apply a fix to
  }
  const repeats = findRepeatedKeys(before).length;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let kept = 0;
  let withheld = 0;
  for (const f of analyzeFull(text).findings) {
    for (const fix of f.fixes) {
      const verdict = verifier.check(fix);
      if (!verdict.ok) {
        withheld++;
        continue;
      }
      kept++;
      const where = `${label}: ${f.rule} '${fix.title}'`;
      const fixed = applyEdits(text, fix.edits);
      const after = parseDocument(fixed, { uniqueKeys: false });
      assert.deepEqual(
        after.errors.map((e) => e.message),
        [],
        `${where} does not parse`,
      );
      assert.equal(findRepeatedKeys(after).length, repeats, `${where} repeats a key`);
      assert.deepEqual(comments(fixed), comments(text), `${where} changed a comment`);
      if (eol === '\r\n') assert.doesNotMatch(fixed, /(^|[^\r])\n/, `${where} wrote a bare LF`);
      const changed = changes(plain, after.toJS({ maxAliasCount: 1000 }));
      assert.ok(changed.length > 0, `${where} changes nothing`);
      for (const c of changed) {
        const key = c.path[c.path.length - 1] ?? '';
        // A rename is named by its new key; any other change by its key or its new value.
        const ok = named(fix.title, key) || (!c.renamed && c.value !== undefined && named(fix.title, String(c.value)));
        assert.ok(ok, `${where} also changed ${c.path.join('.')} to ${JSON.stringify(c.value)}`);
      }
    }
  }
  return { kept, withheld };
}

describe('every fix on every design', () => {
  it('on the samples and golden fixtures, with LF and with CRLF, all kept', () => {
    let total = 0;
    for (const [i, text] of samples.entries()) {
      for (const variant of [text, text.replace(/\r?\n/g, '\r\n')]) {
        const { kept, withheld } = checkEveryFix(variant, `design ${i}`);
        assert.equal(withheld, 0, `design ${i}: no fix of a sample is withheld`);
        total += kept;
      }
    }
    assert.ok(total > 100, `${total} fixes checked`);
  });

  it('on generated designs with anchors and on 600 mutated samples', () => {
    const rand = seededRandom(1117);
    let kept = 0;
    const generated = generateDesign(40, 3, 0.6);
    // Shared settings through anchors, as real designs write them.
    const anchored = generated
      .replace('  store-0:\n', '  store-0:\n    why: &why "shared"\n')
      .replace(/ {4}why: "Store [1-9]\d*[^\n]*/g, '    why: *why');
    for (const text of [generated, anchored]) kept += checkEveryFix(text, 'generated').kept;
    for (let i = 0; i < 600; i++) kept += checkEveryFix(mutate(pick(rand, samples), rand), `mutant ${i}`).kept;
    assert.ok(kept > 500, `${kept} fixes checked`);
  });
});
