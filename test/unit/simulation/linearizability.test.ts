// The linearizability checker: hand-made histories (reads, writes, cas, info), counterexamples, agreement of
// the distinct-values shortcut with the general search on random histories, and simulated histories.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkByZones,
  checkLinearizability,
  checkLinearizabilityBySearch,
  Rng,
  runScenario,
  type Operation,
  type RegisterValue,
} from '../../../server/src/core/simulation/index';

let nextId = 0;
function op(
  process: number,
  f: Operation['f'],
  value: Operation['value'],
  invoke: number,
  complete: number,
  outcome: Operation['outcome'] = 'ok',
): Operation {
  return { id: nextId++, process, f, value, invoke, complete, outcome };
}
const w = (p: number, v: number, s: number, e: number, outcome: Operation['outcome'] = 'ok') => op(p, 'write', v, s, e, outcome);
const r = (p: number, v: RegisterValue, s: number, e: number, outcome: Operation['outcome'] = 'ok') =>
  op(p, 'read', v, s, e, outcome);
const cas = (p: number, from: RegisterValue, to: number, s: number, e: number, outcome: Operation['outcome'] = 'ok') =>
  op(p, 'cas', [from, to], s, e, outcome);

// Both checkers must agree on every hand-made case.
function verdict(history: Operation[]): boolean {
  const a = checkLinearizability(history).linearizable;
  const b = checkLinearizabilityBySearch(history).linearizable;
  assert.equal(a, b, 'shortcut and search disagree');
  return a;
}

describe('hand-made histories', () => {
  test('sequential and overlapping reads and writes', () => {
    assert.equal(verdict([w(0, 1, 0, 1), r(1, 1, 2, 3)]), true);
    assert.equal(verdict([r(1, null, 0, 1), w(0, 1, 2, 3), r(1, 1, 4, 5)]), true);
    // A read overlapping a write may see either value.
    assert.equal(verdict([w(0, 1, 0, 10), r(1, null, 2, 3), r(2, 1, 4, 5)]), true);
    assert.equal(verdict([]), true);
  });

  test('a read that misses a completed write is not linearizable', () => {
    assert.equal(verdict([w(0, 1, 0, 1), r(1, null, 2, 3)]), false);
  });

  test('new-old inversion during a slow write is not linearizable', () => {
    // w2 is in progress; one client sees 2, then another (strictly later) sees 1 again.
    assert.equal(verdict([w(0, 1, 0, 1), w(0, 2, 2, 20), r(1, 2, 3, 4), r(2, 1, 5, 6)]), false);
    // The same reads overlapping each other are fine.
    assert.equal(verdict([w(0, 1, 0, 1), w(0, 2, 2, 20), r(1, 2, 3, 6), r(2, 1, 5, 7)]), true);
  });

  test('after concurrent writes settle, reads must agree on the winner', () => {
    assert.equal(verdict([w(0, 1, 0, 5), w(1, 2, 0, 5), r(2, 2, 6, 7), r(2, 2, 8, 9)]), true);
    assert.equal(verdict([w(0, 1, 0, 5), w(1, 2, 0, 5), r(2, 1, 6, 7), r(2, 2, 8, 9)]), false);
  });

  test('a read cannot return a value before it was written, nor one never written', () => {
    assert.equal(verdict([r(1, 7, 0, 1), w(0, 7, 2, 3)]), false);
    assert.equal(verdict([w(0, 1, 0, 1), r(1, 9, 2, 3)]), false);
  });

  test('cas', () => {
    assert.equal(verdict([w(0, 1, 0, 1), cas(1, 1, 2, 2, 3), r(2, 2, 4, 5)]), true);
    // A successful cas expecting 1 when the register certainly held 3.
    assert.equal(verdict([w(0, 3, 0, 1), cas(1, 1, 2, 2, 3)]), false);
    // Two cas from the same value cannot both succeed.
    assert.equal(verdict([w(0, 1, 0, 1), cas(1, 1, 2, 2, 5), cas(2, 1, 3, 2, 5)]), false);
    // ...unless one of them failed, and a failed op had no effect.
    assert.equal(verdict([w(0, 1, 0, 1), cas(1, 1, 2, 2, 5), cas(2, 1, 3, 2, 5, 'fail'), r(0, 2, 6, 7)]), true);
  });

  test('info operations may take effect at any later time, or never', () => {
    // An unknown write observed much later: it took effect.
    assert.equal(verdict([w(0, 1, 0, 1, 'info'), r(1, null, 5, 6), r(1, 1, 50, 51)]), true);
    // Never observed: it may never have happened.
    assert.equal(verdict([w(0, 1, 0, 1, 'info'), r(1, null, 50, 51)]), true);
    // Once seen it cannot be unseen.
    assert.equal(verdict([w(0, 1, 0, 1, 'info'), r(1, 1, 5, 6), r(1, null, 50, 51)]), false);
    // Nor seen before it was invoked.
    assert.equal(verdict([r(1, 1, 0, 1), w(0, 1, 5, 6, 'info')]), false);
    // An info cas may take effect: the read of its new value is fine.
    assert.equal(verdict([w(0, 1, 0, 1), cas(1, 1, 2, 2, 3, 'info'), r(2, 2, 10, 11)]), true);
    // Failed and info reads say nothing.
    assert.equal(verdict([w(0, 1, 0, 1), r(1, 5, 2, 3, 'fail'), r(1, 6, 4, 5, 'info')]), true);
  });

  test('registers of different keys and stores are checked independently', () => {
    const a = { ...w(0, 1, 0, 1), key: 1 };
    const b = { ...r(1, null, 2, 3), key: 2 };
    assert.equal(checkLinearizability([a, b]).linearizable, true);
    assert.equal(checkLinearizability([a, { ...b, key: 1 }]).linearizable, false);
    assert.equal(
      checkLinearizability([
        { ...a, store: 'x' },
        { ...b, key: 1, store: 'y' },
      ]).linearizable,
      true,
    );
  });
});

describe('counterexamples', () => {
  test('a stale read: the read, what it saw, and what was possible', () => {
    const history = [w(0, 1, 0, 1), w(0, 2, 2, 3), r(1, 1, 4, 5), r(2, 2, 6, 7)];
    const res = checkLinearizability(history);
    assert.equal(res.linearizable, false);
    const cx = res.counterexample!;
    assert.equal(cx.op, history[2]);
    assert.equal(cx.observed, 1);
    assert.deepEqual(cx.possible, [2]);
    assert.ok(cx.selfContained);
    assert.deepEqual(
      cx.ops,
      [history[0], history[1], history[2]],
      'the writes of 1 and 2, and the read: every write the witness observes',
    );
    assert.equal(cx.prefixLength, 3);
    assert.equal(
      cx.message,
      'read by process 1 (op 2, 4–5) returned 1, but while it ran the register could only hold 2'.replace(
        'op 2',
        `op ${history[2].id}`,
      ),
    );
  });

  test('a cas that expected the wrong value', () => {
    const history = [w(0, 3, 0, 1), cas(1, 1, 2, 2, 3)];
    const cx = checkLinearizability(history).counterexample!;
    assert.equal(cx.op, history[1]);
    assert.equal(cx.observed, 1);
    assert.deepEqual(cx.possible, [3]);
    assert.match(cx.message, /succeeded expecting 1/);
  });

  test('a write still pending (timed out) is among the values the register could hold', () => {
    // Issue 10: "could only hold 0" was printed while a timed-out write of 4 could have taken effect (no read
    // returned 4, so the search had set it aside).
    const history = [w(0, 0, 0, 1), w(1, 4, 2, 3, 'info'), r(2, 9, 4, 5)];
    const cx = checkLinearizability(history).counterexample!;
    assert.equal(cx.op, history[2]);
    assert.deepEqual(cx.possible, [0, 4]);
    assert.match(cx.message, /returned 9, but while it ran the register could only hold 0 or 4$/);
  });

  test('the failing op is the first one that cannot be placed, not a later symptom', () => {
    const history = [w(0, 1, 0, 1), r(1, null, 2, 3), w(0, 2, 4, 5), r(1, 2, 6, 7), r(1, 1, 8, 9)];
    const cx = checkLinearizability(history).counterexample!;
    assert.equal(cx.op, history[1]);
  });
});

/**
 * A random register history: processes run ops one after another; each op takes effect at a random instant
 * inside its interval (so the history is linearizable), then some reads may be corrupted and some writes
 * turned into info. Integer times make ties (touching operations) common.
 */
function randomHistory(rng: Rng, size: number, corrupt: number): Operation[] {
  const ops: (Operation & { at: number })[] = [];
  const clock = [0, 0, 0, 0];
  let value = 0;
  for (let i = 0; i < size; i++) {
    const p = rng.int(clock.length);
    const invoke = clock[p] + rng.int(3);
    const complete = invoke + rng.int(8);
    clock[p] = complete + rng.int(2);
    const f = rng.next() < 0.5 ? 'read' : 'write';
    ops.push({
      id: i,
      process: p,
      f,
      invoke,
      complete,
      outcome: 'ok',
      value: f === 'write' ? ++value : null,
      at: invoke + rng.next() * (complete - invoke),
    });
  }
  let current: RegisterValue = null;
  const written: RegisterValue[] = [null];
  for (const o of [...ops].sort((a, b) => a.at - b.at)) {
    if (o.f === 'write') written.push((current = o.value as number));
    else o.value = current;
  }
  for (const o of ops) {
    if (o.f === 'read' && rng.next() < corrupt) o.value = written[rng.int(written.length)];
    if (o.f === 'write' && rng.next() < 0.1) o.outcome = 'info';
    if (o.f === 'read' && rng.next() < 0.05) o.outcome = 'fail';
  }
  // Jepsen retires a process after an info op: give later ops of that process a new process id.
  const retired = new Map<number, number>();
  for (const o of ops) {
    o.process += 4 * (retired.get(o.process) ?? 0);
    if (o.outcome === 'info') retired.set(o.process % 4, (retired.get(o.process % 4) ?? 0) + 1);
  }
  return ops.map(({ at: _, ...o }) => o);
}

describe('the distinct-values shortcut agrees with the search', () => {
  test('on 3000 random histories, about half of them linearizable', () => {
    const rng = new Rng(2024);
    let linearizable = 0;
    for (let i = 0; i < 3000; i++) {
      const h = randomHistory(rng, 4 + rng.int(14), 0.15);
      const bySearch = checkLinearizabilityBySearch(h).linearizable;
      assert.equal(checkLinearizability(h).linearizable, bySearch, JSON.stringify(h));
      if (bySearch) linearizable++;
    }
    assert.ok(linearizable > 900 && linearizable < 2700, `${linearizable} linearizable`);
  });

  test('uncorrupted histories are always linearizable', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 300; i++) assert.equal(checkLinearizability(randomHistory(rng, 30, 0)).linearizable, true);
  });

  test('the shortcut declines cas and repeated values', () => {
    assert.deepEqual(checkByZones([w(0, 1, 0, 1), w(1, 1, 2, 3)]), { applies: false });
    assert.deepEqual(checkByZones([cas(0, null, 1, 0, 1)]), { applies: false });
  });
});

/** Linearizability by brute force: every order of the ops (info ones optional) that respects real time. */
function bruteForce(history: Operation[]): boolean {
  const ops = history.filter((o) => o.outcome !== 'fail' && !(o.outcome === 'info' && o.f === 'read'));
  const infos = ops.filter((o) => o.outcome === 'info');
  const precedes = (a: Operation, b: Operation) => a.outcome === 'ok' && a.complete < b.invoke;
  const valid = (order: Operation[]) => {
    let state: RegisterValue = null;
    for (const o of order) {
      if (o.f === 'read' && o.value !== state) return false;
      if (o.f === 'write') state = o.value as RegisterValue;
      if (o.f === 'cas') {
        const [from, to] = o.value as [RegisterValue, RegisterValue];
        if (state !== from) return false;
        state = to;
      }
    }
    return true;
  };
  const permute = (left: Operation[], order: Operation[]): boolean => {
    if (left.length === 0) return valid(order);
    return left.some(
      (o, i) =>
        !left.some((p) => p !== o && precedes(p, o)) && permute([...left.slice(0, i), ...left.slice(i + 1)], [...order, o]),
    );
  };
  for (let mask = 0; mask < 1 << infos.length; mask++) {
    const dropped = new Set(infos.filter((_, k) => mask & (1 << k)));
    if (
      permute(
        ops.filter((o) => !dropped.has(o)),
        [],
      )
    )
      return true;
  }
  return false;
}

/** Tiny histories with repeated values and cas: the cases the zone shortcut does not cover. */
function tinyHistory(rng: Rng): Operation[] {
  const ops: Operation[] = [];
  const clock = [0, 0, 0];
  const size = 3 + rng.int(5);
  const value = () => (rng.next() < 0.2 ? null : rng.int(3));
  for (let i = 0; i < size; i++) {
    const p = rng.int(3);
    const invoke = clock[p] + rng.int(3);
    const complete = invoke + rng.int(6);
    clock[p] = complete + 1;
    const u = rng.next();
    const f = u < 0.4 ? 'read' : u < 0.75 ? 'write' : 'cas';
    const outcome = f !== 'read' && rng.next() < 0.15 ? 'info' : f === 'cas' && rng.next() < 0.15 ? 'fail' : 'ok';
    const v = f === 'cas' ? ([value(), rng.int(3)] as const) : f === 'write' ? rng.int(3) : value();
    ops.push({ id: i, process: p + 3 * i, f, value: v, invoke, complete, outcome });
  }
  return ops;
}

describe('the search agrees with brute force', () => {
  test('on 1500 tiny histories with cas, info and repeated values', () => {
    const rng = new Rng(99);
    let linearizable = 0;
    for (let i = 0; i < 1500; i++) {
      const h = tinyHistory(rng);
      const expected = bruteForce(h);
      assert.equal(checkLinearizabilityBySearch(h).linearizable, expected, JSON.stringify(h));
      assert.equal(checkLinearizability(h).linearizable, expected, JSON.stringify(h));
      if (expected) linearizable++;
    }
    assert.ok(linearizable > 150 && linearizable < 1350, `${linearizable} linearizable`);
  });
});

/**
 * Every value the register can hold at a moment `target` could take effect, by brute force: every sequence of
 * the other operations that respects real time (info ones optional) and includes all that completed before
 * `target` began.
 */
function bruteStates(history: Operation[], target: Operation): RegisterValue[] {
  const ops = history.filter(
    (o) => o !== target && o.outcome !== 'fail' && !(o.f === 'read' && o.outcome !== 'ok') && o.invoke <= target.complete,
  );
  const precedes = (a: Operation, b: Operation) => a.outcome === 'ok' && a.complete < b.invoke;
  const required = ops.filter((o) => precedes(o, target));
  const found = new Set<RegisterValue>();
  const visit = (placed: Set<Operation>, state: RegisterValue) => {
    if (required.every((o) => placed.has(o))) found.add(state);
    for (const o of ops) {
      if (placed.has(o) || ops.some((p) => p !== o && !placed.has(p) && precedes(p, o))) continue;
      let next = state;
      if (o.f === 'read' && o.value !== state) continue;
      if (o.f === 'write') next = o.value as RegisterValue;
      if (o.f === 'cas') {
        const [from, to] = o.value as [RegisterValue, RegisterValue];
        if (state !== from) continue;
        next = to;
      }
      visit(new Set([...placed, o]), next);
    }
  };
  visit(new Set(), null);
  return [...found];
}

describe('counterexamples never state what the history contradicts (property)', () => {
  test('the values "it could only hold" are exactly those some order allows, concurrent writes included', () => {
    const rng = new Rng(4242);
    let checked = 0;
    let concurrentExcluded = 0;
    let concurrentIncluded = 0;
    for (let i = 0; i < 1500; i++) {
      const h = tinyHistory(rng);
      const res = checkLinearizability(h);
      if (res.linearizable) continue;
      const cx = res.counterexample!;
      const truth = bruteStates(h, cx.op);
      const sort = (vs: RegisterValue[]) => [...vs].sort((a, b) => String(a).localeCompare(String(b)));
      assert.deepEqual(sort(cx.possible), sort(truth), `${cx.message}\n${JSON.stringify(h)}`);
      if (/could only hold/.test(cx.message)) {
        checked++;
        assert.ok(!truth.includes(cx.observed as RegisterValue), cx.message);
        // Every write or cas running while the op ran: its value is stated, or no order allows it then.
        for (const o of h) {
          const running =
            o !== cx.op &&
            o.f !== 'read' &&
            o.outcome !== 'fail' &&
            o.invoke <= cx.op.complete &&
            (o.outcome === 'info' || o.complete >= cx.op.invoke);
          if (!running) continue;
          const v = o.f === 'write' ? (o.value as RegisterValue) : (o.value as [RegisterValue, RegisterValue])[1];
          if (cx.possible.includes(v)) concurrentIncluded++;
          else {
            concurrentExcluded++;
            assert.ok(!truth.includes(v));
          }
        }
      }
      // The witness is not linearizable on its own and contains the failing op.
      assert.ok(cx.ops.includes(cx.op));
      if (cx.selfContained) assert.equal(bruteForce(cx.ops), false, JSON.stringify(cx.ops));
    }
    assert.ok(checked > 200, `${checked} messages checked`);
    assert.ok(
      concurrentIncluded > 50 && concurrentExcluded > 5,
      `${concurrentIncluded} concurrent values stated, ${concurrentExcluded} rightly ruled out`,
    );
  });
});

describe('simulated histories', () => {
  const clients = Array.from({ length: 6 }, (_, i) => ({ name: `c${i}` }));
  test('consensus with leader reads (and cas) is linearizable', () => {
    const { history } = runScenario({
      seed: 9,
      duration: 2000,
      stores: [{ name: 'db', family: 'consensus', n: 3, latency: 'lnkd-disk' }],
      clients,
      workload: { reads: 40, writes: 40, cas: 20, rate: 5000 },
    });
    assert.ok(history.filter((o) => o.f === 'cas' && o.outcome === 'ok').length > 10);
    assert.equal(checkLinearizability(history).linearizable, true);
  });

  test('leaderless R+W≤N under contention is not, and the counterexample names a read', () => {
    const { history } = runScenario({
      seed: 9,
      duration: 2000,
      stores: [{ name: 'db', family: 'leaderless', n: 3, r: 1, w: 1, latency: 'lnkd-disk' }],
      clients,
      workload: { reads: 50, writes: 50, rate: 5000 },
    });
    const res = checkLinearizability(history);
    assert.equal(res.linearizable, false);
    assert.equal(res.counterexample!.op.f, 'read');
    const cx = res.counterexample!;
    assert.ok(cx.possible.length > 0 && !cx.possible.includes(cx.observed as RegisterValue), cx.message);
    assert.equal(res.counterexample!.op.store, 'db');
  });

  test('a search budget makes a hard check inconclusive instead of endless', () => {
    const { history } = runScenario({
      seed: 9,
      duration: 2000,
      stores: [{ name: 'db', family: 'consensus', n: 3, latency: 'lnkd-disk' }],
      clients,
      workload: { reads: 40, writes: 40, cas: 20, rate: 5000 },
    });
    const res = checkLinearizability(history, { maxConfigurations: 10 });
    assert.equal(res.inconclusive, true);
    assert.equal(res.linearizable, false);
  });
});

describe('20,000-operation runs', () => {
  const clients = Array.from({ length: 6 }, (_, i) => ({ name: `c${i}`, region: i % 2 ? 'a' : 'b' }));
  // A primary-backup store acknowledging at W = 1, split late in the run: the violation comes after 16,000 ops.
  const late = () =>
    runScenario({
      seed: 4,
      duration: 24_000,
      stores: [
        {
          name: 'db',
          family: 'leader',
          n: 3,
          w: 1,
          placement: [
            { region: 'a', count: 1 },
            { region: 'b', count: 2 },
          ],
        },
      ],
      clients,
      workload: { reads: 50, writes: 50, rate: 1000 },
      partitions: [{ between: [['a'], ['b']], at: 17_000 }],
    }).history.slice(0, 20_000);

  test("a late violation is found within the panel's budget, not reported inconclusive", () => {
    const history = late();
    assert.equal(history.length, 20_000);
    const res = checkLinearizability(history, { maxConfigurations: 200_000 });
    assert.equal(res.inconclusive, undefined);
    assert.equal(res.linearizable, false);
    assert.ok(res.counterexample!.op.invoke >= 17_000, `${res.counterexample!.op.invoke}`);
  });

  test("when the zones prove a violation and the search runs out of budget, the zones' witness is the counterexample", () => {
    const res = checkLinearizability(late(), { maxConfigurations: 1 });
    assert.equal(res.inconclusive, undefined);
    assert.equal(res.linearizable, false);
    const ce = res.counterexample!;
    assert.ok(ce.op.invoke >= 17_000);
    assert.match(ce.message, /could only hold|no order of the operations/);
  });

  test('a linearizable 20,000-operation consensus run with crashes is decided', () => {
    const { history } = runScenario({
      seed: 2,
      duration: 25_000,
      stores: [{ name: 'db', family: 'consensus', n: 3 }],
      clients,
      workload: { reads: 50, writes: 50, rate: 1000 },
      crashes: [
        { leaderOf: 'db', at: 5000, restart: 8000 },
        { leaderOf: 'db', at: 15_000, restart: 17_000 },
      ],
    });
    const res = checkLinearizability(history.slice(0, 20_000), { maxConfigurations: 200_000 });
    assert.equal(res.inconclusive, undefined);
    assert.equal(res.linearizable, true);
  });
});
