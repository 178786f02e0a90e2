// One unit of analysis: a top-level key, or one datastore or component entry. A unit's result depends only
// on its own text, which is what lets the incremental analysis cache it.

import { isScalar, type Alias, type Node, type Pair } from 'yaml';
import { analyzeDatastore, type DatastoreAnalysis } from '../derive/datastore';
import { MAX_REPLICAS } from '../derive/store';
import { finding, type Finding } from '../rules/findings';
import { runDatastoreRules } from '../rules/run';
import { buildComponent, buildDatastore, buildRegions, pathSpans, toPlain, validateTopLevelValue } from '../model/build';
import type { Component, Datastore, Located, RegionDecl, ScenarioSpan, Span } from '../model/design';
import { spanOf, type SchemaProblem, type ValidationContext } from '../model/schema';
import { replaceFix } from '../rules/context';

export type UnitKind = 'top' | 'datastore' | 'component';

export interface TopUnit {
  kind: 'top';
  key: string;
  keySpan: Span;
  system?: Located<string>;
  description?: Located<string>;
  regions?: RegionDecl[];
  scenarios?: Located<unknown>;
  scenarioSpans?: ScenarioSpan[];
  findings: Finding[];
}

export interface DatastoreUnit {
  kind: 'datastore';
  datastore: Datastore;
  /** The one analysis of this datastore, read by every surface. */
  analysis: DatastoreAnalysis;
  findings: Finding[];
}

export interface ComponentUnit {
  kind: 'component';
  component: Component;
  findings: Finding[];
}

export type UnitResult = TopUnit | DatastoreUnit | ComponentUnit;

/** Each unit may visit this many nodes, so alias bombs stay cheap. */
const NODE_BUDGET = 200_000;

export function newContext(base: number, aliases?: ReadonlyMap<Alias, Node | null>): ValidationContext {
  return { base, aliases, problems: [], budget: { remaining: NODE_BUDGET } };
}

function schemaFinding(p: SchemaProblem): Finding {
  return finding('schema', p.span, p.message, {
    fixes: p.suggestion ? [replaceFix(`Change to '${p.suggestion}'`, p.span, p.suggestion, true)] : [],
  });
}

function schemaFindings(ctx: ValidationContext): Finding[] {
  return ctx.problems.map(schemaFinding);
}

export function analyzeTopUnit(pair: Pair<unknown, unknown>, ctx: ValidationContext): TopUnit | undefined {
  const key = pair.key as Node;
  if (!isScalar(key) || key.value === null || typeof key.value === 'object') return undefined;
  const name = String(key.value);
  const keySpan = spanOf(key, ctx.base, { start: ctx.base, end: ctx.base });
  const value = (pair.value as Node | null) ?? null;
  validateTopLevelValue(name, keySpan, value, ctx);
  const unit: TopUnit = { kind: 'top', key: name, keySpan, findings: [] };
  const span = spanOf(value, ctx.base, keySpan);
  if (name === 'system' && isScalar(value) && typeof value.value === 'string')
    unit.system = { value: value.value, span, keySpan };
  if (name === 'description' && isScalar(value) && typeof value.value === 'string')
    unit.description = { value: value.value, span, keySpan };
  if (name === 'regions') unit.regions = buildRegions(value, ctx);
  if (name === 'scenarios') {
    unit.scenarios = { value: toPlain(value, ctx), span, keySpan };
    unit.scenarioSpans = pathSpans(value, ctx);
  }
  unit.findings = schemaFindings(ctx);
  return unit;
}

export function analyzeDatastoreUnit(
  pair: Pair<unknown, unknown>,
  ctx: ValidationContext,
  text: string,
): DatastoreUnit | undefined {
  const datastore = buildDatastore(pair, ctx);
  if (!datastore) return undefined;
  const analysis = analyzeDatastore(datastore);
  const findings = [...schemaFindings(ctx), ...analysis.settingProblems.map(schemaFinding)];
  if (!datastore.replicas && !analysis.effective && analysis.settingProblems.length === 0) {
    findings.push(
      finding(
        'schema',
        datastore.nameSpan,
        `Datastore '${datastore.name}' does not say how many replicas it keeps: add \`replicas: N\`${datastore.engine ? ' or the engine setting that sets it' : ''}.`,
      ),
    );
  } else if (datastore.replicas && datastore.replicas.value > MAX_REPLICAS) {
    // (replicas < 1 is reported by the schema's minimum.)
    findings.push(
      finding(
        'schema',
        datastore.replicas.span,
        `replicas = ${datastore.replicas.value} is beyond what CAP Lens models (at most ${MAX_REPLICAS.toLocaleString('en-US')}).`,
      ),
    );
  }
  findings.push(...runDatastoreRules(analysis, text));
  return { kind: 'datastore', datastore, analysis, findings };
}

export function analyzeComponentUnit(pair: Pair<unknown, unknown>, ctx: ValidationContext): ComponentUnit | undefined {
  const component = buildComponent(pair, ctx);
  if (!component) return undefined;
  return { kind: 'component', component, findings: schemaFindings(ctx) };
}
