// The typed messages between the extension and the simulator webview, and the hand-written validators both
// sides run on everything they receive. Types are inferred from the validators, so the two cannot drift.
//
// The extension analyses the design and sends a plain model; the webview simulates and draws, and asks the
// extension only to reveal places in the document. Nothing else crosses the boundary.

import type { Distribution } from '../../../server/src/core/latency';

// ---------------------------------------------------------------------------------------------------------
// A small validator kit: each check returns undefined when the value fits, or a message naming the path.

export type Check<T> = ((value: unknown, path: string) => string | undefined) & { readonly __type?: T };
export type Infer<C> = C extends Check<infer T> ? T : never;

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export const string: Check<string> = (v, p) => (typeof v === 'string' ? undefined : `${p}: expected a string, got ${typeName(v)}`);
export const boolean: Check<boolean> = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected a boolean, got ${typeName(v)}`);
/** Finite numbers only: NaN and Infinity do not survive JSON and mean a bug upstream. */
export const number: Check<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${p}: expected a finite number, got ${typeName(v)}`);
export const integer: Check<number> = (v, p) => (Number.isInteger(v) ? undefined : `${p}: expected an integer, got ${typeName(v)}`);

export function literal<const L extends readonly string[]>(...values: L): Check<L[number]> {
  return (v, p) => (typeof v === 'string' && values.includes(v) ? undefined : `${p}: expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
}

export function array<T>(item: Check<T>, max = 10_000): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected an array, got ${typeName(v)}`;
    if (v.length > max) return `${p}: more than ${max} items`;
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}

type Shape = Record<string, Check<unknown>>;
type Optionals<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type FromShape<S extends Shape> = { [K in Exclude<keyof S, Optionals<S>>]: Infer<S[K]> } & { [K in Optionals<S>]?: Infer<S[K]> };
type Flat<T> = { [K in keyof T]: T[K] };

/** A plain object with these keys (unknown keys are rejected: a typo on one side should fail loudly). */
export function object<S extends Shape>(shape: S): Check<Flat<FromShape<S>>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: expected an object, got ${typeName(v)}`;
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!(key in shape)) return `${p}: unexpected key '${key}'`;
    for (const [key, check] of Object.entries(shape)) {
      const e = check(o[key], `${p}.${key}`);
      if (e) return e;
    }
    return undefined;
  };
}

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

/** Validate and narrow; the error names the first offending path. */
export function validate<T>(check: Check<T>, value: unknown, what = 'message'): { ok: true; value: T } | { ok: false; error: string } {
  const error = check(value, what);
  return error === undefined ? { ok: true, value: value as T } : { ok: false, error };
}

// ---------------------------------------------------------------------------------------------------------
// The latency distributions of the design language (recursive, so written by hand).

const DISTRIBUTION_SHAPES: Record<Distribution['kind'], Shape> = {
  constant: { kind: string, value: number },
  exponential: { kind: string, mean: number },
  pareto: { kind: string, xm: number, alpha: number },
  normal: { kind: string, mean: number, sd: number },
  uniform: { kind: string, lo: number, hi: number },
  mix: { kind: string, parts: (v, p) => array(object({ weight: number, dist: distribution }), 64)(v, p) },
  sum: { kind: string, terms: (v, p) => array(distribution, 64)(v, p) },
};

export const distribution: Check<Distribution> = (v, p) => {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(DISTRIBUTION_SHAPES, kind)) return `${p}.kind: not a distribution`;
  return object(DISTRIBUTION_SHAPES[kind as Distribution['kind']])(v, p);
};

const legs = object({ write: optional(distribution), ack: optional(distribution), read: optional(distribution), response: optional(distribution) });

// ---------------------------------------------------------------------------------------------------------
// The model the extension sends: what the simulator needs of one design, and where things stand in it.

/** Character offsets [start, end) into the document, with the 1-based line of `start` for display. */
export const sourceRange = object({ start: integer, end: integer, line: integer });
export type SourceRange = Infer<typeof sourceRange>;

export const CLAIM_KEYS = ['consistency', 'cap', 'pacelc', 'on_partition', 'tolerates', 'loss_free'] as const;
export const claimModel = object({
  /** The key as written in the design. */
  key: literal(...CLAIM_KEYS),
  value: string,
  /** From the key to the end of the value: what "go to the claim" selects. */
  range: sourceRange,
});
export type ClaimModel = Infer<typeof claimModel>;

export const datastoreModel = object({
  name: string,
  range: sourceRange,
  family: literal('leaderless', 'leader', 'consensus'),
  n: integer,
  r: integer,
  w: integer,
  readFrom: literal('leader', 'followers'),
  conflicts: optional(literal('last-write-wins', 'vector-clocks', 'crdt', 'none')),
  /** Leaderless: repair stale replicas after a read (an engine setting, `read_repair`). */
  readRepair: optional(boolean),
  /** Replicas per region, in the order written; empty when the design does not say. */
  placement: array(object({ region: string, count: integer }), 1000),
  /** As written: a preset, legs, or both; absent means the default preset. */
  latency: optional(object({ preset: optional(string), legs: optional(legs) })),
  /** One line saying which latency model applies, e.g. "wan (preset)". */
  latencyLabel: string,
  /** What the analysis derives from the settings (the same core as the diagnostics). */
  derived: object({
    consistency: string,
    consistencyReason: string,
    cap: literal('CP', 'AP', 'CA'),
    pacelc: string,
    staleReadProbability: number,
    minorityRefusesWrites: boolean,
    losesAcknowledgedWrites: boolean,
  }),
  claims: array(claimModel, 16),
  /** Components that use this datastore, and the consistency they need from it. */
  usedBy: array(object({ component: string, needs: optional(string), range: sourceRange }), 1000),
});
export type DatastoreModel = Infer<typeof datastoreModel>;

export const simulatorModel = object({
  /** The document's URI (string) and version the model was computed from. */
  uri: string,
  fileName: string,
  version: integer,
  system: optional(string),
  /** Declared region names, in order: the layout follows them. */
  regions: array(string, 1000),
  datastores: array(datastoreModel, 1000),
  /** Datastores that cannot be simulated yet (no replica count, quorum out of range...), with why. */
  skipped: array(object({ name: string, reason: string }), 1000),
  /** Shown above the drawing, e.g. when the YAML is broken and the model is the last good one. */
  notice: optional(string),
});
export type SimulatorModel = Infer<typeof simulatorModel>;

// ---------------------------------------------------------------------------------------------------------
// Messages

/** Extension → webview. */
export const toWebview = messages({
  /** The design's model, sent on `ready` and after every change of the document (debounced). */
  model: object({ model: simulatorModel, focus: optional(string) }),
  /** Show this datastore (the Simulate code lens of another datastore was used on an open panel). */
  focus: object({ datastore: string }),
});
export type ToWebview = Infer<typeof toWebview>;

/** What "go to" points at, by identity rather than offsets, so it still works after the document changed. */
export const revealTarget = object({
  datastore: string,
  /** A claim of the datastore; absent: the datastore itself. */
  claim: optional(literal(...CLAIM_KEYS)),
  /** A component's use of the datastore (takes precedence over `claim`). */
  component: optional(string),
});
export type RevealTarget = Infer<typeof revealTarget>;

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
