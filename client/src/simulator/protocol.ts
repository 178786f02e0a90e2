// The typed messages between the extension and the simulator webview, and the validators both sides run on
// everything they receive. Types are inferred from the validators, so the two cannot drift.
//
// The language server builds the design's model from its one analysis (server/src/core/ide/simulator-model.ts);
// the extension forwards it, the webview simulates and draws, and asks the extension only to reveal places in
// the document. Nothing else crosses the boundary.

import { object, optional, string, typeName, validate, type Check, type Infer } from '../../../server/src/core/ide/shape';
import { revealTarget, simulatorModel } from '../../../server/src/core/ide/simulator-model';

export { validate };
export { CLAIM_KEYS, distribution, revealTarget, simulatorModel, sourceRange } from '../../../server/src/core/ide/simulator-model';
export type { ClaimModel, DatastoreModel, RevealTarget, SimulatorModel, SourceRange } from '../../../server/src/core/ide/simulator-model';

/** A union discriminated by `type`, each member carrying a `payload`. */
function messages<M extends Record<string, Check<unknown>>>(members: M): Check<{ [K in keyof M]: { type: K; payload: Infer<M[K]> } }[keyof M]> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null) return `${p}: expected a message object, got ${typeName(v)}`;
    const { type, payload, ...rest } = v as { type?: unknown; payload?: unknown };
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(members, type)) return `${p}.type: unknown message type ${JSON.stringify(type)}`;
    const extra = Object.keys(rest);
    if (extra.length > 0) return `${p}: unexpected key '${extra[0]}'`;
    return members[type](payload, `${p}.payload`);
  };
}

// Messages

/** Extension → webview. */
export const toWebview = messages({
  /** The design's model, sent on `ready` and after every change of the document (debounced). */
  model: object({ model: simulatorModel, focus: optional(string) }),
  /** Show this datastore (the Simulate code lens of another datastore was used on an open panel). */
  focus: object({ datastore: string }),
});
export type ToWebview = Infer<typeof toWebview>;

/** Webview → extension. */
export const toExtension = messages({
  /** The webview has loaded (or was restored) and wants the model. */
  ready: object({}),
  /** Select this place in the editor: "go to the claim this run breaks". */
  reveal: revealTarget,
  /** An error inside the webview, for the extension's log. */
  error: object({ message: string }),
});
export type ToExtension = Infer<typeof toExtension>;
