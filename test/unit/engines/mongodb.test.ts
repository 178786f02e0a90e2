// MongoDB: writeConcern w/j (https://www.mongodb.com/docs/manual/reference/write-concern/), readConcern
// (…/reference/read-concern/, linearizable on the primary only), readPreference, and the causal-consistency
// table of read/write concerns (…/core/causal-consistency-read-write-concerns/).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('mongodb: translation', () => {
  it('members is N; w defaults to majority (since 5.0) and reads go to the primary', () => {
    const a = run('mongodb', 'members: 3');
    assert.equal(nrw(a), 'leader N=3 R=1 W=2 leader');
    assert.equal(consistencyOf(a), 'strong');
    assert.equal((a.model.writeLoss !== undefined), false);
  });

  it('w: 1 acknowledges on the primary alone: failover rolls the write back', () => {
    const a = run('mongodb', 'members: 3\nw: 1');
    assert.equal(a.t.writeQuorum, 1);
    assert.equal((a.model.writeLoss !== undefined), true);
    assert.match(a.model.writeLoss!.reason, /rolls it back/);
  });

  it('w: 0 is unacknowledged (modelled as W = 1, losable); w: 3 of 5 is a majority', () => {
    assert.match(run('mongodb', 'members: 3\nw: 0').model.writeLoss!.reason, /never learns/);
    assert.equal((run('mongodb', 'members: 5\nw: 3').model.writeLoss !== undefined), false);
  });

  it('readConcern linearizable on the primary confirms with a majority: consensus, linearizable', () => {
    const a = run('mongodb', 'members: 5\nread_concern: linearizable');
    assert.equal(nrw(a), 'consensus N=5 R=3 W=3 leader');
    assert.equal(consistencyOf(a), 'linearizable');
  });

  it('secondary reads may lag: eventual', () => {
    const a = run('mongodb', 'members: 3\nread_preference: secondary');
    assert.equal(nrw(a), 'leader N=3 R=1 W=2 followers');
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
  });

  it('majority reads with w: 1 give monotonic reads but not read-your-writes (the causal consistency table)', () => {
    assert.deepEqual(run('mongodb', 'members: 3\nw: 1\nread_concern: majority').model.consistency.provided, ['monotonic-reads']);
  });

  it('causally consistent sessions with majority/majority give causal consistency, even on secondaries', () => {
    assert.deepEqual(run('mongodb', 'members: 3\nread_concern: majority\nread_preference: secondary\ncausal_consistency: true').model.consistency.provided, ['causal']);
  });
});

describe('mongodb: rules', () => {
  it('engine-consistency-contradicted: majority reads with w: 1 claimed read-your-writes; fixed by w: majority', () => {
    const a = run('mongodb', 'members: 3\nw: 1\nread_concern: majority', 'consistency: read-your-writes');
    const f = assertFires(a, 'engine-consistency-contradicted', 'read-your-writes', /w: majority/);
    const fixed = analyse(applyFix(a, f, /majority/));
    assertSilent(fixed, 'engine-consistency-contradicted', 'consistency-claim-contradicted');
  });

  it('engine-consistency-contradicted: linearizable claimed without readConcern linearizable', () => {
    const a = run('mongodb', 'members: 3', 'consistency: linearizable');
    const f = assertFires(a, 'engine-consistency-contradicted', 'linearizable', /deposed|steps down/);
    assertSilent(analyse(applyFix(a, f, /linearizable/)));
  });

  it('engine-setting-invalid: readConcern linearizable with a secondary read preference', () => {
    const a = run('mongodb', 'members: 3\nread_concern: linearizable\nread_preference: secondary');
    const f = assertFires(a, 'engine-setting-invalid', 'secondary', /primary only/);
    assertSilent(analyse(applyFix(a, f)), 'engine-setting-invalid');
  });

  it('engine-setting-invalid: linearizable in a causal session, and w above the member count', () => {
    assertFires(run('mongodb', 'members: 3\nread_concern: linearizable\ncausal_consistency: true'), 'engine-setting-invalid', 'true', /causally consistent sessions/);
    assertFires(run('mongodb', 'members: 3\nw: 4'), 'engine-setting-invalid', '4');
  });

  it('engine-ack-loses-writes: no lost writes claimed with w: 1; silent with w: majority', () => {
    assertFires(run('mongodb', 'members: 3\nw: 1', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /rolls it back/);
    assertFires(run('mongodb', 'members: 3\nw: 1', 'cap: CP'), 'engine-ack-loses-writes', 'CP');
    assertSilent(run('mongodb', 'members: 3\nw: majority\nread_concern: linearizable', 'loss_free: true\ncap: CP\nconsistency: linearizable'));
  });

  it('schema: w accepts a number or majority; read preferences are case-sensitive', () => {
    assertFires(run('mongodb', 'members: 3\nw: majorty'), 'schema', 'majorty', /Did you mean 'majority'/);
    assertFires(run('mongodb', 'members: 3\nread_preference: Secondary'), 'schema', 'Secondary', /Did you mean 'secondary'/);
    assertSilent(run('mongodb', 'members: 3\nw: 2'), 'schema');
  });
});

describe('mongodb: hover text', () => {
  it('explains read_concern values and the engine translation', () => {
    const { ds } = run('mongodb', 'members: 3\nw: 1\nread_concern: majority');
    assert.match(describeEngineSetting(analysisOf(ds), 'read_concern')!, /`majority` — Only data acknowledged by a majority/);
    assert.match(describeEngineSetting(analysisOf(ds), 'w')!, /rolled back when it rejoins/);
    assert.match(describeTranslation(analysisOf(ds))!, /\*\*Reads give:\*\* monotonic-reads/);
  });
});
