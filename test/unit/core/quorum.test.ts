// Quorum maths against brute force, and the derived facts' invariants over every small configuration.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { satisfies } from '../../../server/src/core/semantics/consistency';
import { analyzeDatastore } from '../../../server/src/core/derive/datastore';
import type { Datastore, ReplicationFamily } from '../../../server/src/core/model/design';
import { majorityOf, missProbability, quorumSize } from '../../../server/src/core/semantics/quorum';

const span = { start: 0, end: 0 };
const at = <T>(value: T) => ({ value, span, keySpan: span });

const deriveFacts = (ds: Datastore) => analyzeDatastore(ds).facts;

function store(
  n: number,
  r: number,
  w: number,
  family: ReplicationFamily,
  readFrom: 'leader' | 'followers' = 'leader',
): Datastore {
  return {
    name: 'kv',
    nameSpan: span,
    span,
    replicas: at(n),
    readQuorum: at(r),
    writeQuorum: at(w),
    replication: at(family),
    readFrom: at(readFrom),
  };
}

/** Fraction of R-subsets of N replicas that miss a fixed W-subset, by enumeration. */
function bruteMiss(n: number, r: number, w: number): number {
  let total = 0;
  let miss = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) bits++;
    if (bits !== r) continue;
    total++;
    if ((mask & ((1 << w) - 1)) === 0) miss++;
  }
  return miss / total;
}

describe('quorum maths', () => {
  it('resolves quorum words against N', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => quorumSize('majority', n)),
      [1, 2, 2, 3, 3, 4],
    );
    assert.equal(quorumSize('all', 7), 7);
    assert.equal(quorumSize('one', 7), 1);
    assert.equal(quorumSize(4, 7), 4);
    assert.equal(majorityOf(4), 3);
  });

  it('miss probability equals brute-force enumeration for every N ≤ 10', () => {
    for (let n = 1; n <= 10; n++)
      for (let r = 1; r <= n; r++)
        for (let w = 1; w <= n; w++) {
          const exact = bruteMiss(n, r, w);
          assert.ok(
            Math.abs(missProbability(n, r, w) - exact) < 1e-12,
            `N=${n} R=${r} W=${w}: ${missProbability(n, r, w)} vs ${exact}`,
          );
        }
  });

  it('stays finite and exact-enough for large N', () => {
    const p = missProbability(1000, 10, 10);
    assert.ok(p > 0.9 && p < 0.91, String(p)); // ≈ (990/1000)^10 ≈ 0.904
    assert.equal(missProbability(1000, 501, 500), 0);
  });
});

describe('derived facts', () => {
  it('leaderless: strong exactly when R+W > N, with N−R and N−W failures survived; AP only when a minority side can read and write', () => {
    for (let n = 1; n <= 7; n++)
      for (let r = 1; r <= n; r++)
        for (let w = 1; w <= n; w++) {
          const f = deriveFacts(store(n, r, w, 'leaderless'))!;
          assert.deepEqual(f.model.consistency.provided, [n === 1 ? 'linearizable' : r + w > n ? 'strong' : 'eventual']);
          assert.equal(f.readFailuresSurvived, n - r);
          assert.equal(f.writeFailuresSurvived, n - w);
          assert.equal(f.staleRead.probability === 0, r + w > n);
          if (n > 1) assert.equal(f.cap, r + w > n ? 'CP' : r <= n / 2 && w <= n / 2 ? 'AP' : 'neither');
          assert.equal(f.pacelc, `${w <= n / 2 ? 'PA' : 'PC'}/${r + w > n ? 'EC' : 'EL'}`);
        }
  });

  it('consensus with majority quorums and leader reads is linearizable, CP, PC/EC', () => {
    for (let n = 2; n <= 9; n++) {
      const m = majorityOf(n);
      const f = deriveFacts(store(n, m, m, 'consensus'))!;
      assert.deepEqual(f.model.consistency.provided, ['linearizable']);
      assert.equal(f.cap, 'CP');
      assert.equal(f.pacelc, 'PC/EC');
      assert.equal(f.writeFailuresSurvived, n - m);
    }
  });

  it('an even cluster survives no more failures than one node fewer', () => {
    for (let n = 2; n <= 10; n += 2) {
      const even = deriveFacts(store(n, majorityOf(n), majorityOf(n), 'consensus'))!;
      const odd = deriveFacts(store(n - 1, majorityOf(n - 1), majorityOf(n - 1), 'consensus'))!;
      assert.equal(even.writeFailuresSurvived, odd.writeFailuresSurvived);
    }
  });

  it('leader stores lose acknowledged writes on failover exactly when W < majority, and need a majority to elect a primary', () => {
    for (let n = 1; n <= 7; n++)
      for (let w = 1; w <= n; w++) {
        const f = deriveFacts(store(n, 1, w, 'leader'))!;
        assert.equal(f.model.writeLoss !== undefined, n > 1 && w < majorityOf(n));
        assert.deepEqual(f.model.consistency.whileHealthy, ['linearizable']);
        // A failed primary is replaced only by a majority, whatever W is: the worst case takes the primary too.
        assert.equal(f.writeFailuresSurvived, n === 1 ? 0 : Math.min(n - majorityOf(n), n - w));
      }
  });

  it('a single replica is linearizable whatever the family', () => {
    for (const family of ['leaderless', 'leader', 'consensus'] as const)
      assert.deepEqual(deriveFacts(store(1, 1, 1, family))!.model.consistency.provided, ['linearizable']);
  });

  it('follower reads are never linearizable', () => {
    for (const family of ['leader', 'consensus'] as const)
      for (let n = 2; n <= 5; n++) {
        const f = deriveFacts(store(n, n, n, family, 'followers'))!;
        assert.ok(!f.model.consistency.provided.some((m) => satisfies(m, 'linearizable')));
      }
  });

  it('region splits say which side keeps writing', () => {
    const ds = store(5, 3, 3, 'consensus');
    ds.placement = {
      span,
      keySpan: span,
      regions: [
        { name: 'a', nameSpan: span, count: at(3) },
        { name: 'b', nameSpan: span, count: at(2) },
      ],
    };
    const [split] = deriveFacts(ds)!.regionSplits;
    assert.deepEqual(
      split.sides.map((s) => [s.regions.join(), s.canWrite, s.canRead]),
      [
        ['a', true, true],
        ['b', false, false],
      ],
    );
  });
});
