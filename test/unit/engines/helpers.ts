// Shared helpers for the engine tests: a one-datastore design from settings written as YAML, its analysis,
// and assertions on findings by rule and by the exact text they point at.

import assert from 'node:assert/strict';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { analyzeDatastore, type DatastoreAnalysis } from '../../../server/src/core/derive/datastore';
import type { DatastoreFacts } from '../../../server/src/core/derive/facts';
import type { EngineTranslation } from '../../../server/src/core/engines/engine';
import type { StoreModel } from '../../../server/src/core/engines/store-model';
import type { Finding } from '../../../server/src/core/rules/findings';
import type { Datastore } from '../../../server/src/core/model/design';

const indent = (text: string, by: string) => text.trim().replace(/^/gm, by);

/**
 * A design with one datastore `st` on `engine`. `settings` and `claims` are YAML block bodies
 * (`"consistency: QUORUM\nreplication_factor: 3"`), `extra` more keys of the datastore.
 */
export function design(engine: string, settings: string, claims = '', extra = ''): string {
  return [
    'system: s',
    'regions: [dc1, dc2]',
    'datastores:',
    '  st:',
    `    engine: ${engine}`,
    ...(settings.trim() ? ['    settings:', indent(settings, '      ')] : []),
    ...(claims.trim() ? ['    claims:', indent(claims, '      ')] : []),
    ...(extra.trim() ? [indent(extra, '    ')] : []),
    '',
  ].join('\n');
}

export interface Analysed {
  text: string;
  ds: Datastore;
  /** The datastore's one analysis, as every surface reads it. */
  analysis: DatastoreAnalysis;
  facts: DatastoreFacts | undefined;
  /** The store model (asserted present). */
  model: StoreModel;
  findings: Finding[];
  /** The engine's translation, for tests of how settings are read. */
  t: EngineTranslation;
}

export function analyse(text: string): Analysed {
  const result = analyzeFull(text);
  const ds = result.design.datastores[0];
  const analysis = result.analyses.get(ds.name)!;
  const t = analysis.engine?.translate(ds);
  assert.ok(t, `no translation for:\n${text}`);
  // Absent while settings are malformed; tests of those cases look at findings only.
  return { text, ds, analysis, facts: analysis.facts, model: analysis.model as StoreModel, findings: result.findings, t };
}

/** The one analysis of a datastore built from the model (for hovers on a datastore taken from a design). */
export function analysisOf(ds: Datastore): DatastoreAnalysis {
  return analyzeDatastore(ds);
}

/** Analyse `engine` with these settings and claims. */
export function run(engine: string, settings: string, claims = '', extra = ''): Analysed {
  return analyse(design(engine, settings, claims, extra));
}

export function nrw(a: Analysed): string {
  assert.ok(a.facts, `no facts; findings: ${a.findings.map((f) => `${f.rule}: ${f.message}`).join('\n')}`);
  const s = a.facts.model;
  return `${s.family} N=${s.n} R=${s.r} W=${s.w}${s.family !== 'leaderless' ? ` ${s.readFrom}` : ''}`;
}

export function rulesOf(a: Analysed): string[] {
  return a.findings.map((f) => f.rule);
}

/** Asserts `rule` fired, pointing at `at` (the exact text), with a message matching `message`. */
export function assertFires(a: Analysed, rule: string, at?: string, message?: RegExp): Finding {
  const found = a.findings.filter((f) => f.rule === rule && (at === undefined || a.text.slice(f.span.start, f.span.end) === at));
  assert.ok(
    found.length > 0,
    `expected ${rule}${at ? ` at '${at}'` : ''}; got:\n${a.findings.map((f) => `${f.rule} '${a.text.slice(f.span.start, f.span.end)}': ${f.message}`).join('\n')}`,
  );
  if (message)
    assert.ok(
      found.some((f) => message.test(f.message)),
      found.map((f) => f.message).join('\n'),
    );
  return found[0];
}

export function assertSilent(a: Analysed, ...rules: string[]): void {
  const found = a.findings.filter((f) => rules.length === 0 || rules.includes(f.rule));
  assert.deepEqual(
    found.map((f) => `${f.rule} '${a.text.slice(f.span.start, f.span.end)}': ${f.message}`),
    [],
  );
}

/** The text after applying a finding's first (or named) fix. */
export function applyFix(a: Analysed, finding: Finding, title?: RegExp): string {
  const fix = title ? finding.fixes.find((f) => title.test(f.title)) : finding.fixes[0];
  assert.ok(fix, `no fix${title ? ` matching ${title}` : ''} among: ${finding.fixes.map((f) => f.title).join(', ')}`);
  let text = a.text;
  for (const e of [...fix.edits].sort((x, y) => y.span.start - x.span.start))
    text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** What every client gets, as the hover prints it: "eventual", "read-your-writes + monotonic-reads". */
export function consistencyOf(a: Analysed): string {
  return a.model.consistency.provided.join(' + ');
}
