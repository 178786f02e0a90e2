// No surface can disagree with the rules: over every sample, generated designs and random engine settings with
// random claims, a claim is ✗ in `explain` exactly when one finding explains it, and the hover card, the code
// lens and `explain` print the same derived values the verdicts were based on.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { analyzeFull, rateFindings, type AnalysisResult } from '../../../server/src/core/analysis/analyze';
import { CLAIM_KEYS } from '../../../server/src/core/derive/verdicts';
import { allEngines } from '../../../server/src/core/engines/registry';
import { claimRows } from '../../../server/src/core/ide/claim-rows';
import { datastoreCard, summaryLine } from '../../../server/src/core/ide/describe';
import { codeLenses } from '../../../server/src/core/ide/outline';
import { summarizeDesign } from '../../../server/src/core/review/summary';
import { generateDesign } from '../../support/generate';
import { ROOT } from '../../support/lsp-client';
import { pick, seededRandom } from '../../support/random';

function samples(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['samples', 'samples/engines', 'test/golden/fixtures']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.cap.yaml')))
      out.push({ name: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') });
  }
  return out;
}

const CLAIM_VALUES: Record<string, unknown[]> = {
  consistency: ['linearizable', 'strong', 'sequential', 'causal', 'read-your-writes', 'monotonic-reads', 'eventual'],
  cap: ['CP', 'AP', 'CA'],
  pacelc: ['PA/EL', 'PA/EC', 'PC/EL', 'PC/EC'],
  on_partition: ['reject-writes', 'serve-stale', 'block'],
  tolerates: [0, 1, 2, 3, 4],
  loss_free: [true, false],
  survives_region_loss: ['any', 'a'],
};

/** A design per engine with random valid settings, a random placement and random claims. */
function randomEngineDesigns(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const engines = allEngines();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const engine = pick(random, engines);
    const settings: Record<string, unknown> = { ...(engine.example ?? {}) };
    for (const [key, spec] of Object.entries(engine.settings ?? {})) {
      if (random() < 0.5) continue;
      const candidates =
        spec.values ??
        (spec.type === 'boolean'
          ? [true, false]
          : spec.type === 'integer'
            ? [Math.max(spec.minimum ?? 0, 1), 2, 3, 5]
            : spec.example !== undefined
              ? [spec.example]
              : []);
      if (candidates.length) settings[key] = pick(random, candidates as unknown[]);
    }
    const claims: Record<string, unknown> = {};
    for (const key of CLAIM_KEYS) if (random() < 0.6) claims[key] = pick(random, CLAIM_VALUES[key]);
    const st: Record<string, unknown> = { engine: engine.id, settings, claims };
    if (random() < 0.4) st.placement = { a: 2, b: 1 };
    const uses = {
      st:
        random() < 0.5
          ? pick(random, CLAIM_VALUES.consistency)
          : { needs: pick(random, CLAIM_VALUES.consistency), session: pick(random, ['shared', 'separate']) },
    };
    out.push(
      stringify({
        system: 's',
        regions: ['a', 'b'],
        datastores: { st },
        components: { c: { choice: pick(random, ['CP', 'AP']), uses } },
      }),
    );
  }
  return out;
}

function checkOneTruth(name: string, result: AnalysisResult): void {
  const explain = summarizeDesign({ analysis: result, findings: rateFindings(result.findings) });
  const lenses = codeLenses(result);
  for (const ds of result.design.datastores) {
    const a = result.analyses.get(ds.name);
    if (!a || a.ds !== ds) continue;
    const inside = result.findings.filter((f) => f.span.start >= ds.span.start && f.span.start < ds.span.end);
    for (const v of a.verdicts) {
      const explaining = inside.filter((f) => f.claims?.includes(v.key));
      assert.equal(
        explaining.length,
        v.holds ? 0 : 1,
        `${name} '${ds.name}' ${v.key}: ${v.claimed} / ${v.derived} ${v.holds ? '✓' : '✗'}, explained by ${explaining.map((f) => f.rule).join(', ') || 'nothing'}`,
      );
    }
    for (const f of inside)
      for (const key of f.claims ?? [])
        assert.ok(
          a.verdicts.some((v) => v.key === key && !v.holds),
          `${name}: ${f.rule} names ${key}, which holds`,
        );
    const rows = claimRows(a);
    // explain prints the same rows, and lists the rule of the finding that explains each ✗.
    const summary = explain.datastores.find((d) => d.datastore === ds)!;
    assert.deepEqual(
      summary.rows.map((r) => [r.property, r.claimed, r.derived, r.verdict]),
      rows.map((r) => [r.property, r.claimed, r.derived, r.verdict]),
      `${name} '${ds.name}'`,
    );
    for (const r of summary.rows)
      assert.equal(r.verdict === 'contradicted', r.rules.length > 0, `${name} '${ds.name}' ${r.property}`);
    // The hover card shows each row's derived value; the code lens the same class and failures survived.
    const card = datastoreCard(a);
    for (const r of rows)
      assert.ok(
        card.includes(`| ${r.property} | ${r.claimed} | ${r.derived}`),
        `${name} '${ds.name}' hover lacks ${r.property}: ${r.derived}`,
      );
    if (a.facts) {
      const lens = lenses.find((l) => l.span === ds.nameSpan && !l.action);
      assert.equal(lens?.title, summaryLine(a.facts));
      const cap = rows.find((r) => r.property === 'CAP')!.derived;
      const pacelc = rows.find((r) => r.property === 'PACELC')!.derived;
      assert.ok(lens!.title.startsWith(`${cap} · ${pacelc} · `), `${lens!.title} vs ${cap} ${pacelc}`);
      assert.ok(
        lens!.title.endsWith(
          a.facts.writeFailuresSurvived === 0
            ? 'no failure survived'
            : `survives ${rows.find((r) => r.property === 'Failures survived (writes)')!.derived} ${a.facts.writeFailuresSurvived === 1 ? 'failure' : 'failures'}`,
        ),
      );
    }
  }
}

describe('one truth across surfaces', () => {
  it('every sample: a claim is ✗ exactly when one finding explains it, and hover, code lens and explain agree', () => {
    for (const { name, text } of samples()) checkOneTruth(name, analyzeFull(text));
  });

  it('generated designs with many contradicted claims', () => {
    for (const seed of [1, 2, 3]) {
      const text = generateDesign(60, seed, 0.6);
      checkOneTruth(`generated-${seed}`, analyzeFull(text));
    }
  });

  it('random engine settings with random claims, placements and session scopes', () => {
    for (const [i, text] of randomEngineDesigns(7, 400).entries()) checkOneTruth(`random-${i}`, analyzeFull(text));
  });
});
