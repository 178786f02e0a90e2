// Runs the design scenarios of open documents off the request path: one worker thread takes runs one at a
// time; diagnostics are published at once without the runs that are not finished, and again when each
// finishes. A run no open document wants any more (the next edit changed it) is cancelled or dropped.
// Outcomes are cached by the run's inputs, so an edit elsewhere in the file reuses them at once.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runOutcome, type RunOutcome, type ScenarioRun } from '../core/simulation/scenario-runs';

/** Outcomes kept (each a few kilobytes: verdicts and per-store counts, never the history). */
const OUTCOME_CACHE_SIZE = 256;
/** A run that takes longer than this is treated as hung: the worker is replaced. Budgets keep runs near a second. */
const RUN_TIMEOUT_MS = 60_000;
/** The worker's heap: a run that needs more stops the worker, never the language server. */
const WORKER_HEAP_MB = 512;

/** Where runs execute: a worker thread, or (when the worker script is absent, as under tsx) this thread. */
interface Executor {
  start(id: number, run: ScenarioRun): void;
  cancel(id: number): void;
  dispose(): void;
}

type Report = (id: number, outcome: RunOutcome | 'cancelled') => void;

class WorkerExecutor implements Executor {
  private worker?: Worker;
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private running?: { id: number; timer: ReturnType<typeof setTimeout> };

  constructor(
    private readonly script: string,
    private readonly report: Report,
    private readonly log: (message: string) => void,
  ) {}

  start(id: number, run: ScenarioRun): void {
    const worker = (this.worker ??= this.spawn());
    Atomics.store(this.cancelFlag, 0, 0);
    this.running = { id, timer: setTimeout(() => this.fail(id, `it ran for more than ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS) };
    worker.postMessage({ id, run });
  }

  cancel(id: number): void {
    if (this.running?.id === id) Atomics.store(this.cancelFlag, 0, id);
  }

  dispose(): void {
    if (this.running) clearTimeout(this.running.timer);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { workerData: { cancel: this.cancelFlag.buffer }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.unref();
    worker.on('message', (m: { id: number; outcome?: RunOutcome; cancelled?: boolean }) => {
      if (this.running?.id !== m.id) return;
      clearTimeout(this.running.timer);
      this.running = undefined;
      this.report(m.id, m.cancelled ? 'cancelled' : m.outcome!);
    });
    // A worker that dies (out of memory, a crash) takes only the run it held with it.
    worker.on('error', (e) => this.running && this.fail(this.running.id, `the simulator stopped (${e.message})`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      if (this.running) this.fail(this.running.id, 'the simulator stopped');
    });
    return worker;
  }

  private fail(id: number, message: string): void {
    if (this.running?.id !== id) return;
    clearTimeout(this.running.timer);
    this.running = undefined;
    this.log(`CAP Lens scenario run ${id} failed: ${message}`);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.report(id, { ok: false, message });
  }
}

class InlineExecutor implements Executor {
  private timer?: ReturnType<typeof setImmediate>;
  constructor(private readonly report: Report) {}
  start(id: number, run: ScenarioRun): void {
    // On a later turn, so the diagnostics without this run are published first; the run itself is bounded.
    this.timer = setImmediate(() => this.report(id, runOutcome(run)));
  }
  cancel(): void {}
  dispose(): void {
    if (this.timer) clearImmediate(this.timer);
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
   * `onOutcome(key)` is called when a run finishes (its outcome is then in `outcome(key)`). `script` is the
   * bundled worker, dist/scenario-worker.js, found next to the server bundle or one folder up (the CLI's
   * `lsp` command lives in dist/commands/); without it runs execute on this thread, one per turn.
   */
  constructor(
    private readonly onOutcome: (key: string) => void,
    log: (message: string) => void,
    script = [join(__dirname, 'scenario-worker.js'), join(__dirname, '..', 'scenario-worker.js')].find((p) => existsSync(p)),
  ) {
    const report: Report = (id, outcome) => this.finished(id, outcome);
    this.executor = script ? new WorkerExecutor(script, report, log) : new InlineExecutor(report);
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
