// Runs the design scenarios of open documents off the request path: one executor takes runs one at a time;
// diagnostics are published at once without the runs that are not finished, and again when each finishes. A
// run no open document wants any more (the next edit changed it) is cancelled or dropped. Outcomes are cached by
// the run's inputs, so an edit elsewhere in the file reuses them at once. Where runs execute is the host's to
// say: a worker thread in Node (./scenario-thread.ts), a Web Worker in a browser (./scenario-web-worker.ts), or
// this thread, one run per turn (InlineExecutor), when neither is there.

import { runOutcome, type RunOutcome, type ScenarioRun } from '../core/simulation/scenario-runs';

/** Outcomes kept (each a few kilobytes: verdicts and per-store counts, never the history). */
const OUTCOME_CACHE_SIZE = 256;
/** A run that takes longer than this is treated as hung: its worker is replaced. Budgets keep runs near a second. */
export const RUN_TIMEOUT_MS = 60_000;

/** Where runs execute. It reports each run it was given exactly once: its outcome, or 'cancelled'. */
export interface Executor {
  start(id: number, run: ScenarioRun): void;
  cancel(id: number): void;
  dispose(): void;
}

export type Report = (id: number, outcome: RunOutcome | 'cancelled') => void;

/** Makes the executor a ScenarioRunner sends its runs to; `report` takes their outcomes. */
export type ExecutorFactory = (report: Report) => Executor;

/** Runs on this thread, blocking it for the run (bounded by the scenario budgets): where no worker can be had. */
export class InlineExecutor implements Executor {
  private timer?: ReturnType<typeof setTimeout>;
  constructor(private readonly report: Report) {}
  start(id: number, run: ScenarioRun): void {
    // On a later turn, so the diagnostics without this run are published first.
    this.timer = setTimeout(() => this.report(id, runOutcome(run)), 0);
  }
  cancel(): void {}
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

export class ScenarioRunner {
  private readonly outcomes = new Map<string, RunOutcome>();
  /** Per document, the keys of its latest plan. */
  private readonly wanted = new Map<string, Set<string>>();
  private readonly queue: ScenarioRun[] = [];
  private running?: { id: number; run: ScenarioRun };
  private nextId = 1;
  private readonly executor: Executor;

  /**
   * `onOutcome(key)` is called when a run finishes (its outcome is then in `outcome(key)`). `executor` makes
   * where the runs execute (default: this thread, one per turn).
   */
  constructor(
    private readonly onOutcome: (key: string) => void,
    executor: ExecutorFactory = (report) => new InlineExecutor(report),
  ) {
    this.executor = executor((id, outcome) => this.finished(id, outcome));
  }

  outcome(key: string): RunOutcome | undefined {
    return this.outcomes.get(key);
  }

  /** The runs `uri` needs now; anything it asked for before and no longer needs is dropped or cancelled. */
  request(uri: string, runs: readonly ScenarioRun[]): void {
    this.wanted.set(uri, new Set(runs.map((r) => r.key)));
    for (const run of runs) {
      if (this.outcomes.has(run.key) || this.running?.run.key === run.key || this.queue.some((q) => q.key === run.key)) continue;
      this.queue.push(run);
    }
    this.prune();
    this.pump();
  }

  forget(uri: string): void {
    this.wanted.delete(uri);
    this.prune();
  }

  dispose(): void {
    this.queue.length = 0;
    this.executor.dispose();
  }

  private isWanted(key: string): boolean {
    for (const keys of this.wanted.values()) if (keys.has(key)) return true;
    return false;
  }

  private prune(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (!this.isWanted(this.queue[i].key)) this.queue.splice(i, 1);
    if (this.running && !this.isWanted(this.running.run.key)) this.executor.cancel(this.running.id);
  }

  private pump(): void {
    if (this.running) return;
    const run = this.queue.shift();
    if (!run) return;
    this.running = { id: this.nextId++, run };
    this.executor.start(this.running.id, run);
  }

  private finished(id: number, outcome: RunOutcome | 'cancelled'): void {
    if (this.running?.id !== id) return;
    const { run } = this.running;
    this.running = undefined;
    if (outcome !== 'cancelled') {
      if (this.outcomes.size >= OUTCOME_CACHE_SIZE) this.outcomes.delete(this.outcomes.keys().next().value!);
      this.outcomes.set(run.key, outcome);
      this.onOutcome(run.key);
    }
    this.pump();
  }
}
