// Hover content: a card for datastores, components, engines and claims, the quorum arithmetic on N/R/W,
// and the schema's documentation for any other key or value.

import type { AnalysisResult } from '../analysis/analyze';
import type { Span } from '../model/design';
import { enumValues, schemaAtPath } from '../model/schema';
import { claimCard, componentCard, datastoreCard, engineCard, quorumArithmetic, sideAbilities } from './describe';
import { yamlPositionAt } from './yaml-position';
import { describeEngineSetting, describeTranslation } from './engine-describe';
import type { DatastoreAnalysis } from '../derive/datastore';
import { judgeUse, type ClaimKey } from '../derive/verdicts';
import { escapeMarkdown } from '../text/escape-markdown';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const within = (span: Span | undefined, offset: number) => !!span && offset >= span.start && offset <= span.end;

export function hoverAt(result: AnalysisResult, text: string, offset: number): HoverResult | undefined {
  const { design, analyses } = result;
  for (const ds of design.datastores) {
    // A duplicated name has one analysis, of its first entry; the others are reported as duplicates.
    const a = analyses.get(ds.name);
    if (!a || a.ds !== ds) continue;
    if (within(ds.nameSpan, offset)) return { markdown: datastoreCard(a), span: ds.nameSpan };
    if (offset >= ds.span.start && offset <= ds.span.end) {
      const inner = hoverInDatastore(a, offset);
      if (inner) return inner;
    }
  }
  for (const c of design.components) {
    if (within(c.nameSpan, offset)) return { markdown: componentCard(c, analyses), span: c.nameSpan };
    for (const use of c.uses) {
      const a = analyses.get(use.datastore);
      if (within(use.datastoreSpan, offset) && a) return { markdown: datastoreCard(a), span: use.datastoreSpan };
      if (use.needs && within(use.needs.span, offset)) {
        const v = a?.facts ? judgeUse(use, a.facts) : undefined;
        const verdict = v
          ? `\n\n${v.holds ? '✓' : '✗'} '${escapeMarkdown(use.datastore)}' provides **${escapeMarkdown(v.derived)}**${use.session?.value === 'separate' ? " to a client outside the writer's session" : ''}.`
          : '';
        return {
          markdown: `'${escapeMarkdown(c.name)}' needs from '${escapeMarkdown(use.datastore)}':\n\n${claimCard('consistency', use.needs.value, undefined)}${verdict}`,
          span: use.needs.span,
        };
      }
    }
  }
  return schemaHover(text, offset);
}

function hoverInDatastore(a: DatastoreAnalysis, offset: number): HoverResult | undefined {
  const ds = a.ds;
  const f = a.facts;
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
      if (located && (within(located.span, offset) || within(located.keySpan, offset)))
        return { markdown: quorumArithmetic(which, a), span: located.span };
    }
  }
  if (a.engine && ds.settings) {
    if (within(ds.settings.keySpan, offset)) {
      const text = describeTranslation(a);
      if (text) return { markdown: text, span: ds.settings.keySpan };
    }
    for (const [key, setting] of Object.entries(ds.settings.value)) {
      if (within(setting.keySpan, offset) || within(setting.span, offset)) {
        const text = describeEngineSetting(a, key);
        if (text) return { markdown: text, span: setting.keySpan };
      }
    }
  }
  const claims = ds.claims;
  if (claims) {
    const entries: [ClaimKey, { span: Span; keySpan: Span; value: unknown } | undefined][] = [
      ['consistency', claims.consistency],
      ['cap', claims.cap],
      ['pacelc', claims.pacelc],
      ['on_partition', claims.onPartition],
      ['tolerates', claims.tolerates],
      ['loss_free', claims.lossFree],
      ['survives_region_loss', claims.survivesRegionLoss],
    ];
    for (const [kind, located] of entries) {
      if (located && (within(located.span, offset) || within(located.keySpan, offset))) {
        const value = Array.isArray(located.value)
          ? located.value.map((r: { name: string }) => r.name).join(', ')
          : String(located.value);
        const md = claimCard(kind, value, a);
        if (md) return { markdown: md, span: located.span };
      }
    }
  }
  for (const p of ds.placement?.regions ?? []) {
    if (within(p.nameSpan, offset)) {
      const splits =
        f?.regionSplits.filter((s) => s.sides.some((side) => side.regions.length === 1 && side.regions[0] === p.name)) ?? [];
      const split = splits[0];
      const side = split?.sides.find((s) => s.regions.length === 1 && s.regions[0] === p.name);
      const rest = split?.sides.find((s) => s !== side);
      const loss = f?.regionLosses.find((l) => l.region === p.name);
      // Region and datastore names come from the design: escaped, so they render as text.
      const [region, store] = [escapeMarkdown(p.name), escapeMarkdown(ds.name)];
      const lines = [`**${region}** holds ${p.count.value} of '${store}''s replicas.`];
      if (side && rest)
        lines.push(
          '',
          `If ${region} is cut off from the rest: ${region} keeps ${sideAbilities(side)}; ${rest.regions.map(escapeMarkdown).join('+')} keeps ${sideAbilities(rest)}.`,
        );
      if (loss)
        lines.push(
          '',
          `If ${region} is lost, the other regions keep ${loss.reads ? 'reads' : 'no reads'} and ${loss.writes ? 'writes' : 'no writes'}.`,
        );
      const md = lines.join('\n');
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
    if (schema?.description)
      return { markdown: `**${escapeMarkdown(pos.key ?? '')}** — ${schema.description}`, span: pos.keySpan };
  }
  if (pos.on === 'value' && pos.value && pos.valueSpan) {
    const schema = schemaAtPath(pos.path);
    const entry = schema && enumValues(schema).find((e) => e.value === pos.value);
    if (entry?.description) return { markdown: `**${escapeMarkdown(entry.value)}** — ${entry.description}`, span: pos.valueSpan };
    if (schema?.description)
      return { markdown: `**${escapeMarkdown(pos.key ?? '')}** — ${schema.description}`, span: pos.valueSpan };
  }
  return undefined;
}
