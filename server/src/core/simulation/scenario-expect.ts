// Reading a scenario's `expect:` list: selectors (datastore, side, component, phase) and checks, each check
// becoming its own expectation with the YAML path of its key. The schema gives each key's shape; here names
// are resolved and checks are matched to what they can be about.

import {
  componentNames,
  fieldsOf,
  usableItems,
  type Expectation,
  type ExpectationCheck,
  type Phase,
  type ReadContext,
  type YamlPath,
} from './scenario-shape';
import { parseThreshold, type Threshold } from './units';

/** The checks an expectation may hold: every key of `scenarioExpectation` in the schema but the selectors. */
export const CHECK_KEYS = [
  'writes',
  'reads',
  'stale_reads',
  'lost_writes',
  'availability',
  'linearizable',
  'latency',
  'converged',
  'convergence',
  'time_without_leader',
  'elections',
  'siblings',
  'final_value',
  'needs',
] as const;
export const SELECTOR_KEYS = ['datastore', 'side', 'component', 'phase'] as const;
/** Checks about a datastore's whole run, which selectors of requests cannot narrow. */
const WHOLE_RUN = new Set([
  'linearizable',
  'lost_writes',
  'converged',
  'convergence',
  'time_without_leader',
  'elections',
  'final_value',
]);

export function readExpectations(value: unknown, path: YamlPath, r: ReadContext): Expectation[] {
  const { ctx, shape, err } = r;
  const out: Expectation[] = [];
  for (const { item: e, path: ep } of usableItems(value, path, shape)) {
    const { get } = fieldsOf(e, ep, shape);
    const datastore = get<string>('datastore');
    if (datastore !== undefined && ctx && !ctx.datastores.some((d) => d.name === datastore))
      err([...ep, 'datastore'], `unknown datastore '${datastore}'`);
    const side = get('side') === 'majority' || get('side') === 'minority' ? get<'majority' | 'minority'>('side') : undefined;
    const component = get<string>('component');
    if (component !== undefined && ctx && !componentNames(ctx).includes(component)) {
      const names = componentNames(ctx);
      err(
        [...ep, 'component'],
        `'${component}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`,
      );
    }
    const phase = get<Phase>('phase');
    const checks = CHECK_KEYS.filter((k) => e[k] !== undefined);
    if (checks.length === 0 && shape.clean(ep)) err(ep, `an expectation needs a check: ${CHECK_KEYS.join(', ')}`);
    for (const k of checks) {
      const cp = [...ep, k];
      if (!shape.clean(cp)) continue;
      const check = readCheck(k, e[k], cp, r);
      if (!check) continue;
      if (WHOLE_RUN.has(check.kind) && (side || phase || component)) {
        err(
          [...ep, side ? 'side' : phase ? 'phase' : 'component'],
          `${k} is about a datastore's whole run, not the requests of one side, phase or component`,
        );
        continue;
      }
      if (check.kind === 'needs') {
        if (!component) {
          err(cp, 'needs judges what a component needs: say which with `component:`');
          continue;
        }
        const needs = ctx?.components.find((c) => c.name === component)?.needs;
        if (ctx && needs && datastore !== undefined && needs[datastore] === undefined)
          err(cp, `'${component}' states no need for '${datastore}' (in its uses:)`);
        if (side || phase) {
          err([...ep, side ? 'side' : 'phase'], "needs judges all of a component's requests, not one side or phase");
          continue;
        }
      }
      const family = datastore !== undefined ? ctx?.datastores.find((x) => x.name === datastore)?.family : undefined;
      if ((check.kind === 'converged' || check.kind === 'convergence') && family && family !== 'leaderless') {
        err(cp, `'${datastore}' is not leaderless: its replicas follow a leader's log rather than converge by repair`);
      }
      if ((check.kind === 'time_without_leader' || check.kind === 'elections') && family === 'leaderless') {
        err(cp, `'${datastore}' is leaderless: it has no leader to lose or elect`);
      }
      out.push({ path: cp, datastore, side, component, phase, check });
    }
  }
  return out;
}

/** A bound in milliseconds (a bare number is ms). */
const inMs = (t: Threshold | undefined): Threshold | undefined => (t && t.unit !== 'fraction' ? { ...t, unit: 'ms' } : undefined);

/** A check whose value the schema accepted, as the judge wants it. */
function readCheck(
  kind: (typeof CHECK_KEYS)[number],
  v: unknown,
  path: YamlPath,
  { err }: ReadContext,
): ExpectationCheck | undefined {
  const check = checkOf(kind, v, path, err);
  // The schema's patterns and the parsers in ./units agree (a test holds them to it); this is the seam if not.
  if (check === undefined && kind !== 'latency') err(path, `${kind}: CAP Lens cannot read ${JSON.stringify(v)}`);
  return check;
}

function checkOf(
  kind: (typeof CHECK_KEYS)[number],
  v: unknown,
  path: YamlPath,
  err: ReadContext['err'],
): ExpectationCheck | undefined {
  switch (kind) {
    case 'writes':
    case 'reads': {
      if (v === 'refused' || v === 'accepted' || v === 'unknown') return { kind, verdict: v };
      const t = parseThreshold(v, '>=');
      return t && t.unit === 'fraction' ? { kind, threshold: t } : undefined;
    }
    case 'stale_reads': {
      if (v === 'none' || v === 0) return { kind, threshold: { op: '<=', value: 0, unit: 'count', text: 'none' } };
      const t = parseThreshold(v, '<=');
      return t ? { kind, threshold: t } : undefined;
    }
    case 'lost_writes':
      return v === 'none' ? { kind, max: 0 } : typeof v === 'number' ? { kind, max: v } : undefined;
    case 'availability': {
      const t = parseThreshold(typeof v === 'number' ? `${v}%` : v, '>=');
      return t ? { kind, threshold: t } : undefined;
    }
    case 'linearizable':
    case 'converged':
      return typeof v === 'boolean' ? { kind, value: v } : undefined;
    case 'latency': {
      const bound = v as { p50?: unknown; p99?: unknown; of?: 'reads' | 'writes' };
      const quantiles = (['p50', 'p99'] as const).filter((q) => bound[q] !== undefined);
      if (quantiles.length !== 1) {
        err(path, 'latency takes one of p50 or p99, and optionally of: reads or writes, e.g. {p99: "< 50ms", of: writes}');
        return undefined;
      }
      const threshold = inMs(parseThreshold(bound[quantiles[0]], '<='));
      if (!threshold) return undefined;
      return { kind, quantile: quantiles[0], threshold, ...(bound.of ? { of: bound.of } : {}) };
    }
    case 'convergence':
    case 'time_without_leader': {
      const threshold = inMs(parseThreshold(v, '<='));
      return threshold ? { kind, threshold } : undefined;
    }
    case 'elections':
    case 'siblings': {
      const t = parseThreshold(v, kind === 'elections' ? '<=' : '>=');
      return t ? { kind, threshold: t } : undefined;
    }
    case 'final_value':
      if (typeof v === 'number') return { kind, value: v };
      return Array.isArray(v) ? { kind, value: [...(v as number[])].sort((a, b) => a - b) } : undefined;
    case 'needs':
      return v === 'met' || v === 'unmet' ? { kind, value: v } : undefined;
  }
}
