// The typed messages between the extension and the simulator webview, and the validators both sides run on
// everything they receive. Types are inferred from the validators, so the two cannot drift.
//
// The language server builds the design's model from its one analysis (server/src/core/ide/simulator-model.ts);
// the extension forwards it, the webview simulates and draws, and asks the extension only to reveal places in
// the document. Nothing else crosses the boundary.

import {
  array,
  boolean,
  integer,
  literal,
  number,
  object,
  optional,
  string,
  typeName,
  validate,
  type Check,
  type Infer,
} from '../../../server/src/core/ide/shape';
import { revealTarget, simulatorModel } from '../../../server/src/core/ide/simulator-model';

export { validate };
export {
  CLAIM_KEYS,
  distribution,
  revealTarget,
  simulatorModel,
  sourceRange,
} from '../../../server/src/core/ide/simulator-model';
export type {
  ClaimModel,
  DatastoreModel,
  RevealTarget,
  SimulatorModel,
  SourceRange,
} from '../../../server/src/core/ide/simulator-model';

/** A union discriminated by `type`, each member carrying a `payload`. */
function messages<M extends Record<string, Check<unknown>>>(
  members: M,
): Check<{ [K in keyof M]: { type: K; payload: Infer<M[K]> } }[keyof M]> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null) return `${p}: expected a message object, got ${typeName(v)}`;
    const { type, payload, ...rest } = v as { type?: unknown; payload?: unknown };
    if (typeof type !== 'string' || !Object.hasOwn(members, type))
      return `${p}.type: unknown message type ${JSON.stringify(type)}`;
    const extra = Object.keys(rest);
    if (extra.length > 0) return `${p}: unexpected key '${extra[0]}'`;
    return members[type](payload, `${p}.payload`);
  };
}

// ---------------------------------------------------------------------------------------------------------
// A Jepsen history's verdict and the operations of its counterexample (computed by the language server, see
// server/src/lsp/history.ts; the history view of the webview only draws it).

export const historyOpModel = object({
  lane: string,
  label: string,
  f: string,
  outcome: literal('ok', 'fail', 'info'),
  /** Event positions in the history. */
  invoke: number,
  complete: number,
  /** 1-based lines of the invocation and completion in the history file. */
  line: integer,
  completeLine: optional(integer),
  failing: boolean,
});

export const historyViewModel = object({
  uri: string,
  fileName: string,
  version: integer,
  verdict: literal('linearizable', 'not-linearizable', 'inconclusive', 'unreadable'),
  summary: string,
  message: optional(string),
  key: optional(string),
  notes: array(string, 1000),
  ops: array(historyOpModel, 10_000),
});
export type HistoryViewModel = Infer<typeof historyViewModel>;

// ---------------------------------------------------------------------------------------------------------
// Messages

/** Extension → webview. */
export const toWebview = messages({
  /** The design's model, sent on `ready` and after every change of the document (debounced). */
  model: object({ model: simulatorModel, focus: optional(string) }),
  /** Show this datastore (the Simulate code lens of another datastore was used on an open panel). */
  focus: object({ datastore: string }),
  /** A Jepsen history's verdict and counterexample (the history view), sent on `ready` and after each change. */
  history: historyViewModel,
});
export type ToWebview = Infer<typeof toWebview>;

/** Webview → extension. */
export const toExtension = messages({
  /** The webview has loaded (or was restored) and wants the model. */
  ready: object({}),
  /** Select this place in the editor: "go to the claim this run breaks". */
  reveal: revealTarget,
  /** Show this datastore: the next model describes it in full. */
  select: object({ datastore: string }),
  /** An error inside the webview, for the extension's log. */
  error: object({ message: string }),
  /** Select this 1-based line of the history in the editor (the history view's "line N" links). */
  revealLine: object({ line: integer }),
});
export type ToExtension = Infer<typeof toExtension>;
