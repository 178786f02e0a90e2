// The scenario worker thread (bundled to dist/scenario-worker.js): runs one design scenario per message for
// the language server's ScenarioRunner and posts back its outcome. The run polls a shared cancellation flag,
// so a run the next edit made obsolete stops within a few thousand events.

import { parentPort, workerData } from 'node:worker_threads';
import { ScenarioStopped } from '../core/simulation/budget';
import { runOutcome, type ScenarioRun } from '../core/simulation/scenario-runs';

const cancel = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);

parentPort!.on('message', ({ id, run }: { id: number; run: ScenarioRun }) => {
  try {
    parentPort!.postMessage({ id, outcome: runOutcome(run, { isCancelled: () => Atomics.load(cancel, 0) === id }) });
  } catch (e) {
    if (e instanceof ScenarioStopped) parentPort!.postMessage({ id, cancelled: true });
    else parentPort!.postMessage({ id, outcome: { ok: false, message: `the simulator failed (${(e as Error).message})` } });
  }
});
