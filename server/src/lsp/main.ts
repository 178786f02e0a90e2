// The language server's entry point: a connection over whatever transport the client chose (stdio, IPC).

import { fileRuleLookup } from '../node/config-file';
import { connectFromArgv } from './connect';
import { workerThreadExecutor } from './scenario-thread';
import { startServer } from './server';

// `.caplens.yaml` next to a design sets rule severities for the editor exactly as for `cap-lens check`.
// Design scenarios run in a worker thread.
startServer(connectFromArgv(), { fileRules: fileRuleLookup(), scenarios: workerThreadExecutor });
