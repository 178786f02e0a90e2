// Where the Node language server runs design scenarios: a worker thread (dist/scenario-worker.js, see
// ./scenario-worker.ts) with its own heap, so a run that needs too much memory or time stops the thread, never
// the server. A run the next edit made obsolete is cancelled through a shared flag the run polls.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunOutcome, ScenarioRun } from '../core/simulation/scenario-runs';
import { InlineExecutor, RUN_TIMEOUT_MS, type Executor, type ExecutorFactory, type Report } from './scenario-runner';

/** The worker's heap: a run that needs more stops the worker, never the language server. */
const WORKER_HEAP_MB = 512;

/**
 * Runs in the bundled worker, dist/scenario-worker.js, found next to the server bundle or one folder up (the
 * CLI's `lsp` command lives in dist/commands/); without it (as under tsx) on this thread, one run per turn.
 */
export function workerThreadExecutor(
  log: (message: string) => void,
  script = [join(__dirname, 'scenario-worker.js'), join(__dirname, '..', 'scenario-worker.js')].find((p) => existsSync(p)),
): ExecutorFactory {
  return (report) => (script ? new WorkerThreadExecutor(script, report, log) : new InlineExecutor(report));
}

class WorkerThreadExecutor implements Executor {
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
    this.running = {
      id,
      timer: setTimeout(() => this.fail(id, `it ran for more than ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS),
    };
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
    const worker = new Worker(this.script, {
      workerData: { cancel: this.cancelFlag.buffer },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
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
