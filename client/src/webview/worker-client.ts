// The page's side of the simulation worker: one worker started from the bundled source through a blob: URL (the
// panel's Content Security Policy allows `worker-src blob:`), requests matched to answers by id. Where no worker
// can start, the same handler runs on the page after a tick, so the panel still works, only less smoothly.

import source from 'worker:./sim-worker';
import type { LinearizabilityResult, Operation, Scenario, SimSystem } from './core';
import { handleWorkerRequest, type ScenarioOutcome, type WorkerRequest, type WorkerResponse } from './worker-protocol';

type Pending = { resolve: (r: WorkerResponse) => void };

export class SimWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** `worker` when checks run off the UI thread; `page` when no worker could start. */
  readonly mode: 'worker' | 'page';

  constructor() {
    try {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      this.worker = new Worker(url);
      this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.settle(e.data);
      this.worker.onerror = (e) => {
        // A worker that dies takes its requests with it: answer them, and carry on in the page.
        e.preventDefault();
        this.worker = undefined;
        for (const [id] of this.pending)
          this.settle({ kind: 'error', id, message: `the simulation worker failed: ${e.message}` });
      };
      this.mode = 'worker';
    } catch {
      this.worker = undefined;
      this.mode = 'page';
    }
  }

  private settle(r: WorkerResponse): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    p.resolve(r);
  }

  private request(
    req: WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never,
  ): Promise<WorkerResponse> {
    const id = this.nextId++;
    const full = { ...req, id } as WorkerRequest;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      if (this.worker) this.worker.postMessage(full);
      else setTimeout(() => this.settle(handleWorkerRequest(full, () => performance.now())), 0);
    });
  }

  async linearizability(ops: Operation[], maxConfigurations?: number): Promise<LinearizabilityResult> {
    const r = await this.request({ kind: 'linearizability', ops, maxConfigurations });
    if (r.kind === 'linearizability') return r.result;
    throw new Error(r.kind === 'error' ? r.message : 'unexpected answer');
  }

  async scenario(system: SimSystem, scenario: Scenario): Promise<ScenarioOutcome> {
    const r = await this.request({ kind: 'scenario', system, scenario });
    if (r.kind === 'scenario') return r.outcome;
    throw new Error(r.kind === 'error' ? r.message : 'unexpected answer');
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
