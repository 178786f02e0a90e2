// CockroachDB (https://www.cockroachlabs.com/docs/stable/architecture/replication-layer, …/follower-reads),
// Spanner (https://cloud.google.com/spanner/docs/reads, …/replication), TiKV (https://docs.pingcap.com/tidb/stable/follower-read,
// …/stale-read) and HBase (https://hbase.apache.org/book.html#arch.timelineconsistent.reads).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('cockroachdb', () => {
  it('replicas: 5 written generically means 5 voting replicas committing on 3, not the engine default', () => {
    const a = run('cockroachdb', '', '', 'replicas: 5');
    assert.equal(nrw(a), 'consensus N=5 R=3 W=3 leader');
    assert.ok(
      a.model.explanation.some((l) =>
        /num_replicas: 5, all voting; each range is a Raft group and a write commits on 3 of the 5 voters/.test(l),
      ),
      a.model.explanation.join('\n'),
    );
    assert.equal(a.facts?.writeFailuresSurvived, 2);
    assertSilent(a, 'engine-setting-overridden');
  });

  it('num_voters makes the rest non-voting: writes need a majority of the voters, follower reads any replica', () => {
    const a = run('cockroachdb', 'num_replicas: 5\nnum_voters: 3');
    assert.equal(a.facts?.writeFailuresSurvived, 1);
    const followers = run('cockroachdb', 'num_replicas: 5\nnum_voters: 3\nas_of_system_time: follower_read_timestamp()');
    assert.equal(followers.facts?.readFailuresSurvived, 4);
  });

  it('3 voting replicas per range by default, 5 when surviving a region failure; leaseholder reads are linearizable', () => {
    assert.equal(nrw(run('cockroachdb', '')), 'consensus N=3 R=2 W=2 leader');
    assert.equal(nrw(run('cockroachdb', 'survival_goal: region')), 'consensus N=5 R=3 W=3 leader');
    assert.equal(nrw(run('cockroachdb', 'num_replicas: 7\nsurvival_goal: region')), 'consensus N=7 R=4 W=4 leader');
  });

  it('follower reads AS OF SYSTEM TIME are stale: engine-consistency-contradicted when claimed strong', () => {
    const a = run('cockroachdb', 'as_of_system_time: follower_read_timestamp()', 'consistency: strong');
    assert.equal(a.model.readFrom, 'followers');
    assertFires(a, 'engine-consistency-contradicted', 'strong', /may not reflect the latest writes/);
    assertSilent(run('cockroachdb', 'locality: global', 'consistency: linearizable\ncap: CP'));
  });

  it('hover: describes the follower-read setting', () => {
    const { ds } = run('cockroachdb', "as_of_system_time: with_max_staleness('10s')");
    assert.match(describeEngineSetting(analysisOf(ds), 'as_of_system_time')!, /follower read/);
  });
});

describe('spanner', () => {
  it('voting replicas are read-write plus witness replicas; strong reads are linearizable', () => {
    const a = run('spanner', 'read_write_replicas: 4\nwitness_replicas: 1\nread_only_replicas: 2');
    assert.equal(nrw(a), 'consensus N=5 R=3 W=3 leader');
    assert.equal(consistencyOf(a), 'linearizable');
  });

  it('bounded and exact staleness read the past: engine-consistency-contradicted when claimed strong; fixed by strong', () => {
    const a = run('spanner', 'timestamp_bound: bounded-staleness\nmax_staleness: 10s', 'consistency: strong');
    const f = assertFires(a, 'engine-consistency-contradicted', 'strong', /in the past/);
    assertSilent(analyse(applyFix(a, f)));
  });

  it('hover: the translation names the replicas', () => {
    assert.match(
      describeTranslation(run('spanner', 'read_write_replicas: 4\nwitness_replicas: 1').analysis)!,
      /4 read-write and 1 witness replicas vote → N = 5/,
    );
  });
});

describe('tikv', () => {
  it('max-replicas defaults to 3; follower read uses ReadIndex and stays strongly consistent', () => {
    assert.equal(nrw(run('tikv', '')), 'consensus N=3 R=2 W=2 leader');
    const follower = run('tikv', 'tidb_replica_read: follower', 'consistency: linearizable');
    assert.equal(consistencyOf(follower), 'linearizable');
    assertSilent(follower);
  });

  it('stale read returns past snapshots: engine-consistency-contradicted when claimed linearizable', () => {
    assertFires(
      run('tikv', 'tidb_read_staleness: -5', 'consistency: linearizable'),
      'engine-consistency-contradicted',
      'linearizable',
      /5 s/,
    );
    assertFires(run('tikv', 'tidb_read_staleness: 5'), 'schema', '5', /≤ 0/);
  });
});

describe('hbase', () => {
  it('one RegionServer serves each region; HDFS copies are not replicas; reads and writes are linearizable per row', () => {
    const a = run('hbase', '');
    assert.equal(nrw(a), 'leader N=3 R=1 W=1 leader');
    assert.equal(consistencyOf(a), 'linearizable');
    assert.equal(a.model.writeLoss, undefined);
    // The region moves to another RegionServer through ZooKeeper: 1 of 3 ZooKeeper servers may fail.
    assert.equal(a.facts?.writeFailuresSurvived, 1);
    assert.equal(`${a.facts?.cap} ${a.facts?.pacelc}`, 'CP PC/EC');
  });

  it('TIMELINE reads from region replicas may be stale', () => {
    const a = run('hbase', 'region_replication: 3\nread_consistency: TIMELINE', 'consistency: strong');
    assertFires(a, 'engine-consistency-contradicted', 'strong', /secondary region replica/);
    // Without secondary replicas, TIMELINE reads still go to the primary.
    assertSilent(run('hbase', 'read_consistency: TIMELINE', 'consistency: strong'));
  });
});
