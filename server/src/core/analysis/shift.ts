// Moves the spans of a cached unit result when its position in the document changes. A unit keeps a flat
// list of its span objects, collected once, so moving it is one addition per span: no copies, no garbage.
// Results handed out by the incremental analyzer are therefore only valid until its next call.

import type { Span } from '../model/design';

/** Every distinct `{start, end}` object reachable from `value`, skipping user data (null prototype). */
export function collectSpans(value: unknown): Span[] {
  const seen = new Set<object>();
  const spans: Span[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    // User data (null prototype) and shared frozen definitions (engines) hold no spans of this unit.
    if (Object.getPrototypeOf(v) === null || Object.isFrozen(v)) return;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 2 && typeof obj.start === 'number' && typeof obj.end === 'number') {
      spans.push(obj as unknown as Span);
      return;
    }
    for (const k of keys) visit(obj[k]);
  };
  visit(value);
  return spans;
}

export function moveSpans(spans: readonly Span[], delta: number): void {
  if (delta === 0) return;
  for (const s of spans) {
    s.start += delta;
    s.end += delta;
  }
}
