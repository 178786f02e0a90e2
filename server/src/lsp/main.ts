// The language server's entry point: a connection over whatever transport the client chose (stdio, IPC).

import { fileRuleLookup } from '../node/config-file';
import { connectFromArgv } from './connect';
import { startServer } from './server';

// `.caplens.yaml` next to a design sets rule severities for the editor exactly as for `cap-lens check`.
startServer(connectFromArgv(), { fileRules: fileRuleLookup() });
