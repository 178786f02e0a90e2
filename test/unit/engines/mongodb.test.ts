// MongoDB: writeConcern w/j (https://www.mongodb.com/docs/manual/reference/write-concern/), readConcern
// (…/reference/read-concern/, linearizable on the primary only), readPreference, and the causal-consistency
// table of read/write concerns (…/core/causal-consistency-read-write-concerns/).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('mongodb: translation', () => {
  it('members is N; w defaults to majority (since 5.0); primary reads are current while it leads, not across failover', () => {
    const a = run('mongodb', 'members: 3');
    assert.equal(nrw(a), 'leader N=3 R=1 W=2 leader');
    // readConcern local is read uncommitted, and a primary on the minority side answers until it steps down.
    assert.equal(consistencyOf(a), 'eventual');
    assert.deepEqual(a.model.consistency.whileHealthy, ['linearizable']);
    assert.equal(a.model.writeLoss !== undefined, false);
  });

  it('with arbiters the implicit write concern is w: 1 when data-bearing members are no more than a voting majority', () => {
    const psa = run('mongodb', 'members: 2\narbiters: 1');
    assert.equal(psa.t.writeQuorum, 1);
    assert.match(psa.model.writeLoss!.reason, /rolls it back/);
    assert.equal(run('mongodb', 'members: 4\narbiters: 1').t.writeQuorum, 3);
  });

  it('a primary needs a majority of voting members whatever w is: 5 members survive 2 failures, 3 survive 1', () => {
    for (const w of ['1', 'majority', '5'])
      assert.equal(run('mongodb', `members: 5\nw: ${w}`).facts?.writeFailuresSurvived, w === '5' ? 0 : 2, `w: ${w}`);
    assert.equal(run('mongodb', 'members: 5\nw: 1').facts?.readFailuresSurvived, 2);
    assert.equal(run('mongodb', 'members: 3\nw: 1').facts?.writeFailuresSurvived, 1);
    assert.equal(run('mongodb', 'members: 5\nread_preference: secondary').facts?.readFailuresSurvived, 4);
  });

  it('w: 1 acknowledges on the primary alone: failover rolls the write back', () => {
    const a = run('mongodb', 'members: 3\nw: 1');
    assert.equal(a.t.writeQuorum, 1);
    assert.equal(a.model.writeLoss !== undefined, true);
    assert.match(a.model.writeLoss!.reason, /rolls it back/);
  });

  it('j: false does not weaken w: majority (the journal is still required by default)', () => {
    assert.equal(run('mongodb', 'members: 3\nw: majority\nj: false').model.writeLoss, undefined);
    assert.notEqual(run('mongodb', 'members: 3\nw: 2\nj: false').model.writeLoss, undefined);
  });

  it('w: 0 is unacknowledged (modelled as W = 1, losable); w: 3 of 5 is a majority', () => {
    assert.match(run('mongodb', 'members: 3\nw: 0').model.writeLoss!.reason, /never learns/);
    assert.equal(run('mongodb', 'members: 5\nw: 3').model.writeLoss !== undefined, false);
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

  it('in a causal session, majority reads with w: 1 give monotonic reads but not read-your-writes (the causal consistency table); without a session, nothing', () => {
    const session = run('mongodb', 'members: 3\nw: 1\nread_concern: majority\ncausal_consistency: true');
    assert.deepEqual(session.model.consistency.session, ['monotonic-reads']);
    assert.deepEqual(session.model.consistency.provided, ['eventual']);
    assert.equal(run('mongodb', 'members: 3\nw: 1\nread_concern: majority').model.consistency.session, undefined);
  });

  it('causally consistent sessions with majority/majority give causal consistency within the session, even on secondaries', () => {
    const a = run('mongodb', 'members: 3\nread_concern: majority\nread_preference: secondary\ncausal_consistency: true');
    assert.deepEqual(a.model.consistency.session, ['causal']);
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.equal(
      a.facts?.staleRead.summary,
      "0% for a reader in the writer's causally consistent session (the member waits for the session's cluster time before answering); no figure for a reader outside that session (a secondary's replication lag, which has no fixed bound (maxStalenessSeconds, at least 90 s, limits which secondaries a driver picks))",
    );
  });
});

describe('mongodb: rules', () => {
  it('engine-consistency-contradicted: a causal session with majority reads and w: 1 claimed read-your-writes; fixed by w: majority', () => {
    const a = run(
      'mongodb',
      'members: 3\nw: 1\nread_concern: majority\ncausal_consistency: true',
      'consistency: read-your-writes',
    );
    const f = assertFires(a, 'engine-consistency-contradicted', 'read-your-writes', /writeConcern "majority"/);
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
    assertFires(
      run('mongodb', 'members: 3\nread_concern: linearizable\ncausal_consistency: true'),
      'engine-setting-invalid',
      'true',
      /causally consistent sessions/,
    );
    assertFires(run('mongodb', 'members: 3\nw: 4'), 'engine-setting-invalid', '4');
  });

  it('engine-ack-loses-writes: no lost writes claimed with w: 1; silent with w: majority', () => {
    assertFires(run('mongodb', 'members: 3\nw: 1', 'loss_free: true'), 'engine-ack-loses-writes', 'true', /rolls it back/);
    // No weaker CAP claim holds either: the minority refuses writes (no primary), so it is not AP; only the setting fix is offered.
    const cp = assertFires(run('mongodb', 'members: 3\nw: 1', 'cap: CP'), 'engine-ack-loses-writes', 'CP');
    assert.deepEqual(
      cp.fixes.map((f) => f.title),
      [],
    );
    assertSilent(
      run(
        'mongodb',
        'members: 3\nw: majority\nread_concern: linearizable',
        'loss_free: true\ncap: CP\nconsistency: linearizable',
      ),
    );
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
    assert.match(describeEngineSetting(analysisOf(ds), 'w')!, /the write can be rolled back/);
    assert.match(
      describeTranslation(analysisOf(ds))!,
      /\*\*Reads give:\*\* eventual \(linearizable while healthy\) — a w: 1 write is acknowledged before a majority has it/,
    );
  });
});
