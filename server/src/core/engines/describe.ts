// Markdown for hovers on engine settings: what a native setting means, what the written value does, and the
// N/R/W it translates to. Pure functions over the design model, so the LSP hover, the CLI and tests share them.

import { CONSISTENCY_MEANING } from '../consistency';
import { deriveFacts } from '../derive';
import type { Datastore } from '../model/design';
import type { Engine, EngineSetting } from './engine';
import { findEngine } from './registry';
import { normalise } from './settings';

function engineFor(engine: Engine | string): Engine | undefined {
  return typeof engine === 'string' ? findEngine(engine) : engine;
}

function showValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${x}`).join(', ')}}`;
  return String(v);
}

/** One line: `leaderless · N = 6, R = 2, W = 2 → eventual · AP · PA/EL`, or undefined without facts. */
function effectiveLine(ds: Datastore): string | undefined {
  const f = deriveFacts(ds);
  if (!f) return undefined;
  const s = f.settings;
  return `**Effective:** ${s.family}${s.family !== 'leaderless' ? `, reads from ${s.readFrom}` : ''} · N = ${s.n}, R = ${s.r}, W = ${s.w} → ${f.consistency} · ${f.cap} · ${f.pacelc}`;
}

/** The type and accepted values of a setting, for the hover. */
function specLine(spec: EngineSetting): string {
  const parts: string[] = [];
  if (spec.values) parts.push(`${spec.integers ? 'an integer or ' : ''}one of ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  else if (spec.type === 'map') parts.push(spec.integers ? 'a number, or a map of names to numbers' : 'a map of names to numbers');
  else if (spec.type === 'list') parts.push('a list of names');
  else if (spec.type) parts.push(spec.type === 'integer' ? `an integer${spec.minimum !== undefined ? ` ≥ ${spec.minimum}` : ''}` : spec.type);
  if (spec.default !== undefined) parts.push(`default \`${spec.default}\``);
  return parts.join(' · ');
}

/**
 * Hover text for the native setting `key` of `ds`: its meaning, the value written and what it means, the
 * translation lines that setting produced, the effective N/R/W and the engine's documentation.
 * Undefined when the engine is unknown or has no such setting.
 */
export function describeEngineSetting(engine: Engine | string, key: string, ds: Datastore): string | undefined {
  const e = engineFor(engine);
  const spec = e?.settings?.[key];
  if (!e || !spec) return undefined;
  const lines = [`**${key}** · ${e.displayName} setting`, '', spec.description];
  const meta = specLine(spec);
  if (meta) lines.push('', meta);
  const written = ds.settings?.value[key];
  if (written) {
    const value = normalise(spec, written.value);
    if (value === undefined) lines.push('', `\`${showValue(written.value)}\` is not a valid value (see the problem reported here).`);
    else {
      const doc = spec.valueDocs?.[String(value)];
      lines.push('', `\`${showValue(value)}\`${doc ? ` — ${doc}` : ''}`);
    }
  }
  const translation = e.translate?.(ds);
  const own = translation?.bySetting?.[key] ?? [];
  if (own.length) lines.push('', '**Here:**', ...own.map((l) => `- ${l}`));
  const effective = effectiveLine(ds);
  if (effective) lines.push('', effective);
  lines.push('', `[${e.displayName} documentation](${spec.source})`);
  return lines.join('\n');
}

/**
 * Hover text for a datastore's whole engine translation: every translated setting, per-region quorums, the
 * effective N/R/W with the derived classes, what the engine documents for reads, and how writes can be lost.
 * Undefined when the datastore names no known engine.
 */
export function describeTranslation(ds: Datastore): string | undefined {
  const e = ds.engine ? findEngine(ds.engine.value) : undefined;
  const t = e?.translate?.(ds);
  if (!e || !t) return undefined;
  const lines = [`### ${ds.name} · ${e.displayName}`, '', `Usually **${e.usualCap}** · **${e.usualPacelc}**. ${e.summary}`, ''];
  lines.push('**Translation of the settings:**', ...t.explanation.map((l) => `- ${l}`));
  if (t.regions && t.regions.length > 1) {
    lines.push('', '| region | replicas | read quorum | write quorum |', '|---|---|---|---|');
    for (const r of t.regions) lines.push(`| ${r.region} | ${r.replicas} | ${r.readQuorum ?? '—'} | ${r.writeQuorum ?? '—'} |`);
  }
  const effective = effectiveLine(ds);
  if (effective) lines.push('', effective);
  if (t.guarantee) lines.push('', `**Reads give:** ${t.guarantee.consistency.join(', ')} — ${t.guarantee.reason}`, '', `(${t.guarantee.consistency.map((c) => `${c}: ${CONSISTENCY_MEANING[c]}`).join(' ')})`);
  if (t.writeLoss) lines.push('', `**Acknowledged writes can be lost:** ${t.writeLoss.reason}`);
  else if (t.replicas !== undefined) lines.push('', '**Acknowledged writes survive failover** with these settings.');
  lines.push('', e.sources.map((s) => `[${s.title}](${s.url})`).join(' · '));
  return lines.join('\n');
}
