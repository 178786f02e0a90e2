// What the language server and the extension agree on for Jepsen histories: the language id, the request the
// "Show History Timeline" command sends, and the view it gets back. No imports, so the extension can use it
// without pulling in the server.

export const HISTORY_LANGUAGE = 'jepsen-history';
/** The custom request of the client's "Show History Timeline" command: `{ uri }` → HistoryView | null. */
export const HISTORY_VIEW_REQUEST = 'capLens/historyView';

/** What the counterexample view draws for a history (sent to the webview as is). */
export interface HistoryView {
  uri: string;
  fileName: string;
  version: number;
  verdict: 'linearizable' | 'not-linearizable' | 'inconclusive' | 'unreadable';
  /** "85 operations by 19 processes (Jepsen log, register model)". */
  summary: string;
  message?: string;
  key?: string;
  notes: string[];
  /** The witness of a failure (or nothing), in invocation order. */
  ops: {
    lane: string;
    label: string;
    f: string;
    outcome: 'ok' | 'fail' | 'info';
    invoke: number;
    complete: number;
    line: number;
    completeLine?: number;
    failing: boolean;
  }[];
}
