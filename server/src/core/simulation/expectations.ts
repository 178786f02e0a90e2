// Judging a scenario's expectations against a finished run: each check passes or fails with a message that
// names the figure that contradicted it (and an example operation where one helps), or is inconclusive when
// the run produced nothing to judge.

import { checkLinearizability } from './linearizability';
import { findStaleReads, percentiles } from './report';
import type { Expectation, Scenario, YamlPath } from './scenarios';
import type { Operation, RegisterValue, SimResult } from './types';
import { ACCEPTED_FRACTION } from './scenarios';
import { compare, formatPercent, type Threshold } from './units';

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

export function runScenarioExpectations(scenario: Scenario, result: SimResult): ExpectationResult[] {
  return scenario.expect.map((e) => judge(e, result));
}

function judge(e: Expectation, result: SimResult): ExpectationResult {
  const storeOps = e.datastore === undefined ? result.history : result.history.filter((op) => op.store === e.datastore);
  const selected = e.side === undefined ? storeOps : storeOps.filter((op) => op.side === e.side);
  const where = `${e.datastore ?? 'the datastores'}${e.side ? ` (clients on the ${e.side} side of the partition)` : ''}`;
  const done = (status: ExpectationResult['status'], message: string, figure?: number): ExpectationResult => ({ expectation: e, path: e.path, status, passed: status === 'pass', message, figure });
  const check = e.check;

  switch (check.kind) {
    case 'writes':
    case 'reads': {
      const ops = selected.filter((op) => (check.kind === 'reads' ? op.f === 'read' : op.f !== 'read'));
      const noun = check.kind;
      if (ops.length === 0) return done('inconclusive', `no ${noun} were issued to ${where}${e.side ? '; is any client on that side?' : ''}`);
      const ok = ops.filter((op) => op.outcome === 'ok').length;
      const rate = ok / ops.length;
      const figure = `${where} accepted ${ok} of ${ops.length} ${noun} (${formatPercent(rate)})`;
      if ('verdict' in check) {
        if (check.verdict === 'refused') return ok === 0 ? done('pass', `${figure}: all refused`, rate) : done('fail', `${figure}; expected every one refused${example(ops.find((op) => op.outcome === 'ok')!)}`, rate);
        return rate >= ACCEPTED_FRACTION ? done('pass', figure, rate) : done('fail', `${figure}; expected at least ${formatPercent(ACCEPTED_FRACTION)} accepted`, rate);
      }
      return compare(rate, check.threshold) ? done('pass', figure, rate) : done('fail', `${figure}; expected ${check.threshold.text}`, rate);
    }
    case 'stale_reads': {
      // Staleness depends on every write to the store, whichever side it came from: compute on the store's
      // whole history, then count the selected reads.
      const staleIds = new Set(findStaleReads(storeOps));
      const reads = selected.filter((op) => op.f === 'read' && op.outcome === 'ok');
      if (reads.length === 0) return done('inconclusive', `no successful reads from ${where} to judge`);
      const stale = reads.filter((op) => staleIds.has(op.id));
      const rate = stale.length / reads.length;
      const figure = `${where} served ${stale.length} stale read${stale.length === 1 ? '' : 's'} of ${reads.length} (${formatPercent(rate)})`;
      const value = check.threshold.unit === 'fraction' ? rate : stale.length;
      if (compare(value, check.threshold)) return done('pass', figure, value);
      return done('fail', `${figure}; expected ${describeThreshold(check.threshold, 'stale reads')}. ${explainStale(stale[0], storeOps)}`, value);
    }
    case 'lost_writes': {
      const stores = result.report.stores.filter((s) => e.datastore === undefined || s.store === e.datastore);
      const ids = stores.flatMap((s) => s.lostWriteIds);
      const figure = `${ids.length} acknowledged write${ids.length === 1 ? '' : 's'} to ${where} ${ids.length === 1 ? 'was' : 'were'} lost`;
      if (ids.length <= check.max) return done('pass', figure, ids.length);
      const byId = new Map(result.history.map((op) => [op.id, op]));
      const first = byId.get(ids[0]);
      const sample = first ? ` — e.g. op ${first.id} (${first.client ?? 'process ' + first.process}) acknowledged at ${ms(first.complete)}, absent from the log the surviving leader kept` : '';
      return done('fail', `${figure}; expected at most ${check.max}${sample}`, ids.length);
    }
    case 'availability': {
      if (selected.length === 0) return done('inconclusive', `no requests were issued to ${where}`);
      const served = selected.filter((op) => op.outcome === 'ok' || op.error === 'cas-mismatch').length;
      const rate = served / selected.length;
      const figure = `${where} answered ${served} of ${selected.length} requests (${formatPercent(rate)})`;
      return compare(rate, check.threshold) ? done('pass', figure, rate) : done('fail', `${figure}; expected ${check.threshold.text}`, rate);
    }
    case 'linearizable': {
      if (storeOps.length === 0) return done('inconclusive', `no operations on ${where} to check`);
      const r = checkLinearizability(storeOps);
      if (r.inconclusive) return done('inconclusive', `the linearizability check of ${where} gave up after ${r.explored} configurations`);
      const verdict = r.linearizable ? `the history of ${where} (${storeOps.length} operations) is linearizable` : `the history of ${where} is not linearizable: ${r.counterexample?.message}`;
      return r.linearizable === check.value ? done('pass', verdict) : done('fail', `${verdict}; expected ${check.value ? 'linearizable' : 'a violation'}`);
    }
    case 'latency': {
      const p = percentiles(selected.filter((op) => op.outcome === 'ok').map((op) => op.complete - op.invoke));
      if (p.count === 0) return done('inconclusive', `no successful operations on ${where} to time`);
      const value = p[check.quantile];
      const figure = `${check.quantile} latency of ${where} is ${ms(value)}`;
      return compare(value, check.threshold) ? done('pass', figure, value) : done('fail', `${figure}; expected ${check.threshold.text}`, value);
    }
  }
}

function ms(t: number): string {
  return `${t < 10 ? t.toFixed(2) : t.toFixed(0)} ms`;
}

function describeThreshold(t: Threshold, what: string): string {
  return t.text === 'none' ? `no ${what}` : t.text;
}

function example(op: Operation): string {
  return ` — e.g. op ${op.id}, a ${op.f} by ${op.client ?? 'process ' + op.process} at ${ms(op.invoke)}`;
}

/** Name the write a stale read missed: the latest one acknowledged before the read began, after the value read. */
function explainStale(read: Operation, ops: Operation[]): string {
  const v = read.value as RegisterValue;
  const written = (op: Operation) => (op.f === 'write' ? op.value : op.f === 'cas' && Array.isArray(op.value) ? op.value[1] : undefined);
  const writer = v === null ? undefined : ops.find((op) => op.f !== 'read' && written(op) === v && op.key === read.key);
  const after = writer?.outcome === 'ok' ? writer.complete : -Infinity;
  const missed = ops
    .filter((op) => op.f !== 'read' && op.outcome === 'ok' && op.key === read.key && op.complete < read.invoke && op.invoke > after)
    .sort((a, b) => b.complete - a.complete)[0];
  const got = v === null ? 'nil (nothing written yet)' : String(v);
  const by = read.client ?? `process ${read.process}`;
  return missed
    ? `E.g. op ${read.id} (${by}) read ${got} at ${ms(read.invoke)}, after write ${String(written(missed))} (op ${missed.id}) was acknowledged at ${ms(missed.complete)}.`
    : `E.g. op ${read.id} (${by}) read ${got} at ${ms(read.invoke)}.`;
}
