// The simulation worker: runs linearizability checks and whole scenarios off the panel's UI thread. Bundled on
// its own and started from a blob: URL (scripts/worker-plugin.mjs).

import { handleWorkerRequest, type WorkerRequest } from './worker-protocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = (e) => scope.postMessage(handleWorkerRequest(e.data, () => performance.now()));
