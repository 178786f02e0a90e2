// Hover content: a card for datastores, components, engines and claims, the quorum arithmetic on N/R/W,
// and the schema's documentation for any other key or value.

import type { AnalysisResult } from '../analysis/analyze';
import type { Datastore, Span } from '../model/design';
import { enumValues, schemaAtPath } from '../model/schema';
import { claimCard, componentCard, datastoreCard, engineCard, quorumArithmetic, sideAbilities } from './describe';
import { yamlPositionAt } from './yaml-position';
import { describeEngineSetting, describeTranslation } from '../engines/describe';
import { findEngine } from '../engines/registry';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const within = (span: Span | undefined, offset: number) => !!span && offset >= span.start && offset <= span.end;

export function hoverAt(result: AnalysisResult, text: string, offset: number): HoverResult | undefined {
  const { design, facts } = result;
  const datastores = new Map(design.datastores.map((d) => [d.name, d]));
  for (const ds of design.datastores) {
    if (within(ds.nameSpan, offset)) return { markdown: datastoreCard(ds, facts.get(ds.name)), span: ds.nameSpan };
    if (offset >= ds.span.start && offset <= ds.span.end) {
      const inner = hoverInDatastore(ds, result, offset);
      if (inner) return inner;
    }
  }
  for (const c of design.components) {
    if (within(c.nameSpan, offset)) return { markdown: componentCard(c, datastores, facts), span: c.nameSpan };
    for (const use of c.uses) {
      const ds = datastores.get(use.datastore);
      if (within(use.datastoreSpan, offset) && ds) return { markdown: datastoreCard(ds, facts.get(ds.name)), span: use.datastoreSpan };
      if (use.needs && within(use.needs.span, offset)) {
        const f = facts.get(use.datastore);
        return { markdown: `'${c.name}' needs from '${use.datastore}':\n\n${claimCard('consistency', use.needs.value, f)}`, span: use.needs.span };
      }
    }
  }
  return schemaHover(text, offset);
}

function hoverInDatastore(ds: Datastore, result: AnalysisResult, offset: number): HoverResult | undefined {
  const f = result.facts.get(ds.name);
  if (ds.engine && (within(ds.engine.span, offset) || within(ds.engine.keySpan, offset))) {
    const card = engineCard(ds.engine.value);
    if (card) return { markdown: card, span: ds.engine.span };
  }
  if (f) {
    for (const [which, located] of [
      ['n', ds.replicas],
      ['r', ds.readQuorum],
      ['w', ds.writeQuorum],
    ] as const) {
      if (located && (within(located.span, offset) || within(located.keySpan, offset))) return { markdown: quorumArithmetic(which, ds, f), span: located.span };
    }
  }
  const engine = ds.engine ? findEngine(ds.engine.value) : undefined;
  if (engine && ds.settings) {
    if (within(ds.settings.keySpan, offset)) {
      const text = describeTranslation(ds);
      if (text) return { markdown: text, span: ds.settings.keySpan };
    }
    for (const [key, setting] of Object.entries(ds.settings.value)) {
      if (within(setting.keySpan, offset) || within(setting.span, offset)) {
        const text = describeEngineSetting(engine, key, ds);
        if (text) return { markdown: text, span: setting.keySpan };
      }
    }
  }
  const claims = ds.claims;
  if (claims) {
    const entries = [
      ['consistency', claims.consistency],
      ['cap', claims.cap],
      ['pacelc', claims.pacelc],
      ['on_partition', claims.onPartition],
      ['tolerates', claims.tolerates],
      ['loss_free', claims.lossFree],
    ] as const;
    for (const [kind, located] of entries) {
      if (located && (within(located.span, offset) || within(located.keySpan, offset))) {
        const md = claimCard(kind, String(located.value), f);
        if (md) return { markdown: md, span: located.span };
      }
    }
  }
  for (const p of ds.placement?.regions ?? []) {
    if (within(p.nameSpan, offset)) {
      const splits = f?.regionSplits.filter((s) => s.sides.some((side) => side.regions.length === 1 && side.regions[0] === p.name)) ?? [];
      const side = splits[0]?.sides.find((s) => s.regions[0] === p.name);
      const md = `**${p.name}** holds ${p.count.value} of '${ds.name}''s replicas.${side ? `\n\nIf ${p.name} is cut off, it keeps: ${sideAbilities(side)}.` : ''}`;
      return { markdown: md, span: p.nameSpan };
    }
  }
  return undefined;
}

/** Documentation of a key or enum value from the JSON Schema. */
function schemaHover(text: string, offset: number): HoverResult | undefined {
  const pos = yamlPositionAt(text, offset);
  if (pos.on === 'key' && pos.keySpan) {
    const schema = schemaAtPath(pos.path);
    if (schema?.description) return { markdown: `**${pos.key}** — ${schema.description}`, span: pos.keySpan };
  }
  if (pos.on === 'value' && pos.value && pos.valueSpan) {
    const schema = schemaAtPath(pos.path);
    const entry = schema && enumValues(schema).find((e) => e.value === pos.value);
    if (entry?.description) return { markdown: `**${entry.value}** — ${entry.description}`, span: pos.valueSpan };
    if (schema?.description) return { markdown: `**${pos.key}** — ${schema.description}`, span: pos.valueSpan };
  }
  return undefined;
}
