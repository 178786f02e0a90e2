// What a rule sees, and the helpers rules use to build findings and comment-preserving quick fixes.
// Fixes are minimal text edits on exact value spans (or a new line with the entry's own indentation), so
// everything else in the file, comments and layout included, stays byte for byte as the user wrote it.

import type { DatastoreAnalysis } from '../derive/datastore';
import type { DatastoreFacts } from '../derive/facts';
import type { ClaimKey, ClaimVerdict } from '../derive/verdicts';
import type { Fix, TextEdit } from './findings';
import type { Component, Datastore, Design, Located, Span } from '../model/design';
import { afterLine, hasKeyAt } from '../text/line-breaks';

export interface DatastoreRuleContext {
  analysis: DatastoreAnalysis;
  ds: Datastore;
  /** Undefined when N is unknown, a quorum is out of range or native settings are malformed. */
  facts: DatastoreFacts | undefined;
  /** The text the datastore's spans point into. */
  text: string;
  /** The ✗ verdict on `key`, if no rule earlier in the order has explained it yet. */
  open(key: ClaimKey): ClaimVerdict | undefined;
}

export interface ComponentRuleContext {
  component: Component;
  /** The analysis of each datastore the component uses, by name; undefined for a name not declared. */
  analyses: ReadonlyMap<string, DatastoreAnalysis>;
}

export interface DesignRuleContext {
  design: Design;
  /** Every datastore's analysis, by name (the first entry of a duplicated name). */
  analyses: ReadonlyMap<string, DatastoreAnalysis>;
  text: string;
}

export function replaceFix(title: string, span: Span, newText: string, preferred = false): Fix {
  return { title, edits: [{ span, newText }], preferred };
}

/** Replace a value if written, or add `key: value` to the datastore's mapping when it is not. */
export function setDatastoreKeyFix(
  title: string,
  ctx: DatastoreRuleContext,
  existing: Located<unknown> | undefined,
  key: string,
  value: string,
  preferred = false,
): Fix | undefined {
  if (existing) return replaceFix(title, existing.span, value, preferred);
  const edit = insertKeyEdit(ctx.text, ctx.ds, key, value);
  return edit ? { title, edits: [edit], preferred } : undefined;
}

/**
 * A new `key: value` line after the last line of a block-style datastore entry, at its keys' indentation
 * and with the file's own line ending. Undefined where a new line could change meaning: flow mappings, and
 * entries whose value ends in a block scalar (its kept trailing lines belong to the scalar).
 */
export function insertKeyEdit(text: string, ds: Datastore, key: string, value: string): TextEdit | undefined {
  const nameLineEnd = text.indexOf('\n', ds.nameSpan.end);
  if (nameLineEnd < 0 || nameLineEnd >= ds.span.end) return undefined; // a one-line (flow) entry
  const afterName = text.slice(ds.nameSpan.end, nameLineEnd);
  if (!/^[ \t]*:[ \t]*(#[^\r\n]*)?\r?$/.test(afterName)) return undefined; // `name: {…}` flow mapping: leave it alone
  const body = text.slice(nameLineEnd + 1, ds.span.end);
  const first = /^(?:[ ]*(?:#[^\r\n]*)?\r?\n)*([ ]+)(\S)/.exec(body);
  if (!first || first[2] === '{' || first[2] === '[') return undefined; // a flow mapping on the next line
  const indent = first[1];
  // Conservative: any block scalar in the entry could be its last value, whose kept lines a new key would cut.
  if (/:[ \t]*[|>][-+0-9]*[ \t]*(#[^\r\n]*)?\r?\n/.test(body)) return undefined;
  // Written with a value the model could not read (`write_quorum: One`): a second one would not parse.
  if (hasKeyAt(body, indent, key)) return undefined;
  let end = ds.span.end;
  while (end > ds.nameSpan.end && /\s/.test(text[end - 1])) end--;
  // Keep a trailing comment on the last line where it is; the new line uses the file's own line break.
  const { at, eol } = afterLine(text, end);
  return { span: { start: at, end: at }, newText: `${eol}${indent}${key}: ${value}` };
}
