// Riak KV (https://docs.riak.com/riak/kv/latest/developing/app-guide/replication-properties/, …/conflict-resolution/)
// and CouchDB clusters (https://docs.couchdb.org/en/stable/cluster/theory.html).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, consistencyOf } from './helpers';

describe('riak', () => {
  it('r/w quorum over n_val 3 is 2: strong with every node up, but a sloppy quorum makes it eventual under failures', () => {
    const a = run('riak', 'n_val: 3\nr: quorum\nw: quorum');
    assert.equal(nrw(a), 'leaderless N=3 R=2 W=2');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.deepEqual(a.model.consistency.whileHealthy, ['strong']);
    assert.ok(a.t.explanation.some((l) => /with every node up, r \+ w = 4 > n_val/.test(l)));
    // A read right after a write meets it while every node is up: 0%, not the 67% of R = W = 1.
    assert.equal(a.facts?.staleRead.probability, 0);
    assert.match(
      a.facts!.staleRead.summary,
      /^0% of reads right after a write miss it; that is with every node up: during failures, a read answered by fallback vnodes can miss the write/,
    );
    // Fallback vnodes on other nodes stand in: writes and reads go on while any vnodes can be reached.
    assert.equal(a.facts?.writeFailuresSurvived, 3);
  });

  it('pr and pw over n_val make quorums overlap among primaries: strong', () => {
    const a = run('riak', 'n_val: 3\nr: 2\nw: 2\npr: 2\npw: 2');
    assert.equal(nrw(a), 'leaderless N=3 R=2 W=2');
    assert.equal(consistencyOf(a), 'strong');
  });

  it('strongly consistent bucket types use consensus per key', () => {
    assert.equal(nrw(run('riak', 'n_val: 5\nconsistent: true')), 'consensus N=5 R=3 W=3 leader');
  });

  it('engine-consistency-contradicted: strong claimed on a sloppy quorum; the fix requires primaries', () => {
    const a = run('riak', 'n_val: 3\nr: 2\nw: 2\nallow_mult: true', 'consistency: strong');
    const f = assertFires(a, 'engine-consistency-contradicted', 'strong', /sloppy quorum/);
    assertSilent(analyse(applyFix(a, f)), 'engine-consistency-contradicted');
  });

  it('engine-ack-loses-writes: last_write_wins or allow_mult false drop concurrent writes; siblings keep them', () => {
    assertFires(
      run('riak', 'last_write_wins: true\nallow_mult: false', 'loss_free: true'),
      'engine-ack-loses-writes',
      'true',
      /last_write_wins/,
    );
    assertFires(run('riak', 'allow_mult: false', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /allow_mult: false/);
    assertSilent(run('riak', 'allow_mult: true', 'loss_free: true'), 'engine-ack-loses-writes', 'concurrent-writes-unresolved');
  });

  it('engine-setting-invalid: allow_mult and last_write_wins together; r above n_val', () => {
    assertFires(
      run('riak', 'allow_mult: true\nlast_write_wins: true'),
      'engine-setting-invalid',
      'true',
      /unpredictable behavior/,
    );
    assertFires(run('riak', 'n_val: 3\nr: 4'), 'engine-setting-invalid', '4');
  });

  it('schema: quorum words with did-you-mean', () => {
    assertFires(run('riak', 'r: quorom'), 'schema', 'quorom', /Did you mean 'quorum'/);
  });

  it('hover: explains pw', () => {
    assert.match(describeEngineSetting(run('riak', 'pw: 2').analysis, 'pw')!, /Primary write quorum/);
  });
});

describe('couchdb', () => {
  it('n = 3 with r = w = 2 by default: strong while every copy is up, eventual under failures (202 writes, reads from the copies that answer)', () => {
    const a = run('couchdb', '');
    assert.equal(nrw(a), 'leaderless N=3 R=2 W=2');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.deepEqual(a.model.consistency.whileHealthy, ['strong']);
    assert.equal(a.facts?.staleRead.probability, 0);
    // "n=3: any 2 nodes can be down" for reads and (202) writes.
    assert.equal(a.facts?.writeFailuresSurvived, 2);
    assert.equal(a.facts?.readFailuresSurvived, 2);
  });

  it('treating 202 as a failure keeps writes on w copies, but reads still answer from fewer: eventual', () => {
    const a = run('couchdb', 'accept_202: false');
    assert.equal(consistencyOf(a), 'eventual');
    assert.equal(a.facts?.writeFailuresSurvived, 1);
  });

  it('engine-consistency-contradicted: strong claimed; no setting makes degraded reads strong, the fix weakens the claim', () => {
    const a = run('couchdb', 'n: 3', 'consistency: strong');
    const f = assertFires(a, 'engine-consistency-contradicted', 'strong', /202 Accepted/);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['Claim eventual, what Apache CouchDB gives'],
    );
    assertSilent(analyse(applyFix(a, f)));
  });

  it('conflicting revisions are kept, so concurrent writes are not reported as unresolved', () => {
    assertSilent(run('couchdb', 'n: 3', 'cap: AP'), 'concurrent-writes-unresolved');
  });

  it('engine-setting-invalid: w above n', () => {
    assertFires(run('couchdb', 'n: 3\nw: 4'), 'engine-setting-invalid', '4');
  });
});
