// The safety net under every quick fix: before a fix leaves the core (for the editor's code actions, or the
// CLI's JSON and SARIF), it is applied to the text and the result re-parsed. A fix is withheld when its
// result does not parse, loses a comment, adds a duplicate key, or edits a node that aliases elsewhere in the
// file point at (changing it would change those entries too; their own fixes replace the alias in place).
// The fix builders aim to get all of this right; this catches the kinds they miss.

import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, parseDocument, type Document, type Node } from 'yaml';
import { planChunks } from './chunks';
import type { Finding, Fix, TextEdit } from '../rules/findings';
import type { Span } from '../model/design';
import { findRepeatedKeys } from '../model/duplicate-keys';

export type FixVerdict = { ok: true } | { ok: false; reason: string };

const PARSE = { prettyErrors: false, uniqueKeys: false, strict: true } as const;
/** A plain scalar with no YAML indicator in it: `3`, `majority`, `PA/EL`, `read-your-writes`, `EACH_QUORUM`. */
const PLAIN_VALUE = /^[A-Za-z0-9_][A-Za-z0-9_./+-]*$/;

/** Applies non-overlapping edits to `text` (offsets into `text`). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function overlapping(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  return sorted.some((e, i) => i > 0 && e.span.start < sorted[i - 1].span.end);
}

/** The comments of a YAML text, as the lexer sees them (so `#` inside scalars is not one). */
function comments(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** A node that at least one alias names, with the alias's name. */
interface AliasedNode {
  span: Span;
  collection: boolean;
  name: string;
}

function aliasedNodes(doc: Document): AliasedNode[] {
  const anchored = new Map<string, Node>();
  const named = new Set<Node>();
  // Document order, as aliases resolve (see ../model/anchors); depth is bounded by the nesting guard.
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      const target = anchored.get(node.source);
      if (target) named.add(target);
      return;
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) anchored.set(node.anchor, node as Node);
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  return [...named].map((n) => {
    const r = n.range ?? [0, 0, 0];
    return { span: { start: r[0], end: r[1] }, collection: !isScalar(n), name: (n as { anchor?: string }).anchor ?? '' };
  });
}

/** An edit changes the node: it overlaps it, or inserts inside it (at a block collection's end, too). */
function touches(edit: TextEdit, node: AliasedNode): boolean {
  const { start, end } = edit.span;
  if (start < end) return start < node.span.end && end > node.span.start;
  return node.collection ? node.span.start < start && start <= node.span.end : node.span.start < start && start < node.span.end;
}

/**
 * Checks fixes against one text. The whole text is parsed at most once (only when it has anchors); each fix
 * re-parses just the top-level entry it edits (a datastore, a component, a top-level key) when the file
 * splits into entries, so checking every fix of a large design stays linear.
 */
export class FixVerifier {
  private aliased?: AliasedNode[];
  private chunks?: { start: number; end: number }[] | null;
  private readonly before = new Map<string, { errors: number; repeats: number; comments: Map<string, number> }>();

  constructor(private readonly text: string) {}

  check(fix: Fix): FixVerdict {
    const edits = fix.edits;
    if (edits.length === 0) return { ok: false, reason: 'it changes nothing' };
    if (edits.some((e) => e.span.start < 0 || e.span.end > this.text.length || e.span.end < e.span.start) || overlapping(edits))
      return { ok: false, reason: 'its edits do not fit the text' };
    for (const node of this.aliasedNodes()) {
      if (edits.some((e) => touches(e, node)))
        return {
          ok: false,
          reason: `it would also change every entry that aliases this value (*${node.name}); change the alias instead`,
        };
    }
    if (edits.every((e) => this.swapsPlainValue(e))) return { ok: true };
    const from = Math.min(...edits.map((e) => e.span.start));
    const to = Math.max(...edits.map((e) => e.span.end));
    const chunk = this.chunkAround(from, to);
    const local = edits.map((e) => ({
      span: { start: e.span.start - chunk.start, end: e.span.end - chunk.start },
      newText: e.newText,
    }));
    const beforeText = this.text.slice(chunk.start, chunk.end);
    const afterText = applyEdits(beforeText, local);
    const before = this.stats(beforeText);
    const doc = parseDocument(afterText, PARSE);
    const errors = [...doc.errors, ...doc.warnings];
    if (errors.length > before.errors)
      return {
        ok: false,
        reason: `its result would not parse (${errors[errors.length - 1].message.replace(/^[A-Z_]+: /, '').split('\n')[0]})`,
      };
    const repeats = findRepeatedKeys(doc);
    if (repeats.length > before.repeats)
      return { ok: false, reason: `it would write the key '${repeats[repeats.length - 1].name}' twice in one map` };
    const after = comments(afterText);
    for (const [comment, count] of before.comments)
      if ((after.get(comment) ?? 0) < count) return { ok: false, reason: `it would remove the comment '${comment}'` };
    return { ok: true };
  }

  /**
   * The common fix, checked without a parse: one plain scalar value (a word or a number, not a key) replaced by
   * another. Neither side can hold a comment, a quote, a flow indicator or `: `, so the result parses exactly
   * as the text did, with the same keys and comments.
   */
  private swapsPlainValue(edit: TextEdit): boolean {
    const { start, end } = edit.span;
    if (!PLAIN_VALUE.test(edit.newText) || !PLAIN_VALUE.test(this.text.slice(start, end))) return false;
    const before = start > 0 ? this.text[start - 1] : '\n';
    if (!' \t[{,'.includes(before)) return false;
    let i = end;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    const after = i < this.text.length ? this.text[i] : '\n';
    // A `:` next means the span is a key: a rename, which may repeat a sibling key.
    return after === '\n' || after === '\r' || after === '#' || ((after === ',' || after === ']' || after === '}') && i === end);
  }

  private stats(text: string): { errors: number; repeats: number; comments: Map<string, number> } {
    let s = this.before.get(text);
    if (!s) {
      const doc = parseDocument(text, PARSE);
      s = { errors: doc.errors.length + doc.warnings.length, repeats: findRepeatedKeys(doc).length, comments: comments(text) };
      this.before.set(text, s);
    }
    return s;
  }

  private aliasedNodes(): AliasedNode[] {
    // Only a text with an anchor can have a node that aliases point at.
    this.aliased ??= this.text.includes('&') ? aliasedNodes(parseDocument(this.text, PARSE)) : [];
    return this.aliased;
  }

  /** The top-level entry holding [from, to], or the whole text when the file does not split safely. */
  private chunkAround(from: number, to: number): { start: number; end: number } {
    if (this.chunks === undefined) this.chunks = planChunks(this.text)?.chunks ?? null;
    const chunks = this.chunks ?? [];
    // Chunks are in document order and do not overlap: the last one starting at or before `from`.
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid].start <= from) lo = mid + 1;
      else hi = mid;
    }
    const c = chunks[lo - 1];
    const hit = c && to <= c.end && (to < c.end || c.end === this.text.length) ? c : undefined;
    // An entry is standalone YAML only at its own indentation; the analysis parses chunks the same way.
    return hit ?? { start: 0, end: this.text.length };
  }
}

/** `findings` with every fix that fails the check removed (findings themselves are kept). */
export function withVerifiedFixes<F extends Finding>(text: string, findings: readonly F[]): F[] {
  if (!findings.some((f) => f.fixes.length)) return findings.slice();
  const verifier = new FixVerifier(text);
  return findings.map((f) => (f.fixes.length ? { ...f, fixes: f.fixes.filter((fix) => verifier.check(fix).ok) } : f));
}
