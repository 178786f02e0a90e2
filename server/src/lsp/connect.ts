// The language server's connection: the transport the client asked for, with the LSP lifecycle enforced
// (./lifecycle) on every transport and strict framing (./framing) on standard streams, where a framing fault
// is logged to stderr and ends the process, so the client sees the server exit and restarts it.

import { writeSync } from 'node:fs';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { FramedMessageReader } from './framing';
import { Lifecycle } from './lifecycle';

/** A connection over `input`/`output` (stdio); `onClose` runs when the input ends. */
export function connectStreams(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  onClose: (lifecycle: Lifecycle) => void,
): Connection {
  const lifecycle = new Lifecycle();
  const reader = new FramedMessageReader(input);
  reader.onError((e) => {
    // Synchronous, so the reason is out before the process ends; VS Code shows a server's stderr in its log.
    writeSync(
      2,
      `CAP Lens language server: unreadable message from the client: ${e.message}. Exiting, so the client can restart the server.\n`,
    );
    process.exit(1);
  });
  reader.onClose(() => onClose(lifecycle));
  // Standard output carries the protocol: anything logged goes to standard error instead.
  console.log = console.info = console.warn = console.error;
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(output), {
    messageStrategy: lifecycle,
  });
  lifecycle.attach(connection);
  return connection;
}

/** The connection the command line (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`) asks for. */
export function connectFromArgv(argv: readonly string[] = process.argv.slice(2)): Connection {
  if (argv.includes('--stdio'))
    return connectStreams(process.stdin, process.stdout, (lifecycle) => process.exit(lifecycle.state === 'shutdown' ? 0 : 1));
  // IPC messages arrive whole (no framing to get wrong); sockets and pipes use the library's reader.
  const lifecycle = new Lifecycle();
  const connection = createConnection(ProposedFeatures.all, { messageStrategy: lifecycle });
  lifecycle.attach(connection);
  return connection;
}
