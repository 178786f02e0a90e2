// DynamoDB: three replicas in three Availability Zones with writes on two (USENIX ATC 2022 paper), ConsistentRead
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html), GSIs
// eventually consistent only (API_Query: ValidationException), global tables MREC/MRSC
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

const mrec = 'consistent_read: true\nglobal_table_regions: [us-east-1, eu-west-1]';
const mrsc =
  'consistent_read: true\nglobal_table_regions: [us-east-1, us-east-2]\nwitness_region: us-west-2\nmulti_region_consistency: STRONG';

describe('dynamodb: translation', () => {
  it('a table partition is 3 replicas, writes acknowledged by 2; eventually consistent reads (the default) ask 1', () => {
    const a = run('dynamodb', '');
    assert.equal(nrw(a), 'consensus N=3 R=1 W=2 followers');
    assert.equal(consistencyOf(a), 'eventual');
  });

  it('ConsistentRead is served by the leader: linearizable per item', () => {
    const a = run('dynamodb', 'consistent_read: true');
    assert.equal(nrw(a), 'consensus N=3 R=2 W=2 leader');
    assert.equal(consistencyOf(a), 'linearizable');
  });

  it('a local secondary index supports ConsistentRead; a global secondary index is always eventually consistent', () => {
    assert.equal(consistencyOf(run('dynamodb', 'consistent_read: true\nindex: lsi')), 'linearizable');
    const gsi = run('dynamodb', 'index: gsi');
    assert.equal(consistencyOf(gsi), 'eventual');
    assert.deepEqual(gsi.model.consistency.provided, ['eventual']);
  });

  it('an MREC global table replicates between Regions asynchronously: 3 per Region, W = 2 locally', () => {
    const a = run('dynamodb', mrec);
    assert.equal(nrw(a), 'leaderless N=6 R=2 W=2');
    assert.deepEqual(
      a.t.regions?.map((r) => [r.region, r.replicas]),
      [
        ['us-east-1', 3],
        ['eu-west-1', 3],
      ],
    );
    // A client that reads where it wrote sees its writes; any other client, nothing stronger than eventual.
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.deepEqual(a.model.consistency.session, ['read-your-writes']);
    assert.equal(a.model.conflicts, 'last-write-wins');
    assert.equal(
      a.facts?.staleRead.summary,
      "0% for a reader in the writer's Region (a strongly consistent read sees every write made in its Region); no figure for a reader in another Region (up to 100%: the write reaches other Regions asynchronously, typically within a second, with no SLA)",
    );
    // A Region cut off keeps reading and writing locally.
    assert.deepEqual(
      a.facts?.regionLosses.map((l) => [l.region, l.writes, l.reads]),
      [
        ['us-east-1', true, true],
        ['eu-west-1', true, true],
      ],
    );
  });

  it('eventually consistent reads in one Region: any of the 3 replicas answers, so 1 in 3 misses a write acknowledged by 2', () => {
    assert.match(run('dynamodb', '').facts!.staleRead.summary, /^33% of reads right after a write miss it/);
  });

  it('a GSI read right after a write: no R-of-N figure, the index is updated asynchronously', () => {
    assert.match(
      run('dynamodb', 'index: gsi').facts!.staleRead.summary,
      /^no figure: a global secondary index is updated asynchronously/,
    );
  });

  it('MRSC replicates each write to another Region before returning: strongly consistent reads in every Region', () => {
    const a = run('dynamodb', mrsc);
    assert.equal(nrw(a), 'consensus N=3 R=2 W=2 leader');
    assert.equal(consistencyOf(a), 'linearizable');
    assert.equal(a.model.writeLoss, undefined);
    // Two of the three Regions (a replica Region and the witness) keep writes going when one is lost.
    assert.deepEqual(
      a.facts?.regionLosses.map((l) => [l.region, l.writes]),
      [
        ['us-east-1', true],
        ['us-east-2', true],
        ['us-west-2', true],
      ],
    );
  });

  it('writing one Region at a time avoids last-writer-wins conflicts, not the loss of a Region before it replicates', () => {
    const loss = run('dynamodb', `${mrec}\nwrite_model: write-to-one-region`).model.writeLoss;
    assert.doesNotMatch(loss!.reason, /last writer wins/);
    assert.match(loss!.reason, /if the Region is lost before replicating it/);
  });
});

describe('dynamodb: rules', () => {
  it('engine-setting-invalid: ConsistentRead on a GSI is a ValidationException; the fix reads eventually consistent', () => {
    const a = run('dynamodb', 'index: gsi\nconsistent_read: true');
    const f = assertFires(a, 'engine-setting-invalid', 'true', /ValidationException/);
    assertSilent(analyse(applyFix(a, f)), 'engine-setting-invalid');
    assertSilent(run('dynamodb', 'index: lsi\nconsistent_read: true'), 'engine-setting-invalid');
  });

  it('engine-consistency-contradicted: strong claimed on a GSI, and on an MREC global table', () => {
    assertFires(
      run('dynamodb', 'index: gsi', 'consistency: strong'),
      'engine-consistency-contradicted',
      'strong',
      /asynchronously/,
    );
    assertFires(run('dynamodb', mrec, 'consistency: strong'), 'engine-consistency-contradicted', 'strong', /own Region/);
    assertSilent(run('dynamodb', mrec, 'consistency: read-your-writes'));
    assertSilent(run('dynamodb', 'consistent_read: true', 'consistency: linearizable\ncap: CP'));
  });

  it('engine-ack-loses-writes: loss-free claimed while every Region writes and last writer wins', () => {
    const a = run('dynamodb', mrec, 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /last writer wins/);
    assertSilent(analyse(applyFix(a, f)), 'engine-ack-loses-writes');
    assertSilent(run('dynamodb', mrsc, 'loss_free: true\ncap: CP\nconsistency: linearizable'));
  });

  it('engine-setting-invalid: MRSC spans exactly three Regions; a witness needs MRSC and its own Region', () => {
    assertFires(
      run('dynamodb', 'global_table_regions: [us-east-1, us-east-2]\nmulti_region_consistency: STRONG'),
      'engine-setting-invalid',
      '[us-east-1, us-east-2]',
      /exactly three/,
    );
    assertFires(
      run('dynamodb', 'global_table_regions: [us-east-1, us-east-2]\nwitness_region: us-west-2'),
      'engine-setting-invalid',
      'us-west-2',
      /only exists for multi-Region strong/,
    );
    assertFires(
      run(
        'dynamodb',
        'global_table_regions: [us-east-1, us-east-2]\nwitness_region: us-east-2\nmulti_region_consistency: STRONG',
      ),
      'engine-setting-invalid',
      'us-east-2',
      /different Region/,
    );
  });

  it("schema: values outside the API's lists get a did-you-mean", () => {
    assertFires(run('dynamodb', 'multi_region_consistency: STRNG'), 'schema', 'STRNG', /Did you mean 'STRONG'/);
    assertFires(run('dynamodb', 'consistent_read: yes please'), 'schema', 'yes please', /true or false/);
  });
});

describe('dynamodb: hover text', () => {
  it('describes ConsistentRead on a GSI with the setting docs and effective numbers', () => {
    const { ds } = run('dynamodb', 'index: gsi');
    const md = describeEngineSetting(analysisOf(ds), 'index')!;
    assert.match(md, /`gsi` — A global secondary index: updated asynchronously/);
    assert.match(md, /N = 3, R = 1, W = 2 → eventual/);
  });

  it('describeTranslation of a global table lists its Regions', () => {
    const md = describeTranslation(analysisOf(run('dynamodb', mrec).ds))!;
    assert.match(md, /\| us-east-1 \| 3 \| 2 \| 2 \|/);
    assert.match(md, /last writer wins/);
  });
});
