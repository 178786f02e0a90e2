// Moves every span in a cached unit result by a fixed offset: a unit parsed alone has offsets relative to
// its own text, and the unit's position in the document changes whenever an edit above it changes length.

/** A deep copy with `delta` added to every `{start, end}` span. */
export function shiftSpans<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shift(value, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shift(v, delta));
  // User data (built with a null prototype) is immutable and holds no spans of ours.
  if (Object.getPrototypeOf(value) === null) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 2 && typeof obj.start === 'number' && typeof obj.end === 'number') {
    return { start: obj.start + delta, end: obj.end + delta };
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = shift(obj[k], delta);
  return out;
}
