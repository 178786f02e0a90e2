// A small kit of runtime validators whose types are inferred from them, for data that crosses a process or
// webview boundary (the simulator model, webview messages): each check returns undefined when the value fits,
// or a message naming the first offending path.

export type Check<T> = ((value: unknown, path: string) => string | undefined) & { readonly __type?: T };
export type Infer<C> = C extends Check<infer T> ? T : never;

export const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export const string: Check<string> = (v, p) =>
  typeof v === 'string' ? undefined : `${p}: expected a string, got ${typeName(v)}`;
export const boolean: Check<boolean> = (v, p) =>
  typeof v === 'boolean' ? undefined : `${p}: expected a boolean, got ${typeName(v)}`;
/** Finite numbers only: NaN and Infinity do not survive JSON and mean a bug upstream. */
export const number: Check<number> = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? undefined : `${p}: expected a finite number, got ${typeName(v)}`;
export const integer: Check<number> = (v, p) =>
  Number.isInteger(v) ? undefined : `${p}: expected an integer, got ${typeName(v)}`;

export function literal<const L extends readonly string[]>(...values: L): Check<L[number]> {
  return (v, p) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `${p}: expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`;
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

export type Shape = Record<string, Check<unknown>>;
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

/** Validate and narrow; the error names the first offending path. */
export function validate<T>(
  check: Check<T>,
  value: unknown,
  what = 'message',
): { ok: true; value: T } | { ok: false; error: string } {
  const error = check(value, what);
  return error === undefined ? { ok: true, value: value as T } : { ok: false, error };
}

/** A map from any string key to values of one kind (at most `max` entries). */
export function record<T>(value: Check<T>, max = 10_000): Check<Record<string, T>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: expected an object, got ${typeName(v)}`;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > max) return `${p}: more than ${max} entries`;
    for (const [k, x] of entries) {
      const e = value(x, `${p}.${k}`);
      if (e) return e;
    }
    return undefined;
  };
}

/**
 * Plain JSON data of any shape (null, booleans, finite numbers, strings, arrays, objects), nested at most 32 deep
 * and 100,000 values in all: a design's raw `scenarios:` section, which the receiver validates itself.
 */
export const json: Check<unknown> = (v, p) => {
  let budget = 100_000;
  const walk = (x: unknown, at: string, depth: number): string | undefined => {
    if (--budget < 0) return `${p}: too large`;
    if (depth > 32) return `${at}: nested too deep`;
    if (x === null || typeof x === 'boolean' || typeof x === 'string') return undefined;
    if (typeof x === 'number') return Number.isFinite(x) ? undefined : `${at}: expected a finite number`;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const e = walk(x[i], `${at}[${i}]`, depth + 1);
        if (e) return e;
      }
      return undefined;
    }
    if (typeof x === 'object') {
      for (const [k, y] of Object.entries(x as Record<string, unknown>)) {
        const e = walk(y, `${at}.${k}`, depth + 1);
        if (e) return e;
      }
      return undefined;
    }
    return `${at}: not JSON data (${typeName(x)})`;
  };
  return walk(v, p, 0);
};
