// One design scenario's run reduced to what judging it needs: small plain data that can cross to a worker
// thread and back, and be cached by the run's inputs. Runs are deterministic (seeded), so the same key
// always gives the same summary.

import { ScenarioStopped, type RunControl } from './budget';
import type { ExpectationResult } from './expectations';
import type { SimSystem } from './from-design';
import { runDesignScenario } from './scenario-config';
import type { Scenario } from './scenarios';

/** A run to do: the scenario, the system it runs against, and the key its outcome is cached under. */
export interface ScenarioRun {
  key: string;
  scenario: Scenario;
  system: SimSystem;
}

export interface RunSummary {
  expectations: ExpectationResult[];
  stores: { store: string; lostWrites: number; staleReads: number; staleReadRate: number }[];
}

/** A finished run, or why it has no result (it passed the event cap, or the simulator refused it). */
export type RunOutcome = { ok: true; summary: RunSummary } | { ok: false; message: string };

/** The key of a run: the system (serialised once per design, see `systemKey`) and the scenario. */
export function runKey(systemKey: string, scenario: Scenario): string {
  return `${systemKey}\u0000${JSON.stringify(scenario)}`;
}

export function systemKey(system: SimSystem): string {
  return JSON.stringify(system);
}

/**
 * Runs a scenario within `control` (default: the hard event cap) and keeps what judging needs. Throws
 * ScenarioStopped('cancelled') when cancelled; every other way a run can end is an outcome.
 */
export function runOutcome(run: ScenarioRun, control: RunControl = {}): RunOutcome {
  try {
    const { result, expectations } = runDesignScenario(run.system, run.scenario, control);
    return {
      ok: true,
      summary: {
        expectations,
        stores: result.report.stores.map((s) => ({
          store: s.store,
          lostWrites: s.lostWrites,
          staleReads: s.staleReads,
          staleReadRate: s.staleReadRate,
        })),
      },
    };
  } catch (e) {
    if (e instanceof ScenarioStopped && e.why === 'cancelled') throw e;
    if (e instanceof ScenarioStopped)
      return { ok: false, message: `it took more than the simulation budget of events, so it was stopped` };
    if (e instanceof RangeError) return { ok: false, message: `the simulator ran out of room (${e.message})` };
    return { ok: false, message: `the simulator refused it: ${(e as Error).message}` };
  }
}
