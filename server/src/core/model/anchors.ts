// Anchors and aliases resolved once per parse: every alias mapped to the node it names, and the expansion
// aliases would cause bounded. yaml's own `Alias.resolve` walks the whole document for every alias, so
// 20,000 aliases cost 20,000 walks; and an alias bomb (nine aliases of nine aliases of …) expands to
// billions of nodes from a kilobyte of text. Here the cost is one walk, proportional to the text.

import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import type { Span } from './design';

/** Nodes that aliases may expand to in one design, in all: far above any real use of anchors. */
export const ALIAS_EXPANSION_BUDGET = 100_000;

export interface AnchorIndex {
  /** Each alias's target; null for an alias with no anchor before it, or one refused by the budget. */
  targets: ReadonlyMap<Alias, Node | null>;
  /** Where expansion was refused, and why: the first alias past the budget. */
  refused?: { span: Span; message: string };
}

/**
 * Resolves every alias of `doc` to the last node anchored with its name before it, in document order (as
 * YAML 1.2 §7.1 and yaml's `Alias.resolve` do), and sizes what each alias expands to. Aliases are expanded
 * in document order against ALIAS_EXPANSION_BUDGET; the first alias that would exceed it, and every alias
 * after it, resolve to null. An alias inside the node it names (a cycle) is refused the same way.
 */
export function indexAnchors(doc: Document, budget = ALIAS_EXPANSION_BUDGET): AnchorIndex {
  const targets = new Map<Alias, Node | null>();
  const anchors = new Map<string, Node>();
  /** Expanded node count of each finished node; an anchored node still being walked has none yet. */
  const size = new Map<unknown, number>();
  const aliases: { alias: Alias; target: Node | undefined }[] = [];

  // Post-order, so a node's size is known once its children are; recursion depth is the nesting depth,
  // which the analysis limits bound before any parse.
  const walk = (node: unknown): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      aliases.push({ alias: node, target });
      // A target without a size yet is an ancestor of this alias: expanding it never ends.
      const n = target === undefined ? 1 : (size.get(target) ?? Infinity);
      size.set(node, n);
      return n;
    }
    const anchor = (isScalar(node) || isMap(node) || isSeq(node)) && node.anchor ? node.anchor : undefined;
    if (anchor !== undefined) anchors.set(anchor, node as Node);
    let n = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) n += isPair(item) ? walk(item.key) + walk(item.value) : walk(item);
    }
    size.set(node, n);
    return n;
  };
  walk(doc.contents);

  let total = 0;
  let refused: AnchorIndex['refused'];
  for (const { alias, target } of aliases) {
    if (refused || target === undefined) {
      targets.set(alias, null);
      continue;
    }
    total += size.get(alias)!;
    if (total > budget) {
      const range = alias.range ?? [0, 0];
      const cyclic = size.get(alias) === Infinity;
      refused = {
        span: { start: range[0], end: Math.max(range[0], range[1]) },
        message: cyclic
          ? `The alias *${alias.source} sits inside the node it names, so it would expand forever; CAP Lens does not expand it.`
          : `Aliases in this design expand to more than ${budget.toLocaleString('en-US')} nodes here (*${alias.source}): CAP Lens stops expanding aliases at this one, as an alias bomb would exhaust memory.`,
      };
      targets.set(alias, null);
      continue;
    }
    targets.set(alias, target);
  }
  return { targets, refused };
}
