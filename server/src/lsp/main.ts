// The language server's entry point: a connection over whatever transport the client chose (stdio, IPC).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
