// Redis: asynchronous replication (https://redis.io/docs/latest/operate/oss_and_stack/management/replication/);
// WAIT "does not make Redis a strongly consistent store" (https://redis.io/docs/latest/commands/wait/).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { assertFires, assertSilent, nrw, run, analysisOf } from './helpers';

describe('redis: translation', () => {
  it('a master and its replicas; the master acknowledges before replicating (W = 1)', () => {
    const a = run('redis', 'replicas_per_master: 2');
    assert.equal(nrw(a), 'leader N=3 R=1 W=1 leader');
    assert.equal(a.model.writeLoss !== undefined, true);
  });

  it('WAIT n raises W to 1 + n, yet failover stays best effort: writes still losable, reads eventual', () => {
    const a = run('redis', 'replicas_per_master: 2\nwait: 1');
    assert.equal(a.t.writeQuorum, 2);
    assert.equal(a.model.writeLoss !== undefined, true);
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.match(a.model.writeLoss!.reason, /does not make Redis a strongly consistent store/);
  });

  it('replica reads may be stale', () => {
    assert.equal(run('redis', 'replicas_per_master: 1\nread_from_replicas: true').model.readFrom, 'followers');
  });
});

describe('redis: rules', () => {
  it('engine-ack-loses-writes: Redis claimed CP or loss-free, with or without WAIT', () => {
    assertFires(run('redis', 'replicas_per_master: 1', 'cap: CP'), 'engine-ack-loses-writes', 'CP', /asynchronous/);
    assertFires(run('redis', 'replicas_per_master: 2\nwait: 2', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /WAIT/);
    assertSilent(
      run('redis', 'replicas_per_master: 2\nwait: 2', 'cap: CP'),
      'async-ack-loses-writes',
      'cap-claim-contradicted',
      'engine-consistency-contradicted',
    );
  });

  it('engine-consistency-contradicted: strong claimed even with WAIT', () => {
    assertFires(
      run('redis', 'replicas_per_master: 2\nwait: 2', 'consistency: strong'),
      'engine-consistency-contradicted',
      'strong',
      /WAIT/,
    );
  });

  it('stays silent when the design says what Redis gives', () => {
    assertSilent(run('redis', 'replicas_per_master: 1', 'cap: AP\nconsistency: eventual\npacelc: PA/EC'));
  });

  it('engine-setting-invalid: WAIT or min-replicas-to-write above the replica count', () => {
    assertFires(
      run('redis', 'replicas_per_master: 1\nwait: 2'),
      'engine-setting-invalid',
      '2',
      /every WAIT runs into its timeout/,
    );
    assertFires(
      run('redis', 'replicas_per_master: 1\nmin-replicas-to-write: 2'),
      'engine-setting-invalid',
      '2',
      /refuses every write/,
    );
  });
});

describe('redis: hover text', () => {
  it('explains WAIT and cites the docs', () => {
    const { ds } = run('redis', 'replicas_per_master: 2\nwait: 1');
    const md = describeEngineSetting(analysisOf(ds), 'wait')!;
    assert.match(md, /WAIT numreplicas timeout/);
    assert.match(md, /https:\/\/redis\.io\/docs\/latest\/commands\/wait\//);
    assert.match(describeTranslation(analysisOf(ds))!, /Acknowledged writes can be lost/);
  });
});
