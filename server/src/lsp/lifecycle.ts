// The LSP lifecycle, enforced before any handler runs, for every transport: a request before `initialize`
// is answered ServerNotInitialized, a second `initialize` and any request after `shutdown` InvalidRequest,
// and notifications in those states are dropped (except `exit`). vscode-languageserver leaves all of this to
// the server; without it, requests were answered from an unconfigured server, and `initialize` ran twice.
// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#initialize

import {
  ErrorCodes,
  Message,
  ResponseError,
  type Connection,
  type MessageStrategy,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';

/** The internal method a refused request is routed to, so its error response goes out through the connection. */
const REFUSE = '$/capLens/refuse';

export class Lifecycle implements MessageStrategy {
  state: 'new' | 'initialized' | 'shutdown' = 'new';

  handleMessage(message: Message, next: (message: Message) => void): void {
    if (!Message.isRequest(message) && !Message.isNotification(message)) return next(message); // a response to us
    const method = (message as RequestMessage | NotificationMessage).method;
    if (Message.isRequest(message)) {
      const refusal =
        this.state === 'new' && method !== 'initialize'
          ? {
              code: ErrorCodes.ServerNotInitialized,
              message: `The server is not initialized: '${method}' came before 'initialize'.`,
            }
          : this.state !== 'new' && method === 'initialize'
            ? { code: ErrorCodes.InvalidRequest, message: "'initialize' may be sent only once." }
            : this.state === 'shutdown'
              ? { code: ErrorCodes.InvalidRequest, message: `The server is shutting down: '${method}' came after 'shutdown'.` }
              : undefined;
      if (refusal) return next({ ...message, method: REFUSE, params: refusal } as RequestMessage);
      if (method === 'initialize') this.state = 'initialized';
      else if (method === 'shutdown') this.state = 'shutdown';
      return next(message);
    }
    if (method === 'exit' || this.state === 'initialized') return next(message);
    // Before `initialize` and after `shutdown`, notifications other than `exit` are dropped.
  }

  /** Answers the refused requests with their error. */
  attach(connection: Connection): void {
    connection.onRequest(
      REFUSE,
      (refusal: { code: number; message: string }) => new ResponseError(refusal.code, refusal.message),
    );
  }
}
