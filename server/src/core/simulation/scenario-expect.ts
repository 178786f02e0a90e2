// Validation of a scenario's `expect:` list: selectors (datastore, side, component, phase) and checks, each
// check becoming its own expectation with the YAML path of its key.

import { closest, componentNames, isMap, type Expectation, type ExpectationCheck, type Phase, type Report, type ScenarioContext, type YamlPath } from './scenario-shape';
import { parseThreshold } from './units';

const SELECTOR_KEYS = ['datastore', 'side', 'component', 'phase'];
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
];
const PHASES: Phase[] = ['partitioned', 'healing', 'converged'];
/** Checks about a datastore's whole run, which selectors of requests cannot narrow. */
const WHOLE_RUN = new Set(['linearizable', 'lost_writes', 'converged', 'convergence', 'time_without_leader', 'elections', 'final_value']);

export function validateExpectations(value: unknown, path: YamlPath, ctx: ScenarioContext | undefined, err: Report): Expectation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    err(path, 'expect must be a list of checks, e.g. [{datastore: ledger, side: minority, writes: refused}, {lost_writes: 0}]');
    return [];
  }
  const out: Expectation[] = [];
  value.forEach((e, i) => {
    const ep = [...path, i];
    if (!isMap(e)) return err(ep, 'an expectation is a map such as {datastore: ledger, stale_reads: none}');
    const all = [...SELECTOR_KEYS, ...CHECK_KEYS];
    for (const key of Object.keys(e)) if (!all.includes(key)) err([...ep, key], `unknown expectation key '${key}'${closest(key, all)}`);
    let datastore: string | undefined;
    if (e.datastore !== undefined) {
      if (typeof e.datastore !== 'string') err([...ep, 'datastore'], 'datastore must be a datastore name');
      else {
        if (ctx && !ctx.datastores.some((d) => d.name === e.datastore)) err([...ep, 'datastore'], `unknown datastore '${e.datastore}'`);
        datastore = e.datastore;
      }
    }
    let side: 'majority' | 'minority' | undefined;
    if (e.side !== undefined) {
      if (e.side === 'majority' || e.side === 'minority') side = e.side;
      else if (e.side !== 'any') err([...ep, 'side'], 'side must be minority, majority or any');
    }
    let component: string | undefined;
    if (e.component !== undefined) {
      if (typeof e.component !== 'string') err([...ep, 'component'], 'component must be a component name');
      else {
        const names = ctx ? componentNames(ctx) : [];
        if (ctx && !names.includes(e.component)) err([...ep, 'component'], `'${e.component}' is not a component of this design${names.length ? ` (components: ${names.join(', ')})` : ''}`);
        component = e.component;
      }
    }
    let phase: Phase | undefined;
    if (e.phase !== undefined) {
      if (PHASES.includes(e.phase as Phase)) phase = e.phase as Phase;
      else err([...ep, 'phase'], `phase must be one of ${PHASES.join(', ')}`);
    }
    const checks = CHECK_KEYS.filter((k) => e[k] !== undefined);
    if (checks.length === 0) err(ep, `an expectation needs a check: ${CHECK_KEYS.join(', ')}`);
    for (const k of checks) {
      const check = validateCheck(k, e[k], [...ep, k], err);
      if (!check) continue;
      if (WHOLE_RUN.has(check.kind) && (side || phase || component)) {
        err([...ep, side ? 'side' : phase ? 'phase' : 'component'], `${k} is about a datastore's whole run, not the requests of one side, phase or component`);
        continue;
      }
      if (check.kind === 'needs') {
        if (!component) {
          err([...ep, k], 'needs judges what a component needs: say which with `component:`');
          continue;
        }
        const needs = ctx?.components.find((c) => c.name === component)?.needs;
        if (ctx && needs && datastore !== undefined && needs[datastore] === undefined) err([...ep, k], `'${component}' states no need for '${datastore}' (in its uses:)`);
        if (side || phase) {
          err([...ep, side ? 'side' : 'phase'], 'needs judges all of a component\'s requests, not one side or phase');
          continue;
        }
      }
      if ((check.kind === 'converged' || check.kind === 'convergence') && datastore !== undefined && ctx) {
        const d = ctx.datastores.find((x) => x.name === datastore);
        if (d && d.family !== 'leaderless') err([...ep, k], `'${datastore}' is not leaderless: its replicas follow a leader's log rather than converge by repair`);
      }
      if ((check.kind === 'time_without_leader' || check.kind === 'elections') && datastore !== undefined && ctx) {
        const d = ctx.datastores.find((x) => x.name === datastore);
        if (d && d.family === 'leaderless') err([...ep, k], `'${datastore}' is leaderless: it has no leader to lose or elect`);
      }
      out.push({ path: [...ep, k], datastore, side, component, phase, check });
    }
  });
  return out;
}

const DURATION_HINT = 'a time bound like "< 5s"';

function validateCheck(kind: string, v: unknown, path: YamlPath, err: Report): ExpectationCheck | undefined {
  switch (kind) {
    case 'writes':
    case 'reads': {
      if (v === 'refused' || v === 'accepted' || v === 'unknown') return { kind, verdict: v };
      const t = parseThreshold(v, '>=');
      if (t && t.unit === 'fraction') return { kind, threshold: t };
      err(path, `${kind} must be refused, accepted, unknown (every one timed out, outcome unknown), or a success rate like ">= 99%"`);
      return undefined;
    }
    case 'stale_reads': {
      if (v === 'none' || v === 0) return { kind, threshold: { op: '<=', value: 0, unit: 'count', text: 'none' } };
      const t = parseThreshold(v, '<=');
      if (t && (t.unit === 'fraction' || (t.unit === 'count' && Number.isInteger(t.value)))) return { kind, threshold: t };
      err(path, 'stale_reads must be none, a count, or a rate like "< 1%"');
      return undefined;
    }
    case 'lost_writes': {
      if (v === 'none') return { kind, max: 0 };
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { kind, max: v };
      err(path, 'lost_writes must be a whole number (the most acknowledged writes that may be lost), or none');
      return undefined;
    }
    case 'availability': {
      const t = parseThreshold(typeof v === 'number' ? `${v}%` : v, '>=');
      if (t && t.unit === 'fraction') return { kind, threshold: t };
      err(path, 'availability must be a percentage like ">= 99%"');
      return undefined;
    }
    case 'linearizable':
    case 'converged':
      if (typeof v === 'boolean') return { kind, value: v };
      err(path, `${kind} must be true or false`);
      return undefined;
    case 'latency': {
      if (!isMap(v)) {
        err(path, 'latency must be a map like {p99: "< 50ms"}');
        return undefined;
      }
      const keys = Object.keys(v).filter((k) => k !== 'of');
      if (keys.length !== 1 || (keys[0] !== 'p50' && keys[0] !== 'p99')) {
        err(path, 'latency takes one of p50 or p99, and optionally of: reads or writes, e.g. {p99: "< 50ms", of: writes}');
        return undefined;
      }
      let of: 'reads' | 'writes' | undefined;
      if (v.of !== undefined) {
        if (v.of === 'reads' || v.of === 'writes') of = v.of;
        else err([...path, 'of'], 'of must be reads or writes');
      }
      const q = keys[0] as 'p50' | 'p99';
      const t = parseThreshold(v[q], '<=');
      if (t && t.unit !== 'fraction') return of ? { kind, quantile: q, threshold: { ...t, unit: 'ms' }, of } : { kind, quantile: q, threshold: { ...t, unit: 'ms' } };
      err([...path, q], `${q} must be a time bound like "< 50ms"`);
      return undefined;
    }
    case 'convergence':
    case 'time_without_leader': {
      const t = parseThreshold(v, '<=');
      if (t && t.unit !== 'fraction') return { kind, threshold: { ...t, unit: 'ms' } };
      err(path, `${kind} must be ${DURATION_HINT} (a bare number is milliseconds)`);
      return undefined;
    }
    case 'elections':
    case 'siblings': {
      const t = parseThreshold(v, kind === 'elections' ? '<=' : '>=');
      if (t && t.unit === 'count' && Number.isInteger(t.value)) return { kind, threshold: t };
      err(path, `${kind} must be a count or a bound like ">= 1"`);
      return undefined;
    }
    case 'final_value': {
      if (typeof v === 'number' && Number.isFinite(v)) return { kind, value: v };
      if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return { kind, value: [...(v as number[])].sort((a, b) => a - b) };
      err(path, 'final_value must be a number (a register or counter) or a list of numbers (a set, or siblings)');
      return undefined;
    }
    case 'needs':
      if (v === 'met' || v === 'unmet') return { kind, value: v };
      err(path, "needs must be met or unmet: whether what the component's own clients saw satisfies the consistency its uses: names");
      return undefined;
  }
  return undefined;
}
