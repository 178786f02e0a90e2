// A replicated log of register commands, shared by the leader (primary-backup) and consensus (Raft)
// protocols: entries, the append-with-consistency-check rule, and applying entries to a register state.

import { NIL } from './protocol';

export interface Entry {
  /** Raft term, or the primary's epoch for primary-backup. */
  readonly term: number;
  readonly key: number;
  readonly value: number;
  /** cas: the expected value; NaN for a plain write. */
  readonly expected: number;
  /** The client op that wrote it; -1 for a leader's no-op. */
  readonly op: number;
}

/** Index 0 is a sentinel so that log indices start at 1, as in the Raft paper. */
export function newLog(): Entry[] {
  return [{ term: 0, key: 0, value: NIL, expected: NaN, op: -1 }];
}

export function lastIndex(log: Entry[]): number {
  return log.length - 1;
}

export function lastTerm(log: Entry[]): number {
  return log[log.length - 1].term;
}

/** Apply one entry to a register state; returns whether a cas succeeded (always true for writes and no-ops). */
export function applyEntry(state: Float64Array, e: Entry): boolean {
  if (e.op < 0) return true;
  if (!Number.isNaN(e.expected) && state[e.key] !== e.expected) return false;
  state[e.key] = e.value;
  return true;
}

export type AppendResult = { ok: true; match: number; truncatedFrom: number } | { ok: false; hint: number };

/**
 * The follower side of AppendEntries: accept `entries` after `prevIndex` only if our entry there has
 * `prevTerm`; drop any conflicting suffix; never drop entries that match (a delayed duplicate must not
 * shorten the log). `truncatedFrom` is the first index removed, or Infinity when nothing was.
 */
export function appendEntries(log: Entry[], prevIndex: number, prevTerm: number, entries: readonly Entry[]): AppendResult {
  if (prevIndex > lastIndex(log)) return { ok: false, hint: log.length };
  if (log[prevIndex].term !== prevTerm) {
    // Skip back over the whole conflicting term in one round trip (Raft §5.3's optimisation).
    const bad = log[prevIndex].term;
    let i = prevIndex;
    while (i > 1 && log[i - 1].term === bad) i--;
    return { ok: false, hint: i };
  }
  let truncatedFrom = Infinity;
  for (let k = 0; k < entries.length; k++) {
    const index = prevIndex + 1 + k;
    if (index < log.length) {
      if (log[index].term === entries[k].term) continue;
      truncatedFrom = index;
      log.length = index;
    }
    log.push(entries[k]);
  }
  return { ok: true, match: prevIndex + entries.length, truncatedFrom };
}

/** Recompute a register state from the first `upTo` entries (after a truncation undid applied entries). */
export function replay(state: Float64Array, log: Entry[], upTo: number): void {
  state.fill(NIL);
  for (let i = 1; i <= upTo; i++) applyEntry(state, log[i]);
}
