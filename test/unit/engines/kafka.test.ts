// Kafka: acks (https://kafka.apache.org/documentation/#producerconfigs_acks), min.insync.replicas
// (#topicconfigs_min.insync.replicas), unclean.leader.election.enable (#topicconfigs_unclean.leader.election.enable).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf } from './helpers';

const safe = 'replication.factor: 3\nacks: all\nmin.insync.replicas: 2';

describe('kafka: translation', () => {
  it('acks=all with min.insync.replicas 2 of 3: an acknowledged record is on at least 2 brokers', () => {
    const a = run('kafka', safe);
    assert.equal(nrw(a), 'leader N=3 R=1 W=2 leader');
    assert.equal(a.model.writeLoss !== undefined, false);
    assert.ok(
      a.t.explanation.some((l) =>
        /With 1 broker of 3 down, acks=all produce requests still succeed; with 2 down they fail with NotEnoughReplicas/.test(l),
      ),
    );
  });

  it('acks=all waits for the ISR, which can shrink to the leader when min.insync.replicas is 1 (the default)', () => {
    const a = run('kafka', 'replication.factor: 3\nacks: all');
    assert.equal(a.t.writeQuorum, 1);
    assert.match(a.model.writeLoss!.reason, /the leader alone/);
  });

  it('acks=1 acknowledges on the leader before any follower fetches', () => {
    assert.match(run('kafka', 'replication.factor: 3\nacks: 1').model.writeLoss!.reason, /before any follower/);
    assert.equal(run('kafka', 'replication.factor: 3\nacks: "1"').t.writeQuorum, 1);
  });

  it('unclean leader election loses records even with acks=all and a majority ISR', () => {
    const a = run('kafka', `${safe}\nunclean.leader.election.enable: true`);
    assert.equal(a.model.writeLoss !== undefined, true);
    assert.match(a.model.writeLoss!.reason, /outside the ISR/);
  });

  it('replication.factor defaults to the broker default, 1', () => {
    assert.equal(run('kafka', '').t.replicas, 1);
  });
});

describe('kafka: rules', () => {
  it('engine-ack-loses-writes: acks=1 claimed never to lose acknowledged writes; the fix is acks=all', () => {
    const a = run('kafka', 'replication.factor: 3\nacks: 1\nmin.insync.replicas: 2', 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /acks=1/);
    assertSilent(analyse(applyFix(a, f, /acks=all/)), 'engine-ack-loses-writes');
  });

  it('engine-ack-loses-writes: min.insync.replicas=1, fixed by a majority', () => {
    const a = run('kafka', 'replication.factor: 3\nacks: all\nmin.insync.replicas: 1', 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /min\.insync\.replicas=1/);
    assertSilent(analyse(applyFix(a, f)), 'engine-ack-loses-writes');
  });

  it('engine-ack-loses-writes: unclean leader election claimed loss-free or CP; fix disables it', () => {
    const a = run('kafka', `${safe}\nunclean.leader.election.enable: true`, 'loss_free: true\ncap: CP');
    assertFires(a, 'engine-ack-loses-writes', 'CP');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /unclean/);
    assertSilent(analyse(applyFix(a, f, /Disable/)));
  });

  it('stays silent for RF 3, acks=all, min.insync.replicas 2, and checks the tolerance claim', () => {
    assertSilent(run('kafka', safe, 'loss_free: true\ncap: CP\ntolerates: 1'));
    assertFires(run('kafka', safe, 'tolerates: 2'), 'tolerance-claim-contradicted', '2');
  });

  it('engine-setting-invalid: min.insync.replicas above the replication factor fails every acks=all produce', () => {
    assertFires(
      run('kafka', 'replication.factor: 2\nmin.insync.replicas: 3'),
      'engine-setting-invalid',
      '3',
      /NotEnoughReplicas/,
    );
  });

  it('schema: acks takes all, -1, 1 or 0', () => {
    assertFires(run('kafka', 'acks: al'), 'schema', 'al', /Did you mean 'all'/);
    assertFires(run('kafka', 'acks: 2'), 'schema', '2', /one of all, -1, 1, 0/);
  });
});

describe('kafka: hover text', () => {
  it('explains min.insync.replicas and what broker failures do', () => {
    const { ds } = run('kafka', safe);
    const md = describeEngineSetting(analysisOf(ds), 'min.insync.replicas')!;
    assert.match(md, /NotEnoughReplicas/);
    assert.match(md, /\*\*Here:\*\*/);
    assert.match(describeTranslation(analysisOf(ds))!, /Acknowledged writes survive failover/);
  });
});
