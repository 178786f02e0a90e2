// Engine findings for one datastore: native settings validated (`schema`), combinations the engine rejects
// (`engine-setting-invalid`), generic keys that override a native setting (`engine-setting-overridden`), and
// claims judged against what the engine documents (`engine-consistency-contradicted`,
// `engine-ack-loses-writes`). `withEngineFindings` merges them with the generic findings: where an engine
// finding explains a claim, or the engine documents a guarantee the N/R/W maths cannot see (session tokens,
// Paxos), the generic finding on that claim is dropped, so each claim is explained once, in the engine's terms.

import { needsQuorumOverlap, satisfies, type Consistency } from '../consistency';
import { finding, type Finding, type Fix, type TextEdit } from '../findings';
import { resolveQuorum } from '../quorum';
import type { Datastore, Span } from '../model/design';
import { replaceFix, insertKeyEdit, type DatastoreRuleContext } from '../rules/context';
import type { RuleName } from '../rules/registry';
import type { Engine, EngineTranslation, SettingChange } from './engine';
import { findEngine } from './registry';
import { validateSettings, yamlScalar } from './settings';

export { invalidSetting } from './settings';

/** Generic rules whose finding on a consistency claim an engine guarantee can overrule. */
const CONSISTENCY_CLAIM_RULES: readonly RuleName[] = ['claim-needs-quorum-overlap', 'consistency-claim-contradicted', 'linearizable-needs-consensus'];

/** Generic rules whose finding on a CP claim an engine guarantee can overrule. */
const CAP_CLAIM_RULES: readonly RuleName[] = ['claim-needs-quorum-overlap', 'cap-claim-contradicted'];

const ENGINE_CLAIM_RULES: readonly RuleName[] = ['engine-consistency-contradicted', 'engine-ack-loses-writes'];

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

export function engineOf(ds: Datastore): Engine | undefined {
  return ds.engine ? findEngine(ds.engine.value) : undefined;
}

/** The translation of a datastore's engine settings, or undefined without a known engine. */
export function translationOf(ds: Datastore): { engine: Engine; translation: EngineTranslation } | undefined {
  const engine = engineOf(ds);
  const translation = engine?.translate?.(ds);
  return engine && translation ? { engine, translation } : undefined;
}

/**
 * An edit setting `key: value` under the datastore's `settings:`: the value replaced when written, else a new
 * line after the last setting at the settings' indentation, else a new `settings:` block.
 */
export function settingEdit(text: string, ds: Datastore, key: string, value: string | number | boolean): TextEdit | undefined {
  return settingEdits(text, ds, [[key, value]])?.[0];
}

/** Edits setting several keys at once: written ones replaced, new ones added together on new lines. */
export function settingEdits(text: string, ds: Datastore, changes: readonly (readonly [string, string | number | boolean])[]): TextEdit[] | undefined {
  const scalar = (value: string | number | boolean) => (typeof value === 'string' ? yamlScalar(value) : String(value));
  const written = ds.settings?.value;
  const has = (key: string) => !!written && Object.prototype.hasOwnProperty.call(written, key);
  const edits: TextEdit[] = changes.filter(([key]) => has(key)).map(([key, value]) => ({ span: written![key].span, newText: scalar(value) }));
  const added = changes.filter(([key]) => !has(key));
  if (added.length === 0) return edits;
  const insertion = newSettingsLines(text, ds, added.map(([key, value]) => `${key}: ${scalar(value)}`));
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
    const lineEnd = text.indexOf('\n', last.span.end);
    const at = lineEnd < 0 ? text.length : lineEnd;
    return { span: { start: at, end: at }, newText: lines.map((l) => `\n${indent}${l}`).join('') };
  }
  const edit = insertKeyEdit(text, ds, 'settings', '');
  if (!edit) return undefined;
  const indent = /^\n( *)/.exec(edit.newText)?.[1] ?? '';
  return { span: edit.span, newText: `\n${indent}settings:${lines.map((l) => `\n${indent}  ${l}`).join('')}` };
}

function changeFix(ctx: DatastoreRuleContext, change: SettingChange | undefined, preferred: boolean): Fix[] {
  if (!change) return [];
  const edits = settingEdits(ctx.text, ctx.ds, [[change.key, change.value], ...Object.entries(change.also ?? {})]);
  return edits?.length ? [{ title: change.title, edits, preferred }] : [];
}

function relatedSetting(ds: Datastore, key: string | undefined, message: string) {
  const located = key ? ds.settings?.value[key] : undefined;
  return located ? [{ span: located.span, message }] : [];
}

/** The strongest model among `models` (linearizable first), for the weaken-the-claim fix. */
function strongest(models: readonly Consistency[]): Consistency {
  const order: Consistency[] = ['linearizable', 'strong', 'sequential', 'causal', 'read-your-writes', 'monotonic-reads', 'eventual'];
  return order.find((m) => models.includes(m)) ?? 'eventual';
}

function claimFindings(ctx: DatastoreRuleContext, engine: Engine, t: EngineTranslation): Finding[] {
  const { ds } = ctx;
  const claims = ds.claims;
  const out: Finding[] = [];
  const g = t.guarantee;
  const claim = claims?.consistency;
  if (g && claim && !g.consistency.some((m) => satisfies(m, claim.value))) {
    const provided = strongest(g.consistency);
    out.push(
      finding('engine-consistency-contradicted', claim.span, `'${ds.name}' claims ${claim.value} consistency, but with these ${engine.displayName} settings reads give ${g.consistency.join(' and ')}: ${g.reason}`, {
        related: relatedSetting(ds, g.setting, `${g.setting} decides what reads see`),
        fixes: [...changeFix(ctx, g.fix, true), replaceFix(`Claim ${provided}, what ${engine.displayName} gives`, claim.span, provided, !g.fix)],
      }),
    );
  }
  const cap = claims?.cap;
  // A CP claim broken by lost writes is explained once, by engine-ack-loses-writes below.
  const capLostWrites = t.writeLoss?.breaksCp === true;
  if (g && cap?.value === 'CP' && !capLostWrites && !g.consistency.some(needsQuorumOverlap)) {
    out.push(
      finding('engine-consistency-contradicted', cap.span, `'${ds.name}' claims CP, but with these ${engine.displayName} settings reads give ${g.consistency.join(' and ')}, which a partition does not stop: ${g.reason}`, {
        related: relatedSetting(ds, g.setting, `${g.setting} decides what reads see`),
        fixes: [...changeFix(ctx, g.fix, true), replaceFix('Claim AP, what the reads give', cap.span, 'AP', !g.fix)],
      }),
    );
  }
  const loss = t.writeLoss;
  if (loss) {
    const lossClaims = [
      claims?.lossFree?.value === true ? { span: claims.lossFree.span, what: 'that acknowledged writes are never lost', weaken: replaceFix('Drop the claim: loss_free: false', claims.lossFree.span, 'false') } : undefined,
      loss.breaksCp && claims?.cap?.value === 'CP' ? { span: claims.cap.span, what: 'CP', weaken: replaceFix('Claim AP, what failover gives', claims.cap.span, 'AP') } : undefined,
    ].filter((c) => c !== undefined);
    for (const c of lossClaims) {
      out.push(
        finding('engine-ack-loses-writes', c.span, `'${ds.name}' claims ${c.what}, but ${engine.displayName} can lose an acknowledged write here: ${loss.reason}`, {
          related: relatedSetting(ds, loss.setting, `${loss.setting} decides when a write is acknowledged`),
          fixes: [...changeFix(ctx, loss.fix, true), { ...c.weaken, preferred: !loss.fix }],
        }),
      );
    }
  }
  return out;
}

/** `engine-setting-overridden`: a generic key written beside the engine settings wins over what they give. */
function overrideFindings(ds: Datastore, engine: Engine, t: EngineTranslation): Finding[] {
  const pairs = [
    { located: ds.replicas, key: 'replicas', translated: t.replicas, what: 'N' },
    { located: ds.readQuorum, key: 'read_quorum', translated: t.readQuorum, what: 'R' },
    { located: ds.writeQuorum, key: 'write_quorum', translated: t.writeQuorum, what: 'W' },
    { located: ds.replication, key: 'replication', translated: t.replication, what: 'the replication family' },
    { located: ds.readFrom, key: 'read_from', translated: t.readFrom, what: 'where reads go' },
  ];
  // Without native settings the generic keys are how the design describes the store: nothing is overridden.
  if (!ds.settings || Object.keys(ds.settings.value).length === 0) return [];
  const n = ds.replicas?.value ?? t.replicas;
  const resolved = (v: unknown) => (n !== undefined && (v === 'one' || v === 'majority' || v === 'all') ? resolveQuorum(v, n) : v);
  return pairs
    .filter((p) => p.located && p.translated !== undefined && String(resolved(p.located.value)) !== String(p.translated))
    .map((p) =>
      finding('engine-setting-overridden', p.located!.span, `${p.key}: ${p.located!.value} overrides what the ${engine.displayName} settings give for ${p.what} (${p.translated}). CAP Lens checks the generic value; remove it to check the engine's own behaviour.`),
    );
}

/** Every engine finding for one datastore, before merging with the generic ones. */
export function engineFindings(ctx: DatastoreRuleContext): Finding[] {
  const { ds } = ctx;
  if (!ds.engine) {
    return ds.settings ? [finding('schema', ds.settings.keySpan, `'${ds.name}' has engine settings but no \`engine:\`; name the engine (e.g. cassandra, mongodb) so CAP Lens can read them.`)] : [];
  }
  const engine = engineOf(ds);
  if (!engine) return []; // unknown-engine reports it
  const out = validateSettings(engine, ds);
  const t = engine.translate?.(ds);
  // Malformed settings were translated as their defaults: judging claims on that would only pile up
  // follow-on findings, so claims wait until the settings are fixed.
  if (t && out.length === 0) out.push(...(engine.validate?.(ds, t) ?? []), ...overrideFindings(ds, engine, t), ...claimFindings(ctx, engine, t));
  return out;
}

/**
 * The generic findings of a datastore with its engine findings merged in. A generic finding on a claim is
 * dropped when an engine finding points at the same claim, or when the engine documents a guarantee that
 * satisfies the consistency claim the generic quorum maths rejected.
 */
export function withEngineFindings(ctx: DatastoreRuleContext, generic: Finding[]): Finding[] {
  const own = engineFindings(ctx);
  if (!ctx.ds.engine) return [...own, ...generic];
  const explained = own.filter((f) => ENGINE_CLAIM_RULES.includes(f.rule));
  const t = translationOf(ctx.ds)?.translation;
  const claim = ctx.ds.claims?.consistency;
  const guaranteed = claim && t?.guarantee?.consistency.some((m) => satisfies(m, claim.value));
  const cap = ctx.ds.claims?.cap;
  const capGuaranteed = cap?.value === 'CP' && t?.guarantee?.consistency.some(needsQuorumOverlap) && !t.writeLoss?.breaksCp;
  const claimSpans = Object.values(ctx.ds.claims ?? {}).filter((c): c is { span: Span } => typeof c === 'object' && c !== null && 'value' in c).map((c) => c.span);
  const settingsBroken = own.some((f) => f.rule === 'schema');
  const kept = generic.filter((f) => {
    if (settingsBroken && claimSpans.some((c) => sameSpan(c, f.span))) return false;
    if (explained.some((e) => sameSpan(e.span, f.span))) return false;
    if (guaranteed && claim && sameSpan(f.span, claim.span) && CONSISTENCY_CLAIM_RULES.includes(f.rule)) return false;
    if (capGuaranteed && cap && sameSpan(f.span, cap.span) && CAP_CLAIM_RULES.includes(f.rule)) return false;
    // The engine merges concurrent writes itself (e.g. by timestamp); the 'nothing resolves them' rule is moot.
    if (t?.conflicts && t.conflicts !== 'none' && f.rule === 'concurrent-writes-unresolved') return false;
    return true;
  });
  const schema = own.filter((f) => f.rule === 'schema');
  return [...schema, ...kept, ...own.filter((f) => f.rule !== 'schema')];
}
