// Judging a scenario's expectations against a finished run: each check passes or fails with a message that
// names the figure that contradicted it (and an example operation where one helps), or is inconclusive when
// the run produced nothing to judge.

import type { Consistency } from '../semantics/consistency';
import { checkLinearizability, type LinearizabilityOptions, type LinearizabilityResult } from './linearizability';
import { judgeNeed, type LinearizabilityOf } from './needs';
import { findStaleReads, percentiles } from './report';
import type { Expectation, Phase, Scenario, YamlPath } from './scenario-shape';
import { ACCEPTED_FRACTION } from './scenario-shape';
import type { Operation, RegisterValue, SimResult, StoreReport } from './types';
import { compare, type Threshold } from './units';
import { duration, milliseconds, percent } from '../text/format';

export interface ExpectationResult {
  expectation: Expectation;
  /** Same as expectation.path: where to show the verdict. */
  path: YamlPath;
  status: 'pass' | 'fail' | 'inconclusive';
  passed: boolean;
  message: string;
  /** The figure the verdict rests on (a rate, a count or milliseconds), when there is one. */
  figure?: number;
}

/** What judging needs beyond the run: the components' stated needs, and a shared linearizability check. */
export interface JudgeContext {
  needs?: Record<string, Record<string, Consistency>>;
  linearizability?: LinearizabilityOf;
}

/** One linearizability check per datastore, however many expectations and needs ask for it. */
export function cachedLinearizability(options: LinearizabilityOptions = {}): LinearizabilityOf {
  const checked = new Map<string, LinearizabilityResult>();
  return (store, ops) => {
    let r = checked.get(store);
    if (!r) checked.set(store, (r = checkLinearizability(ops, options)));
    return r;
  };
}

export function runScenarioExpectations(scenario: Scenario, result: SimResult, context: JudgeContext = {}): ExpectationResult[] {
  const linearizability = context.linearizability ?? cachedLinearizability();
  return scenario.expect.map((e) => judge(e, result, context, linearizability));
}

/** The phase of an operation in its datastore's partition and recovery (undefined: none of them). */
export function phaseOf(op: Operation, store: StoreReport | undefined): Phase | undefined {
  if (op.side !== undefined && op.side !== 'none') return 'partitioned';
  const episodes = store?.convergence ?? [];
  let episode: (typeof episodes)[number] | undefined;
  for (const e of episodes) if (e.healed <= op.invoke) episode = e;
  if (!episode) return undefined;
  if (episode.interrupted !== undefined && op.invoke >= episode.interrupted) return undefined;
  return episode.converged !== undefined && op.invoke >= episode.converged ? 'converged' : 'healing';
}

function judge(
  e: Expectation,
  result: SimResult,
  context: JudgeContext,
  linearizability: (store: string, ops: readonly Operation[]) => LinearizabilityResult,
): ExpectationResult {
  const stores = new Map(result.report.stores.map((s) => [s.store, s]));
  const storeOps = e.datastore === undefined ? result.history : result.history.filter((op) => op.store === e.datastore);
  const selected = storeOps.filter(
    (op) =>
      (e.side === undefined || op.side === e.side) &&
      (e.component === undefined || op.component === e.component) &&
      (e.phase === undefined || phaseOf(op, stores.get(op.store ?? '')) === e.phase),
  );
  const target = e.component
    ? `${e.component}'s requests${e.datastore ? ` to ${e.datastore}` : ''}`
    : (e.datastore ?? 'the datastores');
  const qualifiers = [e.side ? `clients on the ${e.side} side of the partition` : '', e.phase ? PHASE_WORDS[e.phase] : '']
    .filter(Boolean)
    .join(', ');
  const where = `${target}${qualifiers ? ` (${qualifiers})` : ''}`;
  const done = (status: ExpectationResult['status'], message: string, figure?: number): ExpectationResult => ({
    expectation: e,
    path: e.path,
    status,
    passed: status === 'pass',
    message,
    figure,
  });
  const check = e.check;
  const reports = result.report.stores.filter((s) => e.datastore === undefined || s.store === e.datastore);

  switch (check.kind) {
    case 'writes':
    case 'reads': {
      const ops = selected.filter((op) => (check.kind === 'reads' ? op.f === 'read' : op.f !== 'read'));
      const noun = check.kind;
      if (ops.length === 0)
        return done(
          'inconclusive',
          `no ${noun} were issued to ${where}${e.side || e.phase || e.component ? '; did any client run then and there?' : ''}`,
        );
      const ok = ops.filter((op) => op.outcome === 'ok').length;
      const rate = ok / ops.length;
      const figure = `${where} accepted ${ok} of ${ops.length} ${noun} (${percent(rate, 1)})`;
      if ('verdict' in check) {
        if (check.verdict === 'refused')
          return ok === 0
            ? done('pass', `${figure}: all refused${refusal(ops[0])}`, rate)
            : done('fail', `${figure}; expected every one refused${example(ops.find((op) => op.outcome === 'ok')!)}`, rate);
        if (check.verdict === 'unknown') {
          const unknown = ops.filter((op) => op.outcome === 'info').length;
          const text = `${where}: ${unknown} of ${ops.length} ${noun} ended with an unknown outcome (timed out: they may or may not have taken effect)`;
          if (unknown === ops.length) return done('pass', text, unknown / ops.length);
          const other = ops.find((op) => op.outcome !== 'info')!;
          return done(
            'fail',
            `${text}; expected every one unknown, but op ${other.id} ${other.outcome === 'ok' ? 'succeeded' : `failed (${other.error ?? 'refused'})`}`,
            unknown / ops.length,
          );
        }
        return rate >= ACCEPTED_FRACTION
          ? done('pass', figure, rate)
          : done('fail', `${figure}; expected at least ${percent(ACCEPTED_FRACTION, 1)} accepted`, rate);
      }
      return compare(rate, check.threshold)
        ? done('pass', figure, rate)
        : done('fail', `${figure}; expected ${check.threshold.text}`, rate);
    }
    case 'stale_reads': {
      // Staleness depends on every write to the store, whichever side it came from: compute on the store's
      // whole history, then count the selected reads.
      const staleIds = new Set(findStaleReads(storeOps));
      const reads = selected.filter((op) => op.f === 'read' && op.outcome === 'ok');
      if (reads.length === 0) return done('inconclusive', `no successful reads from ${where} to judge`);
      const stale = reads.filter((op) => staleIds.has(op.id));
      const rate = stale.length / reads.length;
      const figure = `${where} served ${stale.length} stale read${stale.length === 1 ? '' : 's'} of ${reads.length} (${percent(rate, 1)})`;
      const value = check.threshold.unit === 'fraction' ? rate : stale.length;
      if (compare(value, check.threshold))
        return done('pass', stale.length > 0 ? `${figure}. ${explainStale(stale[0], storeOps)}` : figure, value);
      return done(
        'fail',
        `${figure}; expected ${describeThreshold(check.threshold, 'stale reads')}. ${explainStale(stale[0], storeOps)}`,
        value,
      );
    }
    case 'lost_writes': {
      const lost = reports.flatMap((s) => s.lost);
      const figure = `${lost.length} acknowledged write${lost.length === 1 ? '' : 's'} to ${where} ${lost.length === 1 ? 'was' : 'were'} lost`;
      const byId = new Map(result.history.map((op) => [op.id, op]));
      const first = lost[0];
      const op = first ? byId.get(first.id) : undefined;
      const sample = op
        ? ` — e.g. ${describeLost(op, first.cause, first.by !== undefined ? byId.get(first.by) : undefined)}`
        : '';
      if (lost.length <= check.max) return done('pass', `${figure}${lost.length > 0 ? sample : ''}`, lost.length);
      return done('fail', `${figure}; expected at most ${check.max}${sample}`, lost.length);
    }
    case 'availability': {
      if (selected.length === 0) return done('inconclusive', `no requests were issued to ${where}`);
      const served = selected.filter((op) => op.outcome === 'ok' || op.error === 'cas-mismatch').length;
      const rate = served / selected.length;
      const figure = `${where} answered ${served} of ${selected.length} requests (${percent(rate, 1)})`;
      return compare(rate, check.threshold)
        ? done('pass', figure, rate)
        : done('fail', `${figure}; expected ${check.threshold.text}`, rate);
    }
    case 'linearizable': {
      if (storeOps.length === 0) return done('inconclusive', `no operations on ${where} to check`);
      if (storeOps.some((op) => op.datatype !== undefined))
        return done(
          'inconclusive',
          `${where} is a ${storeOps.find((op) => op.datatype)!.datatype}, not a register: linearizability of a register does not apply`,
        );
      const r = linearizability(e.datastore ?? '\u0000every datastore', storeOps);
      if (r.inconclusive)
        return done('inconclusive', `the linearizability check of ${where} gave up after ${r.explored} configurations`);
      const verdict = r.linearizable
        ? `the history of ${where} (${storeOps.length} operations) is linearizable`
        : `the history of ${where} is not linearizable: ${r.counterexample?.message}`;
      return r.linearizable === check.value
        ? done('pass', verdict)
        : done('fail', `${verdict}; expected ${check.value ? 'linearizable' : 'a violation'}`);
    }
    case 'latency': {
      const timed = selected.filter(
        (op) => op.outcome === 'ok' && (check.of === undefined || (check.of === 'reads') === (op.f === 'read')),
      );
      const p = percentiles(timed.map((op) => op.complete - op.invoke));
      const what = check.of ?? 'operations';
      if (p.count === 0) return done('inconclusive', `no successful ${what} on ${where} to time`);
      const value = p[check.quantile];
      const figure = `${check.quantile} latency of ${check.of ? `${check.of} to ` : ''}${where} is ${milliseconds(value, 0)}`;
      return compare(value, check.threshold)
        ? done('pass', figure, value)
        : done('fail', `${figure}; expected ${check.threshold.text}`, value);
    }
    case 'converged':
    case 'convergence': {
      const tracked = reports.filter((s) => s.convergence !== undefined);
      if (tracked.length === 0)
        return done(
          'inconclusive',
          `${where} ${reports.length ? 'has no convergence to judge (not leaderless, or `conflicts: none`: nothing resolves concurrent versions)' : 'is not in this run'}`,
        );
      const lines = tracked.map((s) => convergenceOf(s, result.report.endTime));
      const last = lines.find((l) => l.time === undefined) ?? lines.reduce((a, b) => ((a.time ?? 0) >= (b.time ?? 0) ? a : b));
      if (lines.every((l) => l.healed === undefined))
        return done('inconclusive', `no partition healed (nor crashed replica restarted) in ${where}: nothing to converge from`);
      if (check.kind === 'converged') {
        const converged = lines.every((l) => l.time !== undefined || l.healed === undefined);
        return converged === check.value
          ? done('pass', last.text, last.time)
          : done('fail', `${last.text}; expected ${check.value ? 'convergence' : 'replicas still apart at the end'}`, last.time);
      }
      if (last.time === undefined) return done('fail', `${last.text}; expected convergence within ${check.threshold.text}`);
      return compare(last.time, check.threshold)
        ? done('pass', last.text, last.time)
        : done('fail', `${last.text}; expected ${check.threshold.text}`, last.time);
    }
    case 'time_without_leader':
    case 'elections': {
      const led = reports.filter((s) => s.leadership !== undefined);
      if (led.length === 0) return done('inconclusive', `${where} has no leader (leaderless)`);
      if (check.kind === 'elections') {
        const n = led.reduce((t, s) => t + s.leadership!.elections, 0);
        const text = `${where} held ${n} election${n === 1 ? '' : 's'} (${led.reduce((t, s) => t + s.leadership!.leaders, 0)} new leader${n === 1 ? '' : 's'})`;
        return compare(n, check.threshold) ? done('pass', text, n) : done('fail', `${text}; expected ${check.threshold.text}`, n);
      }
      const worst = led.reduce((a, b) => (b.leadership!.withoutLeader > a.leadership!.withoutLeader ? b : a));
      const t = worst.leadership!.withoutLeader;
      const spans = worst.leadership!.intervals.map(([a, b]) => `${duration(a)}–${duration(b)}`).join(', ');
      const text = `${worst.store} was without a leader that reaches a majority for ${duration(t)}${spans ? ` (${spans})` : ''}`;
      return compare(t, check.threshold) ? done('pass', text, t) : done('fail', `${text}; expected ${check.threshold.text}`, t);
    }
    case 'siblings': {
      const reads = selected.filter((op) => op.f === 'read' && op.outcome === 'ok');
      const n = reads.filter((op) => op.siblings).length;
      const first = reads.find((op) => op.siblings);
      const text = `${n} read${n === 1 ? '' : 's'} from ${where} returned siblings${first ? ` — e.g. op ${first.id} (${first.client}) got ${first.siblings!.map(fmt).join(' and ')}, merged into ${fmt(first.value as RegisterValue)}` : ''}`;
      return compare(n, check.threshold) ? done('pass', text, n) : done('fail', `${text}; expected ${check.threshold.text}`, n);
    }
    case 'final_value': {
      const finals = reports.flatMap((s) => s.final);
      if (finals.length === 0) return done('inconclusive', `no replica of ${where} to look at`);
      const want = JSON.stringify(check.value);
      const norm = (v: RegisterValue | number[]) =>
        JSON.stringify(
          Array.isArray(v) && !Array.isArray(check.value) && v.length === 1
            ? v[0]
            : !Array.isArray(v) && Array.isArray(check.value) && v !== null
              ? [v]
              : v,
        );
      const off = finals.filter((f) => norm(f.value) !== want);
      const shown = (v: RegisterValue | number[]) => (Array.isArray(v) ? `[${v.join(', ')}]` : fmt(v));
      if (off.length === 0) return done('pass', `every replica of ${where} ends holding ${shown(check.value)}`);
      return done(
        'fail',
        `${off.map((f) => `${f.node} ends holding ${shown(f.value)}`).join(', ')}; expected ${shown(check.value)} on every replica`,
      );
    }
    case 'needs': {
      const component = e.component!;
      const needs = context.needs?.[component] ?? {};
      const stores = Object.keys(needs).filter((s) => e.datastore === undefined || s === e.datastore);
      if (stores.length === 0)
        return done(
          'inconclusive',
          `${component} states no consistency need${e.datastore ? ` for ${e.datastore}` : ''} to judge`,
        );
      const verdicts = stores.map((s) => judgeNeed(result, component, s, needs[s], linearizability));
      const text = verdicts
        .map(
          (v) =>
            `${component} needs ${v.needs} from ${v.datastore}: ${v.status === 'met' ? 'met' : v.status === 'unmet' ? 'not met' : 'not judged'} — ${v.reason}`,
        )
        .join('; ');
      if (
        verdicts.some((v) => v.status === 'unjudged') &&
        verdicts.every((v) => v.status !== (check.value === 'met' ? 'unmet' : 'met'))
      )
        return done('inconclusive', text);
      const met = verdicts.every((v) => v.status === 'met');
      return met === (check.value === 'met') ? done('pass', text) : done('fail', `${text}; expected ${check.value}`);
    }
  }
}

const PHASE_WORDS: Record<Phase, string> = {
  partitioned: 'requests made during a partition',
  healing: 'requests made after the heal, before the replicas converged',
  converged: 'requests made once the replicas had converged',
};

function convergenceOf(s: StoreReport, end: number): { text: string; time?: number; healed?: number } {
  const episodes = (s.convergence ?? []).filter((e) => e.interrupted === undefined);
  const last = episodes[episodes.length - 1];
  if (!last) return { text: `${s.store}: no heal to converge from` };
  if (last.converged === undefined)
    return {
      text: `${s.store}'s replicas had not caught up ${duration(end - last.healed)} after the heal at ${duration(last.healed)}`,
      healed: last.healed,
    };
  const t = last.converged - last.healed;
  return {
    text: `${s.store}'s replicas converged ${duration(t)} after the heal at ${duration(last.healed)}`,
    time: t,
    healed: last.healed,
  };
}

function fmt(v: RegisterValue): string {
  return v === null ? 'nil' : String(v);
}

function describeThreshold(t: Threshold, what: string): string {
  return t.text === 'none' ? `no ${what}` : t.text;
}

/** How a refused request ended, as its client saw it. */
function refusal(op: Operation): string {
  const how =
    op.outcome === 'info'
      ? 'timed out, outcome unknown'
      : op.error === 'timeout'
        ? 'timed out'
        : `refused (${op.error ?? 'error'})`;
  return ` — e.g. op ${op.id}, a ${op.f} by ${op.client ?? `process ${op.process}`} at ${milliseconds(op.invoke, 0)}: ${how}`;
}

function example(op: Operation): string {
  return ` — e.g. op ${op.id}, a ${op.f} by ${op.client ?? `process ${op.process}`} at ${milliseconds(op.invoke, 0)}`;
}

function describeLost(op: Operation, cause: 'rolled-back' | 'overwritten', by: Operation | undefined): string {
  const what = `op ${op.id} (${op.f} ${Array.isArray(op.value) ? JSON.stringify(op.value) : fmt(op.value as RegisterValue)} by ${op.client ?? `process ${op.process}`}) acknowledged at ${milliseconds(op.complete, 0)}`;
  if (cause === 'rolled-back') return `${what}, absent from the log the surviving leader kept`;
  return `${what}, a lost update: overwritten${by ? ` by op ${by.id} (${by.f} ${fmt(by.value as RegisterValue)} by ${by.client ?? `process ${by.process}`})` : ''}, whose writer had not seen it`;
}

/** Name the write a stale read missed: the latest one acknowledged before the read began, after the value read. */
function explainStale(read: Operation, ops: Operation[]): string {
  const by = read.client ?? `process ${read.process}`;
  if (read.datatype !== undefined)
    return `E.g. op ${read.id} (${by}) read ${Array.isArray(read.value) ? `{${read.value.join(', ')}}` : String(read.value)} at ${milliseconds(read.invoke, 0)}, missing an add acknowledged before it began.`;
  const v = read.value as RegisterValue;
  const written = (op: Operation) =>
    op.f === 'write' ? op.value : op.f === 'cas' && Array.isArray(op.value) ? op.value[1] : undefined;
  const writer = v === null ? undefined : ops.find((op) => op.f !== 'read' && written(op) === v && op.key === read.key);
  const after = writer?.outcome === 'ok' ? writer.complete : -Infinity;
  const missed = ops
    .filter(
      (op) => op.f !== 'read' && op.outcome === 'ok' && op.key === read.key && op.complete < read.invoke && op.invoke > after,
    )
    .sort((a, b) => b.complete - a.complete)[0];
  const got = v === null ? 'nil (nothing written yet)' : String(v);
  return missed
    ? `E.g. op ${read.id} (${by}) read ${got} at ${milliseconds(read.invoke, 0)}, after write ${String(written(missed))} (op ${missed.id}) was acknowledged at ${milliseconds(missed.complete, 0)}.`
    : `E.g. op ${read.id} (${by}) read ${got} at ${milliseconds(read.invoke, 0)}.`;
}
