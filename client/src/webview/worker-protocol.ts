// What the page asks the simulation worker and what it answers, and the handler the worker runs (pure, so the
// Node tests call it directly): the linearizability check of an interactive run, and whole design scenarios with
// their expectations, the components' needs, the conflicting versions and a verdict per datastore.

import type { Operation, Scenario, SimReport, SimSystem } from './core';
import {
  cachedLinearizability,
  checkLinearizability,
  conflictGroups,
  judgeNeeds,
  runScenario,
  runScenarioExpectations,
  scenarioToConfig,
  type ConflictGroup,
  type ExpectationResult,
  type LinearizabilityResult,
  type NeedVerdict,
} from './worker-core';

export type WorkerRequest =
  | { kind: 'linearizability'; id: number; ops: Operation[]; maxConfigurations?: number }
  | { kind: 'scenario'; id: number; system: SimSystem; scenario: Scenario };

/** One datastore's verdict: linearizable, a counterexample, or why it was not checked. */
export interface StoreVerdict {
  store: string;
  status: 'linearizable' | 'violated' | 'inconclusive' | 'not-a-register' | 'no-operations';
  message?: string;
  result?: LinearizabilityResult;
}

export interface ScenarioOutcome {
  history: Operation[];
  report: SimReport;
  expectations: ExpectationResult[];
  needs: NeedVerdict[];
  conflicts: ConflictGroup[];
  verdicts: StoreVerdict[];
  /** CPU milliseconds the worker spent (for the status line). */
  took: number;
}

export type WorkerResponse =
  | { kind: 'linearizability'; id: number; result: LinearizabilityResult }
  | { kind: 'scenario'; id: number; outcome: ScenarioOutcome }
  | { kind: 'error'; id: number; message: string };

export function handleWorkerRequest(req: WorkerRequest, now: () => number = () => Date.now()): WorkerResponse {
  try {
    if (req.kind === 'linearizability')
      return {
        kind: 'linearizability',
        id: req.id,
        result: checkLinearizability(req.ops, { maxConfigurations: req.maxConfigurations }),
      };
    const started = now();
    return {
      kind: 'scenario',
      id: req.id,
      outcome: { ...runDesignScenarioFully(req.system, req.scenario), took: now() - started },
    };
  } catch (e) {
    return { kind: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) };
  }
}

/** A scenario as the panel shows it: the run, every expectation, every need, the conflicts, and each datastore's verdict. */
export function runDesignScenarioFully(system: SimSystem, scenario: Scenario): Omit<ScenarioOutcome, 'took'> {
  const result = runScenario(scenarioToConfig(scenario, system));
  const linearizability = cachedLinearizability();
  const needs = Object.fromEntries(system.components.map((c) => [c.name, c.needs ?? {}]));
  const expectations = runScenarioExpectations(scenario, result, { needs, linearizability });
  const used = new Set(result.history.map((op) => `${op.component}\u0000${op.store}`));
  const verdicts = judgeNeeds(
    result,
    system.components.map((c) => ({
      name: c.name,
      needs: Object.fromEntries(Object.entries(c.needs ?? {}).filter(([s]) => used.has(`${c.name}\u0000${s}`))),
    })),
    linearizability,
  );
  const storeVerdicts: StoreVerdict[] = system.stores.map((s) => {
    const ops = result.history.filter((op) => op.store === s.name);
    if (ops.length === 0) return { store: s.name, status: 'no-operations' };
    const typed = ops.find((op) => op.datatype);
    if (typed)
      return {
        store: s.name,
        status: 'not-a-register',
        message: `a ${typed.datatype}: linearizability of a register does not apply`,
      };
    const r = linearizability(s.name, ops);
    return {
      store: s.name,
      status: r.inconclusive ? 'inconclusive' : r.linearizable ? 'linearizable' : 'violated',
      message: r.counterexample?.message,
      result: r,
    };
  });
  return {
    history: result.history,
    report: result.report,
    expectations,
    needs: verdicts,
    conflicts: system.stores.flatMap((s) => conflictGroups(result, s.name)),
    verdicts: storeVerdicts,
  };
}
