// Cassandra: consistency levels → N/R/W per Cassandra's ConsistencyLevel.blockFor
// (https://github.com/apache/cassandra/blob/trunk/src/java/org/apache/cassandra/db/ConsistencyLevel.java), the
// per-datacenter overlap of LOCAL_QUORUM (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html),
// engine rules, settings validation and hover text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

const twoDcs = 'replication_factor: {dc1: 3, dc2: 3}';

describe('cassandra: translation', () => {
  it('QUORUM = floor(ΣRF/2)+1 over all datacenters (quorumFor: allReplicas/2 + 1)', () => {
    assert.equal(nrw(run('cassandra', `${twoDcs}\nconsistency: QUORUM`)), 'leaderless N=6 R=4 W=4');
    assert.equal(nrw(run('cassandra', 'replication_factor: {dc1: 3, dc2: 2}\nconsistency: QUORUM')), 'leaderless N=5 R=3 W=3');
  });

  it("LOCAL_QUORUM = floor(RF_local/2)+1 in the coordinator's datacenter (localQuorumFor)", () => {
    const a = run('cassandra', 'replication_factor: {dc1: 5, dc2: 3}\nconsistency: LOCAL_QUORUM\nlocal_dc: dc1');
    assert.equal(nrw(a), 'leaderless N=5 R=3 W=3');
    assert.deepEqual(
      a.t.regions?.map((r) => [r.region, r.replicas, r.readQuorum]),
      [
        ['dc1', 5, 3],
        ['dc2', 3, 2],
      ],
    );
  });

  it('EACH_QUORUM writes wait for Σ local quorums (blockFor: sum of localQuorumFor per datacenter)', () => {
    const a = run('cassandra', `${twoDcs}\nread_consistency: QUORUM\nwrite_consistency: EACH_QUORUM`);
    assert.equal(a.t.writeQuorum, 4);
  });

  it('ONE, TWO, THREE and ALL count replicas in any datacenter', () => {
    assert.equal(
      nrw(run('cassandra', 'replication_factor: 5\nread_consistency: TWO\nwrite_consistency: THREE')),
      'leaderless N=5 R=2 W=3',
    );
    assert.equal(
      nrw(run('cassandra', 'replication_factor: 3\nread_consistency: ONE\nwrite_consistency: ALL')),
      'leaderless N=3 R=1 W=3',
    );
  });

  it('the default level is ONE for reads and writes (cqlsh and drivers)', () => {
    const a = run('cassandra', 'replication_factor: 3');
    assert.equal(nrw(a), 'leaderless N=3 R=1 W=1');
    assert.equal(consistencyOf(a), 'eventual');
  });

  it('LOCAL_QUORUM reads and writes do not overlap across datacenters ("latest write from within the same datacenter")', () => {
    const a = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`);
    assert.equal(consistencyOf(a), 'eventual');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.match(a.model.consistency.reason, /coordinated in dc\d .* coordinated in dc\d/);
  });

  it('…but do within one datacenter when every client is homed there (local_dc)', () => {
    const a = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM\nlocal_dc: dc1`);
    assert.deepEqual(a.model.consistency.provided, ['strong']);
  });

  it('LOCAL_QUORUM reads meet EACH_QUORUM writes in every datacenter, modelled as R = N − W + 1', () => {
    const a = run('cassandra', `${twoDcs}\nread_consistency: LOCAL_QUORUM\nwrite_consistency: EACH_QUORUM`);
    assert.equal(nrw(a), 'leaderless N=6 R=3 W=4');
    assert.equal(consistencyOf(a), 'strong');
    assert.ok(a.t.explanation.some((l) => /inside its own datacenter/.test(l)));
  });

  it('QUORUM reads against LOCAL_QUORUM writes can miss them (4 + 2 ≤ 6)', () => {
    assert.equal(
      consistencyOf(run('cassandra', `${twoDcs}\nread_consistency: QUORUM\nwrite_consistency: LOCAL_QUORUM`)),
      'eventual',
    );
  });

  it('SERIAL reads with lightweight transactions are Paxos over a majority: consensus, linearizable', () => {
    const a = run(
      'cassandra',
      'replication_factor: 3\nread_consistency: SERIAL\nwrite_consistency: QUORUM\nlightweight_transactions: true',
    );
    assert.equal(nrw(a), 'consensus N=3 R=2 W=2 leader');
    assert.equal(consistencyOf(a), 'linearizable');
    assert.equal(a.model.writeLoss, undefined);
  });

  it('LOCAL_SERIAL across datacenters is Paxos per datacenter only: not linearizable for clients in both', () => {
    const a = run(
      'cassandra',
      `${twoDcs}\nread_consistency: LOCAL_SERIAL\nwrite_consistency: LOCAL_QUORUM\nlightweight_transactions: true\nserial_consistency: LOCAL_SERIAL`,
    );
    assert.notEqual(consistencyOf(a), 'linearizable');
  });

  it('concurrent writes are resolved by timestamp: acknowledged writes can be silently overwritten', () => {
    const a = run('cassandra', 'replication_factor: 3\nconsistency: QUORUM');
    assert.equal(a.model.conflicts, 'last-write-wins');
    assert.equal(a.model.writeLoss?.breaksCp, false);
  });

  it('states what survives a failure, per datacenter for LOCAL levels', () => {
    const a = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`);
    assert.ok(a.t.explanation.some((l) => /survive 1 failed replica in the coordinator's datacenter/.test(l)));
    assert.ok(a.t.explanation.some((l) => /cut apart, on its own dc1 reads and writes; dc2 reads and writes/.test(l)));
  });
});

describe('cassandra: rules', () => {
  it('engine-consistency-contradicted: LOCAL_QUORUM claimed strong across datacenters, with a fix that works', () => {
    const a = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`, 'consistency: strong');
    const f = assertFires(a, 'engine-consistency-contradicted', 'strong', /LOCAL_QUORUM/);
    assertSilent(a, 'claim-needs-quorum-overlap', 'consistency-claim-contradicted', 'concurrent-writes-unresolved');
    const fixed = analyse(applyFix(a, f, /EACH_QUORUM/));
    assert.match(fixed.text, /write_consistency: EACH_QUORUM/);
    assertSilent(fixed, 'engine-consistency-contradicted');
  });

  it('engine-consistency-contradicted: CP claimed with LOCAL_QUORUM across datacenters replaces the generic finding', () => {
    const a = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`, 'cap: CP');
    assertFires(a, 'engine-consistency-contradicted', 'CP');
    assertSilent(a, 'claim-needs-quorum-overlap');
  });

  it('stays silent for strong claimed with QUORUM, or LOCAL_QUORUM reads and EACH_QUORUM writes', () => {
    assertSilent(run('cassandra', `${twoDcs}\nconsistency: QUORUM`, 'consistency: strong\ncap: CP'));
    assertSilent(
      run(
        'cassandra',
        `${twoDcs}\nread_consistency: LOCAL_QUORUM\nwrite_consistency: EACH_QUORUM`,
        'consistency: strong\ncap: CP',
      ),
    );
  });

  it('engine-consistency-contradicted: linearizable needs SERIAL reads and lightweight transactions', () => {
    const a = run('cassandra', 'replication_factor: 3\nconsistency: QUORUM', 'consistency: linearizable');
    assertFires(a, 'engine-consistency-contradicted', 'linearizable', /SERIAL/);
    assertSilent(
      run(
        'cassandra',
        'replication_factor: 3\nread_consistency: SERIAL\nwrite_consistency: QUORUM\nlightweight_transactions: true',
        'consistency: linearizable',
      ),
    );
  });

  it('engine-ack-loses-writes: no lost writes claimed under last-write-wins; silent with lightweight transactions', () => {
    const a = run('cassandra', 'replication_factor: 3\nconsistency: QUORUM', 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /last write wins/);
    assertSilent(analyse(applyFix(a, f, /lightweight/)), 'engine-ack-loses-writes');
  });

  it('engine-ack-loses-writes: writes at ANY are held only as a hint, which breaks CP too', () => {
    const a = run('cassandra', 'replication_factor: 3\nread_consistency: ALL\nwrite_consistency: ANY', 'cap: CP');
    assertFires(a, 'engine-ack-loses-writes', 'CP', /hint/);
  });

  it('engine-setting-invalid: reads at ANY and plain writes at SERIAL are rejected by Cassandra', () => {
    assertFires(
      run('cassandra', 'replication_factor: 3\nread_consistency: ANY'),
      'engine-setting-invalid',
      'ANY',
      /only supported for writes/,
    );
    assertFires(
      run('cassandra', 'replication_factor: 3\nwrite_consistency: SERIAL'),
      'engine-setting-invalid',
      'SERIAL',
      /conditional updates/,
    );
  });

  it('engine-setting-invalid: a level needing more replicas than exist, and an unknown local_dc', () => {
    assertFires(run('cassandra', 'replication_factor: 2\nconsistency: THREE'), 'engine-setting-invalid', 'THREE', /only 2/);
    assertFires(run('cassandra', `${twoDcs}\nlocal_dc: dc3`), 'engine-setting-invalid', 'dc3');
  });

  it('engine-setting-overridden: a generic replicas key beside replication_factor', () => {
    const a = run('cassandra', 'replication_factor: 3\nconsistency: QUORUM', '', 'replicas: 5');
    assertFires(a, 'engine-setting-overridden', '5', /replication_factor|N/);
    assertSilent(run('cassandra', 'replication_factor: 3\nconsistency: QUORUM', '', 'replicas: 3'), 'engine-setting-overridden');
  });
});

describe('cassandra: settings validation', () => {
  it('reports unknown settings with did-you-mean and a fix', () => {
    const a = run('cassandra', 'replication_factr: 3');
    const f = assertFires(a, 'schema', 'replication_factr', /Did you mean 'replication_factor'/);
    assert.match(applyFix(a, f), /replication_factor: 3/);
  });

  it('reports a misspelt level with did-you-mean, and accepts lower case as cqlsh does', () => {
    assertFires(
      run('cassandra', 'replication_factor: 3\nconsistency: LOCAL_QUORAM'),
      'schema',
      'LOCAL_QUORAM',
      /Did you mean 'LOCAL_QUORUM'/,
    );
    assertSilent(run('cassandra', 'replication_factor: 3\nconsistency: local_quorum'), 'schema');
  });

  it('reports malformed replication factors', () => {
    assertFires(run('cassandra', 'replication_factor: {dc1: three}'), 'schema', '{dc1: three}', /integer/);
    assertFires(run('cassandra', 'replication_factor: 0'), 'schema', '0', /≥ 1/);
  });
});

describe('cassandra: hover text', () => {
  it('describeEngineSetting explains the level, its lines of translation and the effective N/R/W', () => {
    const { ds } = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`);
    const md = describeEngineSetting(analysisOf(ds), 'consistency')!;
    assert.match(md, /^\*\*consistency\*\* · Apache Cassandra setting/);
    assert.match(md, /`LOCAL_QUORUM` — A majority of the replicas in the coordinator's datacenter/);
    assert.match(md, /\*\*Here:\*\*/);
    assert.match(md, /\*\*Effective:\*\* leaderless · N = 6, R = 2, W = 2 → eventual · AP · PA\/EL/);
    assert.match(md, /\(https:\/\/cassandra\.apache\.org\/doc\/latest\/cassandra\/architecture\/dynamo\.html\)/);
    assert.equal(describeEngineSetting(analysisOf(ds), 'no_such_setting'), undefined);
  });

  it('describeTranslation shows every line, the per-datacenter table, and how writes are lost', () => {
    const { ds } = run('cassandra', `${twoDcs}\nconsistency: LOCAL_QUORUM`);
    const md = describeTranslation(analysisOf(ds))!;
    assert.match(md, /### st · Apache Cassandra/);
    assert.match(md, /\| dc1 \| 3 \| 2 \| 2 \|/);
    assert.match(md, /\*\*Reads give:\*\* eventual/);
    assert.match(md, /\*\*Acknowledged writes can be lost:\*\*/);
  });
});
