// etcd (https://etcd.io/docs/latest/learning/api_guarantees/), Consul consistency modes
// (https://developer.hashicorp.com/consul/api-docs/features/consistency), ZooKeeper guarantees and sync
// (https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#ch_zkGuarantees).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('etcd', () => {
  it('writes commit on a majority; default reads are linearizable (quorum read index)', () => {
    const a = run('etcd', 'members: 5');
    assert.equal(nrw(a), 'consensus N=5 R=3 W=3 leader');
    assert.equal(consistencyOf(a), 'linearizable');
    assert.equal(a.facts?.writeFailuresSurvived, 2);
  });

  it('serializable reads come from the local member: may be stale', () => {
    const a = run('etcd', 'members: 3\nread_consistency: serializable');
    assert.equal(nrw(a), 'consensus N=3 R=1 W=2 followers');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
  });

  it('engine-consistency-contradicted: serializable reads claimed linearizable; the fix restores the default', () => {
    const a = run('etcd', 'members: 3\nread_consistency: serializable', 'consistency: linearizable');
    const f = assertFires(a, 'engine-consistency-contradicted', 'linearizable', /serializable read/);
    assertSilent(analyse(applyFix(a, f)));
    assertSilent(run('etcd', 'members: 3', 'consistency: linearizable\ncap: CP\ntolerates: 1'));
  });

  it('without members, CAP Lens asks for them', () => {
    assertFires(run('etcd', 'read_consistency: linearizable'), 'schema', 'st', /does not say how many replicas/);
  });

  it('hover: explains serializable reads', () => {
    const { ds } = run('etcd', 'members: 3\nread_consistency: serializable');
    assert.match(
      describeEngineSetting(analysisOf(ds), 'read_consistency')!,
      /`serializable` — From the local member only; may be stale/,
    );
  });
});

describe('consul', () => {
  it('consistent mode verifies leadership with a quorum: linearizable', () => {
    const a = run('consul', 'servers: 5\nconsistency_mode: consistent');
    assert.equal(nrw(a), 'consensus N=5 R=3 W=3 leader');
    assert.equal(consistencyOf(a), 'linearizable');
  });

  it('default mode trusts the leader lease: linearizable while healthy, stale reads from a deposed leader across a change, so eventual', () => {
    const a = run('consul', 'servers: 3');
    assert.equal(nrw(a), 'consensus N=3 R=1 W=2 leader');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.deepEqual(a.model.consistency.whileHealthy, ['linearizable']);
    // Default reads need a leader: with 3 servers they survive 1 failure, not 2.
    assert.equal(a.facts?.readFailuresSurvived, 1);
    assert.equal(a.facts?.cap, 'neither');
  });

  it('stale mode: any server answers', () => {
    assert.deepEqual(run('consul', 'servers: 3\nconsistency_mode: stale').model.consistency.provided, ['eventual']);
  });

  it('engine-consistency-contradicted: default or stale mode claimed linearizable or strong; the fix is consistent mode', () => {
    assertFires(
      run('consul', 'servers: 3', 'consistency: linearizable'),
      'engine-consistency-contradicted',
      'linearizable',
      /the old one keeps serving stale values until its lease times out/,
    );
    const strong = run('consul', 'servers: 3\nconsistency_mode: default', 'consistency: strong');
    const f = assertFires(
      strong,
      'engine-consistency-contradicted',
      'strong',
      /strong consistency, but .* reads give eventual \(linearizable while healthy\)/,
    );
    assert.equal(f.fixes[0].title, 'Use consistent mode');
    assertSilent(analyse(applyFix(strong, f)));
    assertFires(
      run('consul', 'servers: 3\nconsistency_mode: stale', 'consistency: strong'),
      'engine-consistency-contradicted',
      'strong',
    );
    assertSilent(run('consul', 'servers: 3\nconsistency_mode: consistent', 'consistency: linearizable\ncap: CP'));
  });

  it('schema: did-you-mean for modes', () => {
    assertFires(run('consul', 'servers: 3\nconsistency_mode: consistant'), 'schema', 'consistant', /Did you mean 'consistent'/);
  });
});

describe('zookeeper', () => {
  it('reads are served by the connected server: sequential, not linearizable', () => {
    const a = run('zookeeper', 'servers: 3');
    assert.equal(nrw(a), 'consensus N=3 R=1 W=2 followers');
    assert.deepEqual(a.model.consistency.provided, ['sequential']);
  });

  it('sync before reads: strong in practice, but sync is not a quorum operation, so not linearizable', () => {
    const a = run('zookeeper', 'servers: 5\nsync_before_read: true');
    assert.equal(consistencyOf(a), 'sequential');
    assert.deepEqual(a.model.consistency.whileHealthy, ['strong']);
    assertFires(
      run('zookeeper', 'servers: 3\nsync_before_read: true', 'consistency: linearizable'),
      'engine-consistency-contradicted',
      'linearizable',
      /sync is not a quorum operation/,
    );
  });

  it('engine-consistency-contradicted: reads claimed linearizable; no setting makes them so, the fix weakens the claim', () => {
    const a = run('zookeeper', 'servers: 3', 'consistency: linearizable');
    const f = assertFires(a, 'engine-consistency-contradicted', 'linearizable', /sync/);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['Claim sequential, what Apache ZooKeeper gives'],
    );
    assertSilent(analyse(applyFix(a, f)));
  });

  it('reads need the connected server to be part of a quorum: 3 servers survive 1 failure; read-only mode serves on', () => {
    assert.equal(run('zookeeper', 'servers: 3').facts?.readFailuresSurvived, 1);
    assert.equal(run('zookeeper', 'servers: 3\nreadonlymode.enabled: true').facts?.readFailuresSurvived, 2);
  });

  it('sequential consistency and CP claims hold without sync (a cut-off server stops serving)', () => {
    assertSilent(run('zookeeper', 'servers: 3', 'consistency: sequential\ncap: CP'));
  });

  it('hover: explains sync_before_read', () => {
    const { ds } = run('zookeeper', 'servers: 3');
    assert.match(
      describeEngineSetting(analysisOf(ds), 'sync_before_read')!,
      /Clients call `sync` before reads .*not linearizable/,
    );
  });
});
