// Builds the design model from YAML nodes, validating each piece against the schema on the way.
// Works on one top-level entry or one datastore/component entry at a time, so the incremental analysis can
// rebuild only the entries an edit touched; offsets are shifted by `ctx.base` for entries parsed alone.

import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { CONSISTENCY_MODELS, type Consistency } from '../semantics/consistency';
import { parseLatency } from '../semantics/latency';
import {
  CAP_CLASSES,
  CONFLICT_RESOLUTIONS,
  LATENCY_LEGS,
  PACELC_CLASSES,
  PARTITION_BEHAVIOURS,
  QUORUM_WORDS,
  READ_SOURCES,
  REPLICATION_FAMILIES,
  SESSION_SCOPES,
  type Claims,
  type RegionLossClaim,
  type Component,
  type ComponentUse,
  type Datastore,
  type LatencySpec,
  type Located,
  type QuorumSpec,
  type RegionDecl,
  type ScenarioSpan,
  type Span,
} from './design';
import { DESIGN_SCHEMA, resolveAlias, resolveSchema, spanOf, validateNode, type ValidationContext } from './schema';
import { own, setOwn } from '../text/own';

type AnyPair = Pair<unknown, unknown>;

/**
 * The scalar-keyed pairs of a map, each value resolved through its alias. `site` is the value as written: the
 * alias itself when there is one, so a value's span (and any fix) stays in this entry instead of landing on
 * the anchored node another entry owns.
 */
function pairsOf(
  node: Node | null,
  ctx: ValidationContext,
): { key: string; keySpan: Span; value: Node | null; site: Node | null; pair: AnyPair }[] {
  const map = resolveAlias(node, ctx);
  if (!isMap(map)) return [];
  const out: { key: string; keySpan: Span; value: Node | null; site: Node | null; pair: AnyPair }[] = [];
  // Keys that read as the same name (`true:` and `"true":`) are reported by the analysis; the first one wins
  // here, so two entries are never merged into one.
  const seen = new Set<string>();
  for (const pair of map.items as AnyPair[]) {
    const key = resolveAlias(pair.key, ctx);
    if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
    const name = String(key.value);
    if (seen.has(name)) continue;
    seen.add(name);
    const keySpan = spanOf(pair.key as Node, ctx.base, { start: ctx.base, end: ctx.base });
    out.push({ key: name, keySpan, value: resolveAlias(pair.value, ctx), site: (pair.value as Node | null) ?? null, pair });
  }
  return out;
}

function scalarOf<T>(
  value: Node | null,
  keySpan: Span,
  ctx: ValidationContext,
  accept: (v: unknown) => v is T,
  site: Node | null = value,
): Located<T> | undefined {
  if (!isScalar(value) || !accept(value.value)) return undefined;
  return { value: value.value, span: spanOf(site, ctx.base, keySpan), keySpan };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
const isQuorum = (v: unknown): v is QuorumSpec => isInteger(v) || oneOf(QUORUM_WORDS)(v);

/** The span of a whole `key: value` pair. */
function pairSpan(pair: AnyPair, ctx: ValidationContext, keySpan: Span): Span {
  const value = pair.value as Node | null;
  const end = value?.range ? ctx.base + value.range[1] : keySpan.end;
  return { start: keySpan.start, end: Math.max(end, keySpan.end) };
}

export function buildDatastore(pair: AnyPair, ctx: ValidationContext): Datastore | undefined {
  const keyNode = resolveAlias(pair.key, ctx);
  if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') return undefined;
  const name = String(keyNode.value);
  const nameSpan = spanOf(pair.key as Node, ctx.base, { start: ctx.base, end: ctx.base });
  const value = resolveAlias(pair.value, ctx);
  validateNode(value, DESIGN_SCHEMA.$defs.datastore, `datastore '${name}'`, nameSpan, ctx);
  const ds: Datastore = { name, nameSpan, span: pairSpan(pair, ctx, nameSpan) };
  for (const { key, keySpan, value: v, site } of pairsOf(value, ctx)) {
    switch (key) {
      case 'engine':
        ds.engine = scalarOf(v, keySpan, ctx, isString, site);
        break;
      case 'settings':
        if (isMap(v)) {
          const settings: Record<string, Located<unknown>> = {};
          for (const s of pairsOf(v, ctx))
            setOwn(settings, s.key, {
              value: toPlain(s.value, ctx),
              span: spanOf(s.site, ctx.base, s.keySpan),
              keySpan: s.keySpan,
            });
          ds.settings = { value: settings, span: spanOf(v, ctx.base, keySpan), keySpan };
        }
        break;
      case 'replicas':
        ds.replicas = scalarOf(v, keySpan, ctx, isInteger, site);
        break;
      case 'replication':
        ds.replication = scalarOf(v, keySpan, ctx, oneOf(REPLICATION_FAMILIES), site);
        break;
      case 'read_quorum':
        ds.readQuorum = scalarOf(v, keySpan, ctx, isQuorum, site);
        break;
      case 'write_quorum':
        ds.writeQuorum = scalarOf(v, keySpan, ctx, isQuorum, site);
        break;
      case 'read_from':
        ds.readFrom = scalarOf(v, keySpan, ctx, oneOf(READ_SOURCES), site);
        break;
      case 'conflicts':
        ds.conflicts = scalarOf(v, keySpan, ctx, oneOf(CONFLICT_RESOLUTIONS), site);
        break;
      case 'why':
        ds.why = scalarOf(v, keySpan, ctx, isString, site);
        break;
      case 'placement':
        if (isMap(v)) {
          const regions = pairsOf(v, ctx).flatMap((p) => {
            const count = scalarOf(p.value, p.keySpan, ctx, isInteger, p.site);
            return count ? [{ name: p.key, nameSpan: p.keySpan, count }] : [];
          });
          ds.placement = { span: spanOf(v, ctx.base, keySpan), keySpan, regions };
        }
        break;
      case 'claims':
        ds.claims = buildClaims(v, keySpan, ctx);
        break;
      case 'latency':
        ds.latency = buildLatency(v, keySpan, ctx);
        break;
    }
  }
  return ds;
}

/** `any`, one region name, or a list of names (validated against the schema by the caller). */
function regionLossOf(
  value: Node | null,
  keySpan: Span,
  ctx: ValidationContext,
  site: Node | null = value,
): Located<RegionLossClaim> | undefined {
  const span = spanOf(site, ctx.base, keySpan);
  if (isScalar(value) && typeof value.value === 'string') {
    return { value: value.value === 'any' ? 'any' : [{ name: value.value, span }], span, keySpan };
  }
  if (isSeq(value)) {
    const names = value.items.flatMap((item) => {
      const node = resolveAlias(item, ctx);
      return isScalar(node) && typeof node.value === 'string' ? [{ name: node.value, span: spanOf(node, ctx.base, span) }] : [];
    });
    return names.length ? { value: names, span, keySpan } : undefined;
  }
  return undefined;
}

function buildClaims(node: Node | null, keySpan: Span, ctx: ValidationContext): Claims {
  const claims: Claims = { span: spanOf(node, ctx.base, keySpan), keySpan };
  for (const { key, keySpan: k, value, site } of pairsOf(node, ctx)) {
    switch (key) {
      case 'consistency':
        claims.consistency = scalarOf(value, k, ctx, oneOf(CONSISTENCY_MODELS), site);
        break;
      case 'cap':
        claims.cap = scalarOf(value, k, ctx, oneOf(CAP_CLASSES), site);
        break;
      case 'pacelc':
        claims.pacelc = scalarOf(value, k, ctx, oneOf(PACELC_CLASSES), site);
        break;
      case 'on_partition':
        claims.onPartition = scalarOf(value, k, ctx, oneOf(PARTITION_BEHAVIOURS), site);
        break;
      case 'tolerates':
        claims.tolerates = scalarOf(value, k, ctx, (v): v is number => isInteger(v) && v >= 0, site);
        break;
      case 'loss_free':
        claims.lossFree = scalarOf(value, k, ctx, isBoolean, site);
        break;
      case 'survives_region_loss':
        claims.survivesRegionLoss = regionLossOf(value, k, ctx, site);
        break;
    }
  }
  return claims;
}

function buildLatency(node: Node | null, keySpan: Span, ctx: ValidationContext): LatencySpec | undefined {
  const spec: LatencySpec = { span: spanOf(node, ctx.base, keySpan), keySpan, legs: {} };
  if (isScalar(node) && typeof node.value === 'string') {
    spec.preset = { value: node.value, span: spanOf(node, ctx.base, keySpan), keySpan };
    return spec;
  }
  for (const { key, keySpan: k, value } of pairsOf(node, ctx)) {
    if (!(LATENCY_LEGS as readonly string[]).includes(key) || !isScalar(value)) continue;
    const leg = key as (typeof LATENCY_LEGS)[number];
    const span = spanOf(value, ctx.base, k);
    if (typeof value.value === 'number') {
      if (value.value >= 0) spec.legs[leg] = { value: { kind: 'constant', value: value.value }, span, keySpan: k };
      else ctx.problems.push({ span, message: `latency.${leg} must be ≥ 0 ms, not ${value.value}.` });
      continue;
    }
    if (typeof value.value !== 'string') continue;
    const parsed = parseLatency(value.value);
    if (parsed.ok) {
      spec.legs[leg] = { value: parsed.dist, span, keySpan: k };
    } else {
      // Point inside the expression; quoted scalars start one character after their quote.
      const quoted = value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE' ? 1 : 0;
      const start = Math.min(span.start + quoted + parsed.error.start, span.end);
      const end = Math.min(span.start + quoted + Math.max(parsed.error.end, parsed.error.start + 1), span.end);
      ctx.problems.push({
        span: { start, end: Math.max(end, start) },
        message: `Malformed latency expression for the ${leg} leg: ${parsed.error.message}.`,
      });
    }
  }
  return spec;
}

export function buildComponent(pair: AnyPair, ctx: ValidationContext): Component | undefined {
  const keyNode = resolveAlias(pair.key, ctx);
  if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') return undefined;
  const name = String(keyNode.value);
  const nameSpan = spanOf(pair.key as Node, ctx.base, { start: ctx.base, end: ctx.base });
  const value = resolveAlias(pair.value, ctx);
  validateNode(value, DESIGN_SCHEMA.$defs.component, `component '${name}'`, nameSpan, ctx);
  const component: Component = { name, nameSpan, span: pairSpan(pair, ctx, nameSpan), uses: [] };
  for (const { key, keySpan, value: v, site } of pairsOf(value, ctx)) {
    if (key === 'choice') component.choice = scalarOf(v, keySpan, ctx, oneOf(CAP_CLASSES), site);
    else if (key === 'why') component.why = scalarOf(v, keySpan, ctx, isString, site);
    else if (key === 'regions') {
      // A list of region names, or one name.
      const node = resolveAlias(v, ctx);
      const items = isSeq(node) ? node.items.map((i) => resolveAlias(i, ctx)) : [node];
      const names = items.flatMap((n) =>
        isScalar(n) && typeof n.value === 'string' ? [{ name: n.value, span: spanOf(n, ctx.base, keySpan) }] : [],
      );
      component.regions = { keySpan, names };
    } else if (key === 'uses') {
      for (const use of pairsOf(v, ctx)) {
        const entry: ComponentUse = {
          datastore: use.key,
          datastoreSpan: use.keySpan,
          span: pairSpan(use.pair, ctx, use.keySpan),
        };
        if (isMap(use.value)) {
          // The long form: {needs: read-your-writes, session: separate}.
          for (const field of pairsOf(use.value, ctx)) {
            if (field.key === 'needs')
              entry.needs = scalarOf(field.value, field.keySpan, ctx, oneOf(CONSISTENCY_MODELS), field.site) as
                | Located<Consistency>
                | undefined;
            else if (field.key === 'session')
              entry.session = scalarOf(field.value, field.keySpan, ctx, oneOf(SESSION_SCOPES), field.site);
          }
        } else {
          entry.needs = scalarOf(use.value, use.keySpan, ctx, oneOf(CONSISTENCY_MODELS), use.site) as
            | Located<Consistency>
            | undefined;
        }
        component.uses.push(entry);
      }
    }
  }
  return component;
}

export function buildRegions(node: Node | null, ctx: ValidationContext): RegionDecl[] {
  const seq = resolveAlias(node, ctx);
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((item) => {
    const n = resolveAlias(item, ctx);
    return isScalar(n) && typeof n.value === 'string' ? [{ name: n.value, span: spanOf(n, ctx.base, { start: 0, end: 0 }) }] : [];
  });
}

/** Validates a top-level value that is not a datastore or component entry (system, regions, ...). */
export function validateTopLevelValue(key: string, keySpan: Span, value: Node | null, ctx: ValidationContext): void {
  const schema = own(DESIGN_SCHEMA.properties, key);
  if (!schema) return;
  const resolved = resolveSchema(schema);
  // `datastores` and `components` entries are validated one by one by their builders.
  if (key === 'datastores' || key === 'components') {
    const map = resolveAlias(value, ctx);
    if (!isMap(map)) validateNode(value, { type: 'object' }, key, keySpan, ctx);
    return;
  }
  validateNode(value, resolved, key, keySpan, ctx);
}

/** The source span of every path inside a node (used to point at scenario problems). */
export function pathSpans(
  node: unknown,
  ctx: ValidationContext,
  prefix = '',
  depth = 0,
  out: ScenarioSpan[] = [],
): ScenarioSpan[] {
  if (--ctx.budget.remaining < 0 || depth > 32) return out;
  const n = resolveAlias(node, ctx);
  if (isSeq(n)) {
    n.items.forEach((item, i) => {
      const path = prefix ? `${prefix}/${i}` : String(i);
      out.push({ path, span: spanOf(item as Node, ctx.base, { start: ctx.base, end: ctx.base }) });
      pathSpans(item, ctx, path, depth + 1, out);
    });
  } else if (isMap(n)) {
    for (const pair of n.items as AnyPair[]) {
      const key = resolveAlias(pair.key, ctx);
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
      const path = prefix ? `${prefix}/${String(key.value)}` : String(key.value);
      const keySpan = spanOf(pair.key as Node, ctx.base, { start: ctx.base, end: ctx.base });
      out.push({ path, span: spanOf(pair.value as Node, ctx.base, keySpan), keySpan });
      pathSpans(pair.value, ctx, path, depth + 1, out);
    }
  }
  return out;
}

/** A node as plain data, resolving aliases within the alias-bomb budget (yaml's own toJS throws instead). */
export function toPlain(node: unknown, ctx: ValidationContext, depth = 0): unknown {
  if (--ctx.budget.remaining < 0 || depth > 64) return null;
  const n = resolveAlias(node, ctx);
  if (isScalar(n)) return n.value;
  if (isSeq(n)) return n.items.map((item) => toPlain(item, ctx, depth + 1));
  if (isMap(n)) {
    // Null-prototype objects mark user data: span shifting never looks inside them.
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of n.items as AnyPair[]) {
      const key = resolveAlias(pair.key, ctx);
      if (isScalar(key) && key.value !== null && typeof key.value !== 'object')
        setOwn(out, String(key.value), toPlain(pair.value, ctx, depth + 1));
    }
    return out;
  }
  return null;
}
