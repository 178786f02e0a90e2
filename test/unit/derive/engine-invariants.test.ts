// Facts that must never contradict each other, whatever an engine's settings are: random native settings for
// every engine (each setting's own values, small counts, booleans), placed over regions or not, and the
// derived facts checked against each other. A contradiction here is one a reader would see printed side by side.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import type { DatastoreFacts } from '../../../server/src/core/derive/facts';
import { allEngines } from '../../../server/src/core/engines/registry';
import { claimRows } from '../../../server/src/core/ide/claim-rows';
import { datastoreCard } from '../../../server/src/core/ide/describe';
import { pick, seededRandom } from '../../support/random';

const STRONG = ['linearizable', 'strong'];

/** The contradictions among one store's facts, each as a sentence (empty when they agree). */
function contradictions(f: DatastoreFacts): string[] {
  const out: string[] = [];
  const c = f.model.consistency;
  const strongAcross = c.provided.some((m) => STRONG.includes(m));
  if (strongAcross && f.staleReadsOnPartition)
    out.push(`${c.provided.join('+')} across failover, yet a side of a partition serves stale reads`);
  // Both sides may take writes when no side can read meanwhile (reads at ALL): consistency is kept by refusing reads.
  if (f.cap === 'CP' && f.writesOnBothSides && f.staleReadsOnPartition)
    out.push('CP, yet both sides accept writes and a side serves stale reads');
  if (f.cap === 'AP' && !(f.writesOnBothSides && f.readsOnBothSides)) out.push('AP, yet some side of a partition refuses');
  if (f.cap === 'CA' && f.writeFailuresSurvived > 0) out.push('CA (one copy), yet writes survive a failure');
  if (f.pacelc.startsWith('PA') !== f.writesOnBothSides)
    out.push(`${f.pacelc}, yet writes on both sides is ${f.writesOnBothSides}`);
  if (f.pacelc.endsWith('EC') !== c.whileHealthy.some((m) => STRONG.includes(m)))
    out.push(`${f.pacelc}, yet ${c.whileHealthy.join('+')} while healthy`);
  const nodes = f.model.topology.classes.reduce((t, k) => t + k.size, 0);
  if (f.writeFailuresSurvived >= nodes && f.writeFailuresSurvived > 0 && f.model.family !== 'leaderless')
    out.push(`writes survive ${f.writeFailuresSurvived} failures of ${nodes} nodes`);
  if (c.provided.includes('linearizable') && (f.staleRead.probability ?? 0) > 0)
    out.push(`linearizable, yet ${f.staleRead.summary}`);
  if (f.staleReadsUntilNoticed && f.writeFailuresSurvived === 0) out.push('a deposed leader, yet nothing can elect another');
  return out;
}

describe('engine facts agree with each other under random native settings', () => {
  it('holds for 1,500 random settings of every engine, placed and not', () => {
    const rand = seededRandom(20261129);
    const engines = allEngines();
    const found: string[] = [];
    let checked = 0;
    for (let i = 0; i < 1500 && found.length < 10; i++) {
      const e = pick(rand, engines);
      const settings: Record<string, unknown> = { ...(e.example ?? {}) };
      for (const [key, spec] of Object.entries(e.settings ?? {})) {
        if (rand() < 0.6) continue;
        if (spec.values) settings[key] = pick(rand, spec.values);
        else if (spec.type === 'integer') settings[key] = Math.max(spec.minimum ?? 0, Math.floor(rand() * 6));
        else if (spec.type === 'boolean') settings[key] = rand() < 0.5;
      }
      const doc: { system: string; regions: string[]; datastores: { st: Record<string, unknown> } } = {
        system: 's',
        regions: ['a', 'b', 'c'],
        datastores: { st: { engine: e.id, settings } },
      };
      let text = stringify(doc);
      let result = analyzeFull(text);
      const n = result.analyses.get('st')?.facts?.model.n;
      if (n && rand() < 0.4) {
        const first = Math.ceil(n / 2);
        doc.datastores.st.placement = n > 1 ? { a: first, b: n - first } : { a: 1 };
        text = stringify(doc);
        result = analyzeFull(text);
      }
      const a = result.analyses.get('st');
      if (!a?.facts) continue;
      checked++;
      for (const c of contradictions(a.facts)) found.push(`${e.id} ${JSON.stringify(settings)}: ${c}`);
      // Nothing a surface prints is a hole in a template.
      const printed = [datastoreCard(a), ...claimRows(a).map((r) => r.derived), ...result.findings.map((f) => f.message)].join(
        '\n',
      );
      const hole = /undefined|NaN|\[object Object\]/.exec(printed);
      if (hole)
        found.push(
          `${e.id} ${JSON.stringify(settings)}: prints "${printed.slice(Math.max(0, hole.index - 60), hole.index + 20)}"`,
        );
    }
    assert.deepEqual(found, []);
    // Settings an engine rejects derive nothing and are skipped; most random settings must still be checked.
    assert.ok(checked >= 1200, `only ${checked} of 1,500 designs derived facts`);
  });
});
