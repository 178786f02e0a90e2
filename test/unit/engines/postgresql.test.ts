// PostgreSQL: synchronous_commit (https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT),
// synchronous_standby_names FIRST/ANY (…/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES),
// hot standby reads (…/hot-standby.html).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting } from '../../../server/src/core/ide/engine-describe';
import { parseStandbyNames } from '../../../server/src/core/engines/postgresql';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('postgresql: translation', () => {
  it('parses synchronous_standby_names in all its forms', () => {
    assert.deepEqual(parseStandbyNames('FIRST 2 (a, b, c)'), { method: 'FIRST', num: 2, names: ['a', 'b', 'c'] });
    assert.deepEqual(parseStandbyNames('ANY 1 (*)'), { method: 'ANY', num: 1, names: ['*'] });
    assert.deepEqual(parseStandbyNames('2 (a, b)'), { method: 'FIRST', num: 2, names: ['a', 'b'] });
    assert.deepEqual(parseStandbyNames('a, b'), { method: 'FIRST', num: 1, names: ['a', 'b'] });
    assert.equal(parseStandbyNames(''), undefined);
  });

  it('without synchronous standbys replication is asynchronous: W = 1, failover loses commits', () => {
    const a = run('postgresql', 'standbys: 2');
    assert.equal(nrw(a), 'leader N=3 R=1 W=1 leader');
    assert.equal(a.model.writeLoss !== undefined, true);
  });

  it('ANY 1 of two standbys with synchronous_commit on: W = 2 of 3, commits survive failover', () => {
    const a = run('postgresql', 'standbys: 2\nsynchronous_standby_names: ANY 1 (a, b)');
    assert.equal(a.t.writeQuorum, 2);
    assert.equal(a.model.writeLoss !== undefined, false);
    assert.ok(a.t.explanation.some((l) => /never falls back to asynchronous/.test(l)));
  });

  it('with no synchronous standby, synchronous_commit on/remote_write/remote_apply all mean a local flush only', () => {
    for (const commit of ['on', 'remote_write', 'remote_apply']) {
      const a = run('postgresql', `standbys: 1\nsynchronous_commit: ${commit}`);
      assert.ok(
        a.t.explanation.some((l) => /waits for the local WAL flush only/.test(l)),
        commit,
      );
      assert.ok(!a.t.explanation.some((l) => /the synchronous standbys have/.test(l)), commit);
    }
  });

  it('an asynchronous standby: the primary keeps committing alone (PA), and a standby read right after a commit has no fixed figure', () => {
    const a = run('postgresql', 'standbys: 1\nread_from_standbys: true');
    assert.equal(a.facts?.pacelc.slice(0, 2), 'PA');
    assert.match(a.facts!.staleRead.summary, /^no figure: a standby replays WAL after the commit returns/);
  });

  it('FIRST 1 synchronous standby of 4 keeps every acknowledged commit (the failover promotes it), although W is below a majority', () => {
    assert.equal(run('postgresql', 'standbys: 4\nsynchronous_standby_names: FIRST 1 (a, b, c, d)').model.writeLoss, undefined);
  });

  it('synchronous_commit local or off does not wait for standbys; off does not even flush locally', () => {
    assert.equal(
      run('postgresql', 'standbys: 2\nsynchronous_standby_names: ANY 1 (*)\nsynchronous_commit: local').t.writeQuorum,
      1,
    );
    assert.match(
      run('postgresql', 'standbys: 2\nsynchronous_standby_names: ANY 1 (*)\nsynchronous_commit: off').model.writeLoss!.reason,
      /before its WAL is flushed/,
    );
  });

  it('standby reads see a commit only after replay: remote_apply on every standby makes them strong', () => {
    assert.deepEqual(
      run('postgresql', 'standbys: 2\nsynchronous_standby_names: ANY 1 (*)\nread_from_standbys: true').model.consistency.provided,
      ['eventual'],
    );
    const all = run(
      'postgresql',
      'standbys: 2\nsynchronous_standby_names: ANY 2 (*)\nsynchronous_commit: remote_apply\nread_from_standbys: true',
    );
    assert.equal(consistencyOf(all), 'strong');
  });
});

describe('postgresql: rules', () => {
  it('engine-consistency-contradicted: standby reads claimed strong; remote_apply is the fix when every standby is synchronous', () => {
    const a = run(
      'postgresql',
      'standbys: 2\nsynchronous_standby_names: ANY 1 (*)\nread_from_standbys: true',
      'consistency: strong',
    );
    assertFires(a, 'engine-consistency-contradicted', 'strong', /remote_apply/);
    assertSilent(
      run(
        'postgresql',
        'standbys: 2\nsynchronous_standby_names: ANY 2 (*)\nsynchronous_commit: remote_apply\nread_from_standbys: true',
        'consistency: strong',
      ),
    );
  });

  it('engine-ack-loses-writes: loss-free claimed with asynchronous standbys; the fix adds quorum commit', () => {
    const a = run('postgresql', 'standbys: 2', 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /asynchronous replication/);
    const fixed = analyse(applyFix(a, f, /ANY/));
    assert.match(fixed.text, /synchronous_standby_names: ANY 1 \(\*\)/);
    assertSilent(fixed);
  });

  it('engine-setting-invalid: more synchronous standbys required than exist blocks every commit', () => {
    assertFires(
      run('postgresql', 'standbys: 1\nsynchronous_standby_names: FIRST 2 (a, b)'),
      'engine-setting-invalid',
      'FIRST 2 (a, b)',
      /blocks/,
    );
  });
});

describe('postgresql: hover text', () => {
  it('explains synchronous_commit and its effect here', () => {
    const { ds } = run('postgresql', 'standbys: 2\nsynchronous_standby_names: ANY 1 (*)\nsynchronous_commit: remote_write');
    const md = describeEngineSetting(analysisOf(ds), 'synchronous_commit')!;
    assert.match(md, /`remote_write` — Wait until the synchronous standbys have written it to the OS/);
    assert.match(md, /N = 3, R = 1, W = 2/);
  });
});
