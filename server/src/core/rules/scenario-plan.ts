// A design's scenarios, planned and judged: the `scenario-contradicts-claim` findings come from runs that the
// command line does inline and the language server does in a worker thread, off the request path. Planning
// (validation, the size check of ../simulation/budget) and judging are cheap; running is what is bounded.

import type { DatastoreAnalysis } from '../derive/datastore';
import { finding, type Finding } from './findings';
import { percent, plural } from '../text/format';
import type { Datastore, Design, Span } from '../model/design';
import { scenarioContextOf, systemFromDesign, validateScenarios, type Scenario, type YamlPath } from '../simulation';
import { judgeScenarioCost, MAX_DESIGN_EVENTS } from '../simulation/budget';
import { runKey, runOutcome, systemKey, type RunOutcome, type RunSummary, type ScenarioRun } from '../simulation/scenario-runs';

/** Scenario runs are deterministic: the same scenario on the same stores gives the same verdicts. */
const runCache = new Map<string, RunOutcome>();
const RUN_CACHE_SIZE = 64;

/**
 * A design's scenarios before anything runs: the problems found by reading them (malformed scenarios, and
 * those too large to simulate), the runs still to do, and how to judge their outcomes. The language server
 * runs `runs` in a worker and judges what has finished; `checkScenarios` does all of it inline.
 */
export interface ScenarioPlan {
  findings: Finding[];
  runs: ScenarioRun[];
  /** Findings of the runs whose outcome is known; a run not in `outcomes` reports nothing yet. */
  judge(outcomes: ReadonlyMap<string, RunOutcome>): Finding[];
}

export function planScenarios(design: Design, analyses?: ReadonlyMap<string, DatastoreAnalysis>): ScenarioPlan {
  if (!design.scenarios) return { findings: [], runs: [], judge: () => [] };
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
  // Problems of shape are the schema's, reported with the rest of the design's (at their YAML spans, with fixes).
  const findings: Finding[] = errors
    .filter((e) => !e.shape)
    .map((e) => finding('schema', at(e.path), `In scenarios: ${e.message}.`));
  const byName = new Map(design.datastores.map((d) => [d.name, d]));
  // A scenario with a problem of its own is not run; the others still are, within the design's budget.
  const broken = new Set(errors.map((e) => String(e.path[0])));
  const sysKey = systemKey(system);
  const runs: ScenarioRun[] = [];
  const planned: { scenario: Scenario; key: string }[] = [];
  let events = 0;
  for (const scenario of scenarios) {
    if (broken.has(String(scenario.path[0]))) continue;
    const cost = judgeScenarioCost(scenario, system);
    if (!cost.ok) {
      findings.push(finding('schema', at(cost.path, true), `In scenarios: ${cost.message}`));
      continue;
    }
    if (events + cost.cost.events > MAX_DESIGN_EVENTS) {
      const skipped = scenarios.length - scenarios.indexOf(scenario);
      findings.push(finding('schema', at([...scenario.path, 'name'], true), overBudgetMessage(scenario.name, skipped - 1)));
      break;
    }
    events += cost.cost.events;
    const key = runKey(sysKey, scenario);
    planned.push({ scenario, key });
    if (!runs.some((r) => r.key === key)) runs.push({ key, scenario, system });
  }
  const judge = (outcomes: ReadonlyMap<string, RunOutcome>): Finding[] =>
    planned.flatMap(({ scenario, key }) => {
      const outcome = outcomes.get(key);
      if (!outcome) return [];
      const where = at([...scenario.path, 'name'], true);
      if (!outcome.ok)
        return [
          finding('schema', where, `In scenarios: scenario '${scenario.name}' could not be simulated: ${outcome.message}.`),
        ];
      return judgeScenario(scenario, outcome.summary, byName, at);
    });
  return { findings, runs, judge };
}

/** Every scenario finding of a design, running what is not cached yet (the command line, and tests). */
export function checkScenarios(design: Design, analyses?: ReadonlyMap<string, DatastoreAnalysis>): Finding[] {
  const plan = planScenarios(design, analyses);
  const outcomes = new Map(plan.runs.map((r) => [r.key, cachedOutcome(r)]));
  return [...plan.findings, ...plan.judge(outcomes)];
}

/** A run's outcome from the cache, or run now (bounded by the hard event cap) and cached. */
export function cachedOutcome(run: ScenarioRun): RunOutcome {
  let outcome = runCache.get(run.key);
  if (!outcome) {
    outcome = runOutcome(run);
    if (runCache.size >= RUN_CACHE_SIZE) runCache.delete(runCache.keys().next().value!);
    runCache.set(run.key, outcome);
  }
  return outcome;
}

/** The findings of one finished run. */
function judgeScenario(
  scenario: Scenario,
  summary: RunSummary,
  byName: Map<string, Datastore>,
  at: (path: YamlPath, preferKey?: boolean) => Span,
): Finding[] {
  const out: Finding[] = [];
  const { expectations } = summary;
  const scenarioSpan = at([...scenario.path, 'name']);
  for (const e of expectations) {
    if (e.status !== 'fail') continue;
    const ds = e.expectation.datastore ? byName.get(e.expectation.datastore) : undefined;
    const related = [{ span: scenarioSpan, message: `scenario '${scenario.name}'` }, ...claimLocations(ds)];
    out.push(
      finding(
        'scenario-contradicts-claim',
        at(e.path),
        `Scenario '${scenario.name}' contradicts this expectation: ${e.message}`,
        { related },
      ),
    );
  }
  // Claims the run itself contradicts, whether or not the scenario states an expectation about them.
  for (const store of summary.stores) {
    const ds = byName.get(store.store);
    const claims = ds?.claims;
    if (!ds || !claims) continue;
    const related = [{ span: scenarioSpan, message: `scenario '${scenario.name}'` }];
    if (store.lostWrites > 0 && claims.lossFree?.value === true) {
      out.push(
        finding('scenario-contradicts-claim', claims.lossFree.span, lostWritesMessage(ds.name, scenario.name, store.lostWrites), {
          related,
        }),
      );
    }
    const c = claims.consistency?.value;
    if (store.staleReads > 0 && claims.consistency && (c === 'linearizable' || c === 'strong')) {
      const message = staleReadsMessage(ds.name, c, scenario.name, store.staleReads, store.staleReadRate);
      out.push(finding('scenario-contradicts-claim', claims.consistency.span, message, { related }));
    }
    if (store.staleReads > 0 && claims.cap?.value === 'CP' && !(c === 'linearizable' || c === 'strong')) {
      out.push(
        finding('scenario-contradicts-claim', claims.cap.span, servedStaleMessage(ds.name, scenario.name, store.staleReads), {
          related,
        }),
      );
    }
  }
  return out;
}

function overBudgetMessage(scenario: string, after: number): string {
  const budget = `${MAX_DESIGN_EVENTS.toLocaleString('en-US')} events`;
  return `In scenarios: scenario '${scenario}' and the ${after} after it were not simulated: together the scenarios before them already take the simulation budget of one design (${budget}). Move some scenarios to another design file.`;
}

function lostWritesMessage(store: string, scenario: string, lost: number): string {
  return `'${store}' claims no acknowledged write is lost, but scenario '${scenario}' lost ${plural(lost, 'acknowledged write')}.`;
}

function staleReadsMessage(store: string, claimed: string, scenario: string, stale: number, rate: number): string {
  const seen = `${plural(stale, 'stale read')} (${percent(rate, 1)} of successful reads)`;
  return `'${store}' claims ${claimed} consistency, but scenario '${scenario}' observed ${seen}: a read returned a value older than a write acknowledged before the read began.`;
}

function servedStaleMessage(store: string, scenario: string, stale: number): string {
  return `'${store}' claims CP, but in scenario '${scenario}' it served ${plural(stale, 'stale read')} instead of refusing them.`;
}

function claimLocations(ds: Datastore | undefined): { span: Span; message: string }[] {
  if (!ds) return [];
  const out = [{ span: ds.nameSpan, message: `datastore '${ds.name}'` }];
  const c = ds.claims;
  if (c?.consistency) out.push({ span: c.consistency.span, message: `claimed ${c.consistency.value}` });
  if (c?.cap) out.push({ span: c.cap.span, message: `claimed ${c.cap.value}` });
  return out;
}
