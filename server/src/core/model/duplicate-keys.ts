// Duplicate keys found in one pass with a set per map. yaml's `uniqueKeys` option compares each new key with
// every earlier one (a map of 40,000 keys took 25 s); this gives the same verdict in linear time, and also
// finds keys that YAML holds distinct but CAP Lens reads as one name (`true:` and `"true":`).

import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Span } from './design';

export interface KeyRepeat {
  /** The later key, and the first one it repeats. */
  span: Span;
  first: Span;
  /** The key as CAP Lens names it (`String` of its value). */
  name: string;
  /**
   * `duplicate`: the same YAML value twice, which YAML 1.2 forbids (yaml's own uniqueKeys verdict).
   * `clash`: distinct YAML values with the same text (`true` and `"true"`, `1` and `"1"`): valid YAML, but
   * CAP Lens names entries by their text, so the two would be merged.
   */
  kind: 'duplicate' | 'clash';
}

const spanOf = (node: Node): Span => {
  const r = node.range ?? [0, 0, 0];
  return { start: r[0], end: Math.max(r[0], r[1]) };
};

/** Every repeated scalar key of every map in `doc`, in document order. Depth is bounded by the nesting guard. */
export function findRepeatedKeys(doc: Document): KeyRepeat[] {
  const out: KeyRepeat[] = [];
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of node.items) walk(item);
      return;
    }
    if (!isMap(node)) return;
    // By name, the earlier keys of that name with distinct values (almost always just one).
    const seen = new Map<string, Scalar[]>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      if (isScalar(key)) {
        // A null key is no name to CAP Lens, so it clashes with nothing (only with another null, as YAML says).
        const name = key.value === null ? '\u0000null' : String(key.value);
        const earlier = seen.get(name);
        if (earlier === undefined) seen.set(name, [key]);
        else {
          const same = earlier.find((k) => k.value === key.value);
          out.push({
            span: spanOf(key),
            first: spanOf(same ?? earlier[0]),
            name: String(key.value),
            kind: same ? 'duplicate' : 'clash',
          });
          if (!same) earlier.push(key);
        }
      } else walk(key);
      walk(pair.value);
    }
  };
  walk(doc.contents);
  return out;
}
