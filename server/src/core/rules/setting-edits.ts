// Edits under a datastore's native `settings:` map, for fixes that change an engine setting: a written value
// is replaced in place; new settings go on new lines after the last one, at its indentation and with the
// file's own line ending; without a `settings:` block, one is added. Flow maps are left alone.

import { claimHolds } from '../derive/datastore';
import type { ClaimKey } from '../derive/verdicts';
import type { SettingChange } from '../engines/store-model';
import { yamlScalar } from '../engines/settings';
import type { Datastore } from '../model/design';
import { afterLine } from '../text/line-breaks';
import { insertKeyEdit, type DatastoreRuleContext } from './context';
import type { Fix, RelatedLocation, TextEdit } from './findings';

/** Edits setting several keys at once, or undefined when the new lines cannot be placed safely. */
export function settingEdits(
  text: string,
  ds: Datastore,
  changes: readonly (readonly [string, string | number | boolean])[],
): TextEdit[] | undefined {
  const scalar = (value: string | number | boolean) => (typeof value === 'string' ? yamlScalar(value) : String(value));
  const written = ds.settings?.value;
  const has = (key: string) => !!written && Object.hasOwn(written, key);
  const edits: TextEdit[] = changes
    .filter(([key]) => has(key))
    .map(([key, value]) => ({ span: written![key].span, newText: scalar(value) }));
  const added = changes.filter(([key]) => !has(key));
  if (added.length === 0) return edits;
  const insertion = newSettingsLines(
    text,
    ds,
    added.map(([key, value]) => `${key}: ${scalar(value)}`),
  );
  return insertion ? [...edits, insertion] : undefined;
}

function newSettingsLines(text: string, ds: Datastore, lines: string[]): TextEdit | undefined {
  const written = ds.settings?.value;
  if (ds.settings && written) {
    const entries = Object.values(written);
    if (entries.length === 0 || text[ds.settings.span.start] === '{') return undefined; // flow map: leave it alone
    const first = entries.reduce((a, b) => (a.keySpan.start < b.keySpan.start ? a : b));
    const last = entries.reduce((a, b) => (a.span.end > b.span.end ? a : b));
    const lineStart = text.lastIndexOf('\n', first.keySpan.start - 1) + 1;
    const indent = text.slice(lineStart, first.keySpan.start);
    if (!/^ *$/.test(indent)) return undefined;
    const { at, eol } = afterLine(text, last.span.end);
    return { span: { start: at, end: at }, newText: lines.map((l) => `${eol}${indent}${l}`).join('') };
  }
  const edit = insertKeyEdit(text, ds, 'settings', '');
  if (!edit) return undefined;
  const m = /^(\r\n|\r|\n)( *)/.exec(edit.newText);
  const eol = m?.[1] ?? '\n';
  const indent = m?.[2] ?? '';
  return { span: edit.span, newText: `${eol}${indent}settings:${lines.map((l) => `${eol}${indent}  ${l}`).join('')}` };
}

/**
 * Would this change of native settings make the claim hold? The datastore is analysed again with the changed
 * values (no text edit, no parse), so a fix is offered only when its result is what its title promises.
 */
export function changeResolves(ds: Datastore, change: SettingChange, claim: ClaimKey): boolean {
  const span = ds.settings?.span ?? ds.nameSpan;
  const value: Record<string, { value: unknown; span: typeof span; keySpan: typeof span }> = { ...(ds.settings?.value ?? {}) };
  for (const [key, v] of [[change.key, change.value], ...Object.entries(change.also ?? {})] as const)
    value[key] = { value: v, span, keySpan: span };
  const changed: Datastore = { ...ds, settings: { value, span, keySpan: ds.settings?.keySpan ?? span } };
  return claimHolds(changed, claim);
}

/**
 * The fix applying an engine's suggested setting change, if its edits can be placed and, when `claim` is
 * given, the change makes that claim hold.
 */
export function settingChangeFix(
  ctx: Pick<DatastoreRuleContext, 'text' | 'ds'>,
  change: SettingChange | undefined,
  preferred: boolean,
  claim?: ClaimKey,
): Fix[] {
  if (!change) return [];
  if (claim && !changeResolves(ctx.ds, change, claim)) return [];
  const edits = settingEdits(ctx.text, ctx.ds, [[change.key, change.value], ...Object.entries(change.also ?? {})]);
  return edits?.length ? [{ title: change.title, edits, preferred }] : [];
}

/** A related location on a native setting as written, or none when it was left at its default. */
export function relatedSetting(ds: Datastore, key: string | undefined, message: string): RelatedLocation[] {
  const located = key && ds.settings && Object.hasOwn(ds.settings.value, key) ? ds.settings.value[key] : undefined;
  return located ? [{ span: located.span, message }] : [];
}
