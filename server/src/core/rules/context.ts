// What a rule sees, and the helpers rules use to build findings and comment-preserving quick fixes.
// Fixes are minimal text edits on exact value spans (or a new line with the entry's own indentation), so
// everything else in the file, comments and layout included, stays byte for byte as the user wrote it.

import type { DatastoreFacts } from '../derive';
import type { Fix, TextEdit } from '../findings';
import type { Datastore, Design, Located, Span } from '../model/design';

export interface DatastoreRuleContext {
  ds: Datastore;
  /** Undefined when N is unknown or a quorum is out of range. */
  facts: DatastoreFacts | undefined;
  /** The text the datastore's spans point into. */
  text: string;
}

export interface DesignRuleContext {
  design: Design;
  facts: ReadonlyMap<string, DatastoreFacts | undefined>;
  text: string;
}

export function replaceFix(title: string, span: Span, newText: string, preferred = false): Fix {
  return { title, edits: [{ span, newText }], preferred };
}

/** Replace a value if written, or add `key: value` to the datastore's mapping when it is not. */
export function setDatastoreKeyFix(title: string, ctx: DatastoreRuleContext, existing: Located<unknown> | undefined, key: string, value: string, preferred = false): Fix | undefined {
  if (existing) return replaceFix(title, existing.span, value, preferred);
  const edit = insertKeyEdit(ctx.text, ctx.ds, key, value);
  return edit ? { title, edits: [edit], preferred } : undefined;
}

/** A new `key: value` line after the last line of a block-style datastore entry, at its keys' indentation. */
export function insertKeyEdit(text: string, ds: Datastore, key: string, value: string): TextEdit | undefined {
  const nameLineEnd = text.indexOf('\n', ds.nameSpan.end);
  if (nameLineEnd < 0 || nameLineEnd >= ds.span.end) return undefined; // a one-line (flow) entry
  const afterName = text.slice(ds.nameSpan.end, nameLineEnd);
  if (!/^\s*:\s*(#.*)?$/.test(afterName)) return undefined; // `name: {…}` flow mapping: leave it alone
  const body = text.slice(nameLineEnd + 1, ds.span.end);
  const indent = /^(?:[ ]*(?:#.*)?\n)*([ ]+)\S/.exec(body)?.[1];
  if (!indent) return undefined;
  let end = ds.span.end;
  while (end > ds.nameSpan.end && /\s/.test(text[end - 1])) end--;
  // Keep a trailing comment on the last line where it is.
  const lineEnd = text.indexOf('\n', end);
  const at = lineEnd < 0 ? text.length : lineEnd;
  return { span: { start: at, end: at }, newText: `\n${indent}${key}: ${value}` };
}

export function percent(p: number): string {
  if (p === 0) return '0%';
  if (p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}
