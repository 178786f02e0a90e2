// Reading and validating an engine's native `settings:` map: type and value checks with did-you-mean
// (reported as `schema`, like every other key of the language), normalised values with the engine defaults,
// and a small builder the engine modules use to write their translation line by line.

import type { Datastore, Located, Span } from '../model/design';
import type { SchemaProblem } from '../model/schema';
import { didYouMean, suggestion } from '../text/suggest';
import type { Engine, EngineProblem, EngineSetting, EngineTranslation, SettingChange } from './engine';

export type SettingValue = string | number | boolean | readonly string[] | Readonly<Record<string, number>>;

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The canonical value from `spec.values` that `raw` names, if any. */
function matchValue(spec: EngineSetting, raw: unknown): string | number | boolean | undefined {
  // Only a scalar can name a value; a map or list written there (user data, with no prototype) names none.
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return undefined;
  const text = String(raw);
  for (const v of spec.values ?? []) {
    if (String(v) === text) return v;
  }
  if (spec.caseInsensitive) {
    for (const v of spec.values ?? []) if (String(v).toLowerCase() === text.toLowerCase()) return v;
  }
  return undefined;
}

function describeSpec(spec: EngineSetting): string {
  const type = spec.type ?? 'string';
  if (type === 'boolean') return 'true or false';
  if (type === 'integer') return spec.minimum !== undefined ? `an integer ≥ ${spec.minimum}` : 'an integer';
  if (type === 'map')
    return `${spec.integers ? 'an integer or ' : ''}a map of names to integers${spec.entryMinimum !== undefined ? ` ≥ ${spec.entryMinimum}` : ''}`;
  if (type === 'list') return 'a list of names';
  if (spec.values) return `${spec.integers ? `an integer ≥ ${spec.minimum ?? 0} or ` : ''}one of ${spec.values.join(', ')}`;
  return 'a string';
}

function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (isPlainMap(v)) return 'a map';
  if (v === null || v === undefined) return 'nothing';
  return String(v);
}

/** Why `raw` is not an acceptable value for `spec`, or undefined when it is. */
export function settingProblem(spec: EngineSetting, raw: unknown): string | undefined {
  const type = spec.type ?? 'string';
  switch (type) {
    case 'boolean':
      return typeof raw === 'boolean' ? undefined : `must be true or false, not ${shown(raw)}`;
    case 'integer': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) return `must be ${describeSpec(spec)}, not ${shown(raw)}`;
      if (spec.minimum !== undefined && raw < spec.minimum) return `must be ≥ ${spec.minimum}, not ${raw}`;
      if (spec.maximum !== undefined && raw > spec.maximum) return `must be ≤ ${spec.maximum}, not ${raw}`;
      return undefined;
    }
    case 'map': {
      if (spec.integers && typeof raw === 'number' && Number.isInteger(raw))
        return spec.minimum !== undefined && raw < spec.minimum ? `must be ≥ ${spec.minimum}, not ${raw}` : undefined;
      if (!isPlainMap(raw)) return `must be ${describeSpec(spec)}, not ${shown(raw)}`;
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'number' || !Number.isInteger(v)) return `must map each name to an integer; '${k}' is ${shown(v)}`;
        if (spec.entryMinimum !== undefined && v < spec.entryMinimum)
          return `must map each name to an integer ≥ ${spec.entryMinimum}; '${k}' is ${v}`;
      }
      return Object.keys(raw).length === 0 ? 'must name at least one entry' : undefined;
    }
    case 'list':
      return Array.isArray(raw) && raw.every((x) => typeof x === 'string')
        ? undefined
        : `must be ${describeSpec(spec)}, not ${shown(raw)}`;
    case 'string': {
      if (spec.integers && typeof raw === 'number' && Number.isInteger(raw)) {
        if (spec.minimum !== undefined && raw < spec.minimum) return `must be ≥ ${spec.minimum}, not ${raw}`;
        if (spec.maximum !== undefined && raw > spec.maximum) return `must be ≤ ${spec.maximum}, not ${raw}`;
        return undefined;
      }
      if (spec.values)
        return matchValue(spec, raw) === undefined ? `must be ${describeSpec(spec)}, not ${shown(raw)}` : undefined;
      return typeof raw === 'string' || typeof raw === 'number' ? undefined : `must be a string, not ${shown(raw)}`;
    }
  }
}

/** The value as the engine module reads it: canonical enum spelling, or undefined when invalid or absent. */
export function normalise(spec: EngineSetting, raw: unknown): SettingValue | undefined {
  if (settingProblem(spec, raw) !== undefined) return undefined;
  if ((spec.type ?? 'string') === 'string') {
    if (spec.integers && typeof raw === 'number') return raw;
    if (spec.values) return matchValue(spec, raw) as string | number | boolean;
    return String(raw);
  }
  return raw as SettingValue;
}

/** Quote a YAML scalar when it would not survive as a plain one. */
export function yamlScalar(value: string): string {
  return /^[\w.+-][\w .()+/*,-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/\s$/.test(value)
    ? value
    : JSON.stringify(value);
}

/** Problems with the engine's settings as written: unknown keys and malformed values, with did-you-mean. Reported as `schema`. */
export function validateSettings(engine: Engine, ds: Datastore): SchemaProblem[] {
  const written = ds.settings?.value;
  if (!written) return [];
  const specs = engine.settings ?? {};
  const known = Object.keys(specs);
  const out: SchemaProblem[] = [];
  for (const [key, located] of Object.entries(written)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) {
      // A setting already written is no rename target: the fix would write a duplicate key.
      const best = didYouMean(
        key,
        known.filter((k) => !Object.hasOwn(written, k)),
      );
      const list = known.length
        ? `Known settings: ${known.join(', ')}.`
        : `${engine.displayName} takes no native settings; use the generic keys.`;
      out.push({
        span: located.keySpan,
        message: `Unknown ${engine.displayName} setting '${key}'.${best ? ` Did you mean '${best}'?` : ''} ${list}`,
        suggestion: best,
      });
      continue;
    }
    const problem = settingProblem(spec, located.value);
    if (!problem) continue;
    const word = typeof located.value === 'string' ? located.value : undefined;
    const candidates = (spec.values ?? []).map(String);
    const best = word !== undefined ? didYouMean(word, candidates) : undefined;
    out.push({
      span: located.span,
      message: `${engine.displayName} setting '${key}' ${problem}.${word !== undefined ? suggestion(word, candidates) : ''}`,
      suggestion: best !== undefined ? yamlScalar(best) : undefined,
    });
  }
  return out;
}

/** The spec of `key`, never one inherited from Object.prototype (`constructor`, `toString`). */
export function specOf(engine: Engine, key: string): EngineSetting | undefined {
  const specs = engine.settings;
  return specs && Object.hasOwn(specs, key) ? specs[key] : undefined;
}

/** Typed access to a datastore's settings for one engine, falling back to the engine's defaults. */
export class Settings {
  constructor(
    readonly engine: Engine,
    readonly ds: Datastore,
  ) {}

  private located(key: string): Located<unknown> | undefined {
    const map = this.ds.settings?.value;
    return map && Object.hasOwn(map, key) ? map[key] : undefined;
  }

  /** Written and valid. */
  has(key: string): boolean {
    const l = this.located(key);
    const spec = specOf(this.engine, key);
    return !!l && !!spec && normalise(spec, l.value) !== undefined;
  }

  /** Written, or filled from the generic `replicas:` (see `fromReplicas`). */
  given(key: string): boolean {
    return this.has(key) || this.fromReplicas(key) !== undefined;
  }

  span(key: string): Span | undefined {
    if (this.has(key)) return this.located(key)!.span;
    return this.fromReplicas(key) !== undefined ? this.ds.replicas!.span : undefined;
  }

  /** Where a count is written and the number written there (the generic `replicas:` when it fills the key). */
  countOrigin(key: string): { span: Span; value: number; key: string } | undefined {
    if (this.has(key)) {
      const v = this.int(key);
      return v === undefined ? undefined : { span: this.located(key)!.span, value: v, key };
    }
    const r = this.ds.replicas;
    return this.fromReplicas(key) !== undefined && r && typeof r.value === 'number'
      ? { span: r.span, value: r.value, key: 'replicas' }
      : undefined;
  }

  raw(key: string): SettingValue | undefined {
    const spec = specOf(this.engine, key);
    if (!spec) return undefined;
    const l = this.located(key);
    const v = l ? normalise(spec, l.value) : undefined;
    if (v !== undefined) return v;
    const fromGeneric = this.fromReplicas(key);
    return fromGeneric !== undefined ? fromGeneric : (spec.default as SettingValue | undefined);
  }

  /**
   * The native count setting, when it is not written, takes the generic `replicas:` (less the engine's offset:
   * PostgreSQL's standbys are N − 1), so `engine: cockroachdb, replicas: 5` means five replicas, not the default.
   */
  private fromReplicas(key: string): number | undefined {
    const count = this.engine.countSetting;
    const n = this.ds.replicas?.value;
    if (!count || count.key !== key || n === undefined || this.located(key)) return undefined;
    const v = n - (count.offset ?? 0);
    return v >= 0 ? v : undefined;
  }

  str(key: string): string | undefined {
    const v = this.raw(key);
    return v === undefined ? undefined : String(v);
  }

  int(key: string): number | undefined {
    const v = this.raw(key);
    return typeof v === 'number' ? v : undefined;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    return typeof v === 'boolean' ? v : undefined;
  }

  map(key: string): Readonly<Record<string, number>> | undefined {
    const v = this.raw(key);
    return isPlainMap(v) ? (v as Record<string, number>) : undefined;
  }

  list(key: string): readonly string[] | undefined {
    const v = this.raw(key);
    return Array.isArray(v) ? (v as string[]) : undefined;
  }

  /** `key: value` as written, or `key: value (default)`. */
  show(key: string): string {
    const v = this.raw(key);
    const text =
      v === undefined
        ? 'not set'
        : Array.isArray(v)
          ? `[${v.join(', ')}]`
          : isPlainMap(v)
            ? `{${Object.entries(v)
                .map(([k, n]) => `${k}: ${n}`)
                .join(', ')}}`
            : String(v);
    return `${key}: ${text}${this.has(key) || v === undefined ? '' : this.fromReplicas(key) !== undefined ? ' (from replicas)' : ' (default)'}`;
  }
}

/** Builds an EngineTranslation, recording which setting each explanation line belongs to. */
export class TranslationBuilder {
  readonly t: EngineTranslation = { explanation: [], bySetting: {}, origin: {} };

  constructor(readonly s: Settings) {}

  line(settings: string | readonly string[] | undefined, text: string): this {
    this.t.explanation.push(text);
    for (const key of new Set(typeof settings === 'string' ? [settings] : (settings ?? [])))
      (this.t.bySetting![key] ??= []).push(text);
    return this;
  }

  /** The span of the first of `keys` that is written, for related locations. */
  origin(which: 'replicas' | 'readQuorum' | 'writeQuorum', ...keys: string[]): this {
    for (const k of keys) {
      const span = this.s.span(k);
      if (span) {
        this.t.origin![which] = span;
        break;
      }
    }
    return this;
  }

  done(): EngineTranslation {
    return this.t;
  }
}

/** ⌊N/2⌋+1, from the one place the quorum maths lives. */
export { majorityOf as majority } from '../semantics/quorum';

/** A combination of settings the engine rejects, pointing at `setting` (or the settings map). */
export function invalidSetting(setting: string | undefined, message: string, fix?: SettingChange): EngineProblem {
  return { setting, message, fix };
}

/** A setting that does nothing with the others (it belongs to another mode); facts are still derived. */
export function inertSetting(setting: string, message: string): EngineProblem {
  return { setting, message, inert: true };
}
