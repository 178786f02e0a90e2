// Where the browser build of the language server runs design scenarios: a Web Worker of its own, so a scenario
// never blocks diagnostics, as the Node server's worker thread (./scenario-thread.ts) ensures there. The worker
// runs the server's own script (one bundle, two roles: ./browser-main.ts picks by the worker's name), so nothing
// else has to be found or fetched. Web Workers share no memory here (SharedArrayBuffer needs cross-origin
// isolation, which an extension host does not have), so a run the next edit made obsolete is cancelled by ending
// its worker; the next run starts a fresh one. Where a worker cannot start one, runs execute on the server's thread.

import { runOutcome, type RunOutcome, type ScenarioRun } from '../core/simulation/scenario-runs';
import { InlineExecutor, RUN_TIMEOUT_MS, type Executor, type ExecutorFactory, type Report } from './scenario-runner';

/** The name the scenario worker is started with, and recognises itself by. */
export const SCENARIO_WORKER_NAME = 'CAP Lens scenarios';

interface RunRequest {
  id: number;
  run: ScenarioRun;
}

interface RunAnswer {
  id: number;
  outcome: RunOutcome;
}

/** Runs in Web Workers started from `script` (default: this worker's own script). */
export function webWorkerExecutor(log: (message: string) => void, script = globalThis.location?.href): ExecutorFactory {
  return (report) =>
    typeof Worker === 'function' && script ? new WebWorkerExecutor(script, report, log) : new InlineExecutor(report);
}

class WebWorkerExecutor implements Executor {
  private worker?: Worker;
  private running?: { id: number; timer: ReturnType<typeof setTimeout> };
  /** Set once a worker could not be started: every run then executes on this thread. */
  private inline?: InlineExecutor;

  constructor(
    private readonly script: string,
    private readonly report: Report,
    private readonly log: (message: string) => void,
  ) {}

  start(id: number, run: ScenarioRun): void {
    if (!this.inline && !this.worker) {
      try {
        this.worker = this.spawn();
      } catch (e) {
        this.log(
          `CAP Lens could not start a worker for scenarios (${e instanceof Error ? e.message : String(e)}); they run on the language server's thread.`,
        );
        this.inline = new InlineExecutor(this.report);
      }
    }
    if (this.inline) return this.inline.start(id, run);
    this.running = {
      id,
      timer: setTimeout(() => this.fail(id, `it ran for more than ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS),
    };
    this.worker!.postMessage({ id, run } satisfies RunRequest);
  }

  cancel(id: number): void {
    if (this.running?.id !== id) return;
    this.stop();
    // On a later turn: the runner is still inside the call that cancelled.
    setTimeout(() => this.report(id, 'cancelled'), 0);
  }

  dispose(): void {
    this.stop();
    this.inline?.dispose();
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { name: SCENARIO_WORKER_NAME });
    worker.onmessage = (e: MessageEvent<RunAnswer>) => {
      if (this.running?.id !== e.data.id) return;
      clearTimeout(this.running.timer);
      this.running = undefined;
      this.report(e.data.id, e.data.outcome);
    };
    // A worker that fails (out of memory, a crash) takes only the run it held with it.
    worker.onerror = (e) => {
      e.preventDefault();
      if (this.running) this.fail(this.running.id, `the simulator stopped (${e.message})`);
    };
    return worker;
  }

  private stop(): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = undefined;
    this.worker?.terminate();
    this.worker = undefined;
  }

  private fail(id: number, message: string): void {
    if (this.running?.id !== id) return;
    this.stop();
    this.log(`CAP Lens scenario run ${id} failed: ${message}`);
    this.report(id, { ok: false, message });
  }
}

/** The scenario worker's side: one run per message, its outcome posted back. */
export function serveScenarios(scope: {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunAnswer): void;
}): void {
  scope.onmessage = ({ data: { id, run } }) => {
    let outcome: RunOutcome;
    try {
      outcome = runOutcome(run);
    } catch (e) {
      outcome = { ok: false, message: `the simulator failed (${e instanceof Error ? e.message : String(e)})` };
    }
    scope.postMessage({ id, outcome });
  };
}
