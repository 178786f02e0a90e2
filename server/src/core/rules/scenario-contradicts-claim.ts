// Diagnostic: scenario-contradicts-claim — a scenario declared in the design, run in the simulator,
// contradicts one of its own expectations or a claim of a datastore it exercises. Malformed scenarios are
// reported as `schema` problems at the exact key.

import type { DatastoreAnalysis } from '../derive/datastore';
import type { Datastore, Design, Span } from '../model/design';
import { runDesignScenario, scenarioContextOf, systemFromDesign, validateScenarios, type Scenario, type SimSystem, type YamlPath } from '../simulation';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const scenarioContradictsClaim = defineRule({
  id: 'scenario-contradicts-claim',
  severity: 'error',
  summary: 'A simulated scenario in the design contradicts a claim or an expectation.',
  checkDesign: ({ design, analyses }) => checkScenarios(design, analyses),
});

/** Scenario runs are deterministic: the same scenario on the same stores gives the same verdicts. */
const runCache = new Map<string, ReturnType<typeof runDesignScenario>>();
const RUN_CACHE_SIZE = 32;

export function checkScenarios(design: Design, analyses: ReadonlyMap<string, DatastoreAnalysis>): Finding[] {
  if (!design.scenarios) return [];
  const spans = new Map((design.scenarioSpans ?? []).map((s) => [s.path, s]));
  const fallback = design.scenarios.keySpan;
  /** The span of a path, or of its nearest written ancestor. */
  const at = (path: YamlPath, preferKey = false): Span => {
    for (let i = path.length; i > 0; i--) {
      const s = spans.get(path.slice(0, i).join('/'));
      if (s) return preferKey && s.keySpan && i === path.length ? s.keySpan : s.span;
    }
    return fallback;
  };
  const system = systemFromDesign(design, analyses);
  const { scenarios, errors } = validateScenarios(design.scenarios.value, scenarioContextOf(system));
  const out: Finding[] = errors.map((e) => finding('schema', at(e.path), `In scenarios: ${e.message}.`.replace(/\.\.$/, '.')));
  const byName = new Map(design.datastores.map((d) => [d.name, d]));
  // A scenario with a problem of its own is not run; the others still are.
  const broken = new Set(errors.map((e) => String(e.path[0])));
  for (const scenario of scenarios) if (!broken.has(String(scenario.path[0]))) out.push(...judgeScenario(scenario, system, byName, at));
  return out;
}

function run(system: SimSystem, scenario: Scenario): ReturnType<typeof runDesignScenario> {
  const key = JSON.stringify([scenario, system]);
  let result = runCache.get(key);
  if (!result) {
    result = runDesignScenario(system, scenario);
    if (runCache.size >= RUN_CACHE_SIZE) runCache.delete(runCache.keys().next().value!);
    runCache.set(key, result);
  }
  return result;
}

function judgeScenario(scenario: Scenario, system: SimSystem, byName: Map<string, Datastore>, at: (path: YamlPath, preferKey?: boolean) => Span): Finding[] {
  const out: Finding[] = [];
  const { result, expectations } = run(system, scenario);
  const scenarioSpan = at([...scenario.path, 'name']);
  for (const e of expectations) {
    if (e.status !== 'fail') continue;
    const ds = e.expectation.datastore ? byName.get(e.expectation.datastore) : undefined;
    const related = [{ span: scenarioSpan, message: `scenario '${scenario.name}'` }, ...claimLocations(ds)];
    out.push(finding('scenario-contradicts-claim', at(e.path), `Scenario '${scenario.name}' contradicts this expectation: ${e.message}`, { related }));
  }
  // Claims the run itself contradicts, whether or not the scenario states an expectation about them.
  for (const store of result.report.stores) {
    const ds = byName.get(store.store);
    const claims = ds?.claims;
    if (!ds || !claims) continue;
    const related = [{ span: scenarioSpan, message: `scenario '${scenario.name}'` }];
    if (store.lostWrites > 0 && claims.lossFree?.value === true) {
      out.push(finding('scenario-contradicts-claim', claims.lossFree.span, `'${ds.name}' claims no acknowledged write is lost, but scenario '${scenario.name}' lost ${store.lostWrites} acknowledged ${store.lostWrites === 1 ? 'write' : 'writes'}.`, { related }));
    }
    const c = claims.consistency?.value;
    if (store.staleReads > 0 && claims.consistency && (c === 'linearizable' || c === 'strong')) {
      out.push(
        finding('scenario-contradicts-claim', claims.consistency.span, `'${ds.name}' claims ${c} consistency, but scenario '${scenario.name}' observed ${store.staleReads} stale ${store.staleReads === 1 ? 'read' : 'reads'} (${(store.staleReadRate * 100).toFixed(1)}% of successful reads): a read returned a value older than a write acknowledged before the read began.`, { related }),
      );
    }
    if (store.staleReads > 0 && claims.cap?.value === 'CP' && !(c === 'linearizable' || c === 'strong')) {
      out.push(finding('scenario-contradicts-claim', claims.cap.span, `'${ds.name}' claims CP, but in scenario '${scenario.name}' it served ${store.staleReads} stale ${store.staleReads === 1 ? 'read' : 'reads'} instead of refusing them.`, { related }));
    }
  }
  return out;
}

function claimLocations(ds: Datastore | undefined): { span: Span; message: string }[] {
  if (!ds) return [];
  const out = [{ span: ds.nameSpan, message: `datastore '${ds.name}'` }];
  const c = ds.claims;
  if (c?.consistency) out.push({ span: c.consistency.span, message: `claimed ${c.consistency.value}` });
  if (c?.cap) out.push({ span: c.cap.span, message: `claimed ${c.cap.value}` });
  return out;
}
