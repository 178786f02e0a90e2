// MySQL: semisynchronous replication reverting to asynchronous after rpl_semi_sync_source_timeout
// (https://dev.mysql.com/doc/refman/8.4/en/replication-semisync-interface.html); Group Replication consistency
// levels (https://dev.mysql.com/doc/refman/8.4/en/group-replication-configuring-consistency-guarantees.html).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting } from '../../../server/src/core/ide/engine-describe';
import { assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('mysql: translation', () => {
  it('asynchronous replication (the default): W = 1', () => {
    const a = run('mysql', 'replica_servers: 2');
    assert.equal(nrw(a), 'leader N=3 R=1 W=1 leader');
    assert.equal(a.model.writeLoss !== undefined, true);
  });

  it('semi-sync waits for replica receipt (W = 1 + count) but falls back to async after the timeout', () => {
    const a = run('mysql', 'mode: semi-sync\nreplica_servers: 2\nrpl_semi_sync_source_timeout: 5000');
    assert.equal(a.t.writeQuorum, 2);
    assert.match(a.model.writeLoss!.reason, /reverts to asynchronous after rpl_semi_sync_source_timeout \(5000 ms\)/);
    // An isolated source keeps committing after the timeout: PA, and writes survive both replicas down.
    assert.equal(a.facts?.pacelc, 'PA/EC');
    assert.equal(a.facts?.writeFailuresSurvived, 2);
  });

  it('semi-sync that never reverts to asynchronous (AFTER_SYNC, a timeout of days) keeps acknowledged writes: PC, no loss; the unfenced old source keeps reads from being strong', () => {
    const a = run(
      'mysql',
      'mode: semi-sync\nreplica_servers: 2\nrpl_semi_sync_source_wait_point: AFTER_SYNC\nrpl_semi_sync_source_timeout: 4294967295',
      'loss_free: true\npacelc: PC/EC\ntolerates: 1',
    );
    assertSilent(a);
    assert.equal(a.model.writeLoss, undefined);
    assert.equal(consistencyOf(a), 'eventual');
    assert.deepEqual(a.model.consistency.whileHealthy, ['linearizable']);
    assert.equal(a.facts?.cap, 'neither');
    // Turning the wait off (no semisynchronous replica connected) reverts at once.
    assert.notEqual(
      run(
        'mysql',
        'mode: semi-sync\nreplica_servers: 2\nrpl_semi_sync_source_timeout: 4294967295\nrpl_semi_sync_source_wait_no_replica: false',
      ).model.writeLoss,
      undefined,
    );
  });

  it('Group Replication commits on a majority; BEFORE_ON_PRIMARY_FAILOVER (8.4 default) reads the primary, which keeps answering from a minority', () => {
    const a = run('mysql', 'mode: group-replication\ngroup_members: 5');
    assert.equal(nrw(a), 'consensus N=5 R=1 W=3 leader');
    assert.equal(a.model.writeLoss !== undefined, false);
    assert.equal(consistencyOf(a), 'eventual');
    assert.deepEqual(a.model.consistency.whileHealthy, ['strong']);
  });

  it('BEFORE makes reads wait for the group: linearizable; AFTER makes writes wait for the members of the view', () => {
    assert.equal(
      consistencyOf(run('mysql', 'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: BEFORE')),
      'linearizable',
    );
    const after = run('mysql', 'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: AFTER');
    assert.equal(nrw(after), 'consensus N=3 R=1 W=2 leader');
    assert.deepEqual(after.model.consistency.whileHealthy, ['strong']);
    assert.equal(consistencyOf(after), 'eventual');
  });

  it('EVENTUAL reads on secondaries can miss commits', () => {
    assert.deepEqual(
      run('mysql', 'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: EVENTUAL\nread_from_replicas: true')
        .model.consistency.provided,
      ['eventual'],
    );
  });
});

describe('mysql: rules', () => {
  it('engine-ack-loses-writes: loss-free claimed with semi-sync or async replication', () => {
    assertFires(
      run('mysql', 'mode: semi-sync\nreplica_servers: 2', 'loss_free: true'),
      'engine-ack-loses-writes',
      'true',
      /reverts to asynchronous/,
    );
    assertFires(run('mysql', 'replica_servers: 2', 'cap: CP'), 'engine-ack-loses-writes', 'CP');
    assertSilent(run('mysql', 'mode: group-replication\ngroup_members: 3', 'loss_free: true'));
    assertSilent(
      run(
        'mysql',
        'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: BEFORE',
        'loss_free: true\ncap: CP',
      ),
    );
  });

  it('engine-consistency-contradicted: replica reads claimed strong', () => {
    assertFires(
      run(
        'mysql',
        'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: EVENTUAL\nread_from_replicas: true',
        'consistency: strong',
      ),
      'engine-consistency-contradicted',
      'strong',
      /BEFORE|applied/,
    );
    assertSilent(
      run(
        'mysql',
        'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: BEFORE',
        'consistency: linearizable',
      ),
    );
  });

  it('engine-setting-invalid: too many semi-sync acknowledgements, or settings of another mode', () => {
    assertFires(
      run('mysql', 'mode: semi-sync\nreplica_servers: 1\nrpl_semi_sync_source_wait_for_replica_count: 2'),
      'engine-setting-invalid',
      '2',
    );
    assertFires(run('mysql', 'replica_servers: 1\ngroup_members: 3'), 'engine-setting-invalid', '3', /group-replication/);
  });

  it('schema: Group Replication has at most 9 members', () => {
    assertFires(run('mysql', 'mode: group-replication\ngroup_members: 11'), 'schema', '11', /≤ 9/);
  });
});

describe('mysql: hover text', () => {
  it('explains the consistency level in effect', () => {
    const { ds } = run('mysql', 'mode: group-replication\ngroup_members: 3\ngroup_replication_consistency: AFTER');
    assert.match(
      describeEngineSetting(analysisOf(ds), 'group_replication_consistency')!,
      /`AFTER` — A read-write transaction returns once every member has applied it/,
    );
  });
});
