// Markdown for hovers on engine settings and on the `settings:` map: what a native setting means, what the
// written value does, the lines of the translation it produced and the effective model. Read from the
// datastore's one analysis, never a second translation.

import type { DatastoreAnalysis } from '../derive/datastore';
import { describeConsistency } from '../derive/verdicts';
import type { EngineSetting } from '../engines/engine';
import { normalise, specOf } from '../engines/settings';
import { CONSISTENCY_MEANING } from '../semantics/consistency';
import { codeSpan, escapeMarkdown, markdownMessage } from '../text/escape-markdown';
import { flowText } from '../text/format';

const showValue = (v: unknown): string => flowText(v);

/** One line: `leaderless · N = 6, R = 2, W = 2 → eventual · AP · PA/EL`, or undefined without facts. */
function effectiveLine(a: DatastoreAnalysis): string | undefined {
  const f = a.facts;
  if (!f) return undefined;
  const m = f.model;
  return `**Effective:** ${m.family}${m.family !== 'leaderless' ? `, reads from ${m.readFrom}` : ''} · N = ${m.n}, R = ${m.r}, W = ${m.w} → ${describeConsistency(m.consistency)} · ${f.cap === 'neither' ? 'neither CP nor AP' : f.cap} · ${f.pacelc}`;
}

/** The type and accepted values of a setting, for the hover. */
function specLine(spec: EngineSetting): string {
  const parts: string[] = [];
  if (spec.values) parts.push(`${spec.integers ? 'an integer or ' : ''}one of ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  else if (spec.type === 'map')
    parts.push(spec.integers ? 'a number, or a map of names to numbers' : 'a map of names to numbers');
  else if (spec.type === 'list') parts.push('a list of names');
  else if (spec.type)
    parts.push(spec.type === 'integer' ? `an integer${spec.minimum !== undefined ? ` ≥ ${spec.minimum}` : ''}` : spec.type);
  if (spec.default !== undefined) parts.push(`default \`${spec.default}\``);
  return parts.join(' · ');
}

/**
 * Hover text for the native setting `key` of `ds`: its meaning, the value written and what it means, the
 * translation lines that setting produced, the effective N/R/W and the engine's documentation.
 * Undefined when the engine is unknown or has no such setting.
 */
export function describeEngineSetting(a: DatastoreAnalysis, key: string): string | undefined {
  const e = a.engine;
  const spec = e ? specOf(e, key) : undefined;
  if (!e || !spec) return undefined;
  const ds = a.ds;
  const lines = [`**${key}** · ${e.displayName} setting`, '', spec.description];
  const meta = specLine(spec);
  if (meta) lines.push('', meta);
  const written = ds.settings && Object.hasOwn(ds.settings.value, key) ? ds.settings.value[key] : undefined;
  if (written) {
    const value = normalise(spec, written.value);
    if (value === undefined)
      lines.push('', `${codeSpan(showValue(written.value))} is not a valid value (see the problem reported here).`);
    else {
      const doc = spec.valueDocs?.[String(value)];
      lines.push('', `${codeSpan(showValue(value))}${doc ? ` — ${doc}` : ''}`);
    }
  }
  const bySetting = a.model?.bySetting ?? {};
  const own = Object.hasOwn(bySetting, key) ? bySetting[key] : [];
  if (own.length) lines.push('', '**Here:**', ...own.map((l) => `- ${markdownMessage(l)}`));
  const effective = effectiveLine(a);
  if (effective) lines.push('', effective);
  lines.push('', `[${e.displayName} documentation](${spec.source})`);
  return lines.join('\n');
}

/**
 * Hover text for a datastore's whole engine translation: every translated setting, per-region quorums, the
 * effective N/R/W with the derived classes, what the engine documents for reads, and how writes can be lost.
 * Undefined when the datastore names no known engine.
 */
export function describeTranslation(a: DatastoreAnalysis): string | undefined {
  const e = a.engine;
  if (!e) return undefined;
  const ds = a.ds;
  const m = a.model;
  const usual = e.usualCap === 'neither' ? 'neither CP nor AP' : e.usualCap;
  const lines = [
    `### ${escapeMarkdown(ds.name)} · ${e.displayName}`,
    '',
    `Usually **${usual}** · **${e.usualPacelc}**. ${e.summary}`,
    '',
  ];
  if (!m) {
    lines.push('Fix the problems in these settings to see what they give.');
    return lines.join('\n');
  }
  lines.push('**Translation of the settings:**', ...m.explanation.map((l) => `- ${markdownMessage(l)}`));
  if (m.regions && m.regions.length > 1) {
    lines.push('', '| region | replicas | read quorum | write quorum |', '|---|---|---|---|');
    for (const r of m.regions)
      lines.push(`| ${escapeMarkdown(r.region)} | ${r.replicas} | ${r.readQuorum ?? '—'} | ${r.writeQuorum ?? '—'} |`);
  }
  const effective = effectiveLine(a);
  if (effective) lines.push('', effective);
  if (!a.engineModel)
    lines.push('', 'A generic key overrides these settings, so the generic replication semantics are what gets checked.');
  const c = m.consistency;
  const models = [...new Set([...c.provided, ...(c.session ?? [])])];
  lines.push(
    '',
    `**Reads give:** ${describeConsistency(c)} — ${markdownMessage(c.reason)}`,
    '',
    `(${models.map((x) => `${x}: ${CONSISTENCY_MEANING[x]}`).join(' ')})`,
  );
  if (m.writeLoss) lines.push('', `**Acknowledged writes can be lost:** ${markdownMessage(m.writeLoss.reason)}`);
  else lines.push('', '**Acknowledged writes survive failover** with these settings.');
  lines.push('', e.sources.map((s) => `[${s.title}](${s.url})`).join(' · '));
  return lines.join('\n');
}
