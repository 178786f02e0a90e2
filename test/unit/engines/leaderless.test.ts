// Riak KV (https://docs.riak.com/riak/kv/latest/developing/app-guide/replication-properties/, …/conflict-resolution/)
// and CouchDB clusters (https://docs.couchdb.org/en/stable/cluster/theory.html).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, consistencyOf } from './helpers';

describe('riak', () => {
  it('r/w quorum over n_val 3 is 2, but a sloppy quorum guarantees only pr/pw primaries (at least 1)', () => {
    const a = run('riak', 'n_val: 3\nr: quorum\nw: quorum');
    assert.equal(nrw(a), 'leaderless N=3 R=1 W=1');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.ok(a.t.explanation.some((l) => /with every node up, r \+ w = 4 > n_val/.test(l)));
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
    assertFires(run('riak', 'last_write_wins: true\nallow_mult: false', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /last_write_wins/);
    assertFires(run('riak', 'allow_mult: false', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /allow_mult: false/);
    assertSilent(run('riak', 'allow_mult: true', 'loss_free: true'), 'engine-ack-loses-writes', 'concurrent-writes-unresolved');
  });

  it('engine-setting-invalid: allow_mult and last_write_wins together; r above n_val', () => {
    assertFires(run('riak', 'allow_mult: true\nlast_write_wins: true'), 'engine-setting-invalid', 'true', /unpredictable behavior/);
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
  it('n = 3 with r = w = 2 by default, but a write on fewer copies still returns 202: W = 1', () => {
    const a = run('couchdb', '');
    assert.equal(nrw(a), 'leaderless N=3 R=2 W=1');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
  });

  it('treating 202 as a failure restores W = w: strong', () => {
    assert.equal(consistencyOf(run('couchdb', 'accept_202: false')), 'strong');
  });

  it('engine-consistency-contradicted: strong claimed while 202 counts as success; the fix rejects 202', () => {
    const a = run('couchdb', 'n: 3', 'consistency: strong');
    const f = assertFires(a, 'engine-consistency-contradicted', 'strong', /202 Accepted/);
    assertSilent(analyse(applyFix(a, f)));
  });

  it('conflicting revisions are kept, so concurrent writes are not reported as unresolved', () => {
    assertSilent(run('couchdb', 'n: 3', 'cap: AP'), 'concurrent-writes-unresolved');
  });

  it('engine-setting-invalid: w above n', () => {
    assertFires(run('couchdb', 'n: 3\nw: 4'), 'engine-setting-invalid', '4');
  });
});
