// Whether what a design component's own clients saw satisfies the consistency it needs from a datastore: its
// reads are judged for staleness (a missed acknowledged write), for the session guarantees (read-your-writes,
// monotonic reads), and, for `linearizable`, by the linearizability checker over the datastore's history.

import type { Consistency } from '../semantics/consistency';
import { checkLinearizability, type LinearizabilityResult } from './linearizability';
import { findSessionViolations, findStaleReads } from './report';
import type { Operation, SimResult } from './types';
import { duration } from '../text/format';

export interface NeedVerdict {
  component: string;
  datastore: string;
  needs: Consistency;
  /** `unjudged`: the run gave nothing to judge (no successful reads by the component's clients). */
  status: 'met' | 'unmet' | 'unjudged';
  /** What the verdict rests on, in a sentence. */
  reason: string;
  /** An operation of the component's that broke it. */
  example?: number;
}

/** One linearizability check per datastore, shared by the needs of several components. */
export type LinearizabilityOf = (store: string, ops: readonly Operation[]) => LinearizabilityResult;

export function judgeNeed(
  result: SimResult,
  component: string,
  datastore: string,
  needs: Consistency,
  linearizability: LinearizabilityOf = (_, ops) => checkLinearizability(ops),
): NeedVerdict {
  const verdict = (status: NeedVerdict['status'], reason: string, example?: number): NeedVerdict => ({
    component,
    datastore,
    needs,
    status,
    reason,
    ...(example !== undefined ? { example } : {}),
  });
  const storeOps = result.history.filter((op) => op.store === datastore);
  const own = storeOps.filter((op) => op.component === component);
  const reads = own.filter((op) => op.f === 'read' && op.outcome === 'ok');
  if (reads.length === 0) return verdict('unjudged', `${component}'s clients read nothing from ${datastore} successfully`);
  const ownIds = new Set(reads.map((op) => op.id));
  const stale = findStaleReads(storeOps).filter((id) => ownIds.has(id));
  const session = findSessionViolations(storeOps);
  const ryw = [...session.readYourWrites].filter((id) => ownIds.has(id));
  const mr = [...session.monotonicReads].filter((id) => ownIds.has(id));
  const base = `${reads.length} successful read${reads.length === 1 ? '' : 's'} by ${component}'s clients`;
  const of = `of ${base}`;
  const among = `among the ${base}`;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const sessionBroken = (): NeedVerdict | undefined => {
    if (ryw.length > 0)
      return verdict(
        'unmet',
        `${count(ryw.length, 'read')} ${of} missed the client's own acknowledged write (read-your-writes)`,
        ryw[0],
      );
    if (mr.length > 0)
      return verdict(
        'unmet',
        `${count(mr.length, 'read')} ${of} went back to an older value than the client had read (monotonic reads)`,
        mr[0],
      );
    return undefined;
  };
  switch (needs) {
    case 'linearizable':
    case 'strong': {
      // A stale read also covers read-your-writes; monotonic reads is promised by linearizability, not by a regular register.
      if (stale.length > 0)
        return verdict(
          'unmet',
          `${count(stale.length, 'stale read')} ${of}: each missed a write acknowledged before it began`,
          stale[0],
        );
      if (needs === 'strong' || own.some((op) => op.datatype !== undefined)) return verdict('met', `no stale read ${among}`);
      const broken = sessionBroken();
      if (broken) return broken;
      const r = linearizability(datastore, storeOps);
      if (r.inconclusive)
        return verdict('unjudged', `no stale read ${among}, but the linearizability check of ${datastore} ran out of budget`);
      if (r.linearizable) return verdict('met', `no stale read ${among}, and ${datastore}'s history is linearizable`);
      const failing = r.counterexample?.op;
      if (failing?.component === component)
        return verdict(
          'unmet',
          `${datastore}'s history is not linearizable at one of ${component}'s operations: ${r.counterexample?.message}`,
          failing.id,
        );
      return verdict(
        'met',
        `no stale read ${among}; ${datastore}'s history is not linearizable, but at another component's operation (op ${failing?.id})`,
      );
    }
    case 'sequential':
    case 'causal':
      return (
        sessionBroken() ??
        verdict(
          'met',
          `read-your-writes and monotonic reads held for the ${base} (what a single client can check of ${needs} consistency)`,
        )
      );
    case 'read-your-writes':
      return ryw.length > 0
        ? verdict('unmet', `${count(ryw.length, 'read')} ${of} missed the client's own acknowledged write`, ryw[0])
        : verdict('met', `each of the ${base} saw the client's own acknowledged writes`);
    case 'monotonic-reads':
      return mr.length > 0
        ? verdict('unmet', `${count(mr.length, 'read')} ${of} went back to an older value than the client had read`, mr[0])
        : verdict('met', `none of the ${base} went back to an older value`);
    case 'eventual': {
      const episodes = result.report.stores.find((s) => s.store === datastore)?.convergence ?? [];
      const last = episodes[episodes.length - 1];
      if (last && last.converged === undefined && last.interrupted === undefined)
        return verdict(
          'unmet',
          `${datastore}'s replicas had not converged by the end of the run, ${duration(result.report.endTime - last.healed)} after the last heal`,
        );
      return verdict(
        'met',
        last?.converged !== undefined
          ? `${datastore}'s replicas converged ${duration(last.converged - last.healed)} after the last heal`
          : 'nothing kept the replicas apart at the end of the run',
      );
    }
  }
}

/** Every need a component states, judged. */
export function judgeNeeds(
  result: SimResult,
  components: readonly { name: string; needs?: Record<string, Consistency> }[],
  linearizability?: LinearizabilityOf,
): NeedVerdict[] {
  return components.flatMap((c) =>
    Object.entries(c.needs ?? {}).map(([store, needs]) => judgeNeed(result, c.name, store, needs, linearizability)),
  );
}
