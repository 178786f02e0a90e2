// Azure Cosmos DB: five consistency levels, quorum reads of 2 of 4 replicas for Strong and Bounded staleness,
// single-replica reads otherwise, local-majority writes (https://learn.microsoft.com/en-us/azure/cosmos-db/consistency-levels);
// no Strong with multi-region writes (https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-multi-master).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { analyse, applyFix, assertFires, assertSilent, nrw, run, analysisOf, consistencyOf } from './helpers';

describe('cosmosdb: translation', () => {
  it('Session (the default) in one region: 4 replicas, writes on 3, reads from 1 with the session token', () => {
    const a = run('cosmosdb', '');
    assert.equal(nrw(a), 'leaderless N=4 R=1 W=3');
    // Within the session that wrote: read-your-writes; any other client reads as Eventual (Cosmos DB docs).
    assert.deepEqual(a.model.consistency.provided, ['eventual']);
    assert.deepEqual(a.model.consistency.session, ['read-your-writes', 'monotonic-reads']);
    assert.equal(
      a.facts?.staleRead.summary,
      "0% for a reader in the writer's session (the session token makes the read wait for a replica that has the write); 25% for a reader in another session, in the writer's region (a single-replica read of the 4, one of which may not have the write yet (W = 3))",
    );
  });

  it('Strong in one region: quorum reads of 2 against writes on 3 of 4', () => {
    const a = run('cosmosdb', 'default_consistency: Strong');
    assert.equal(nrw(a), 'leaderless N=4 R=2 W=3');
    assert.deepEqual(a.model.consistency.provided, ['linearizable']);
  });

  it('Strong across regions commits in the regions before returning; two regions lose writes with either one', () => {
    const three = run('cosmosdb', 'default_consistency: Strong\nregions: [westeurope, northeurope, eastus]');
    assert.equal(consistencyOf(three), 'linearizable');
    // Dynamic quorum: writes need a local majority in 2 of the 3 regions; a region is 4 replicas.
    assert.equal(three.facts?.writeFailuresSurvived, 3);
    assert.deepEqual(
      three.facts?.regionLosses.map((l) => [l.region, l.writes]),
      [
        ['westeurope', true],
        ['northeurope', true],
        ['eastus', true],
      ],
    );
    const two = run('cosmosdb', 'default_consistency: Strong\nregions: [westeurope, eastus]');
    assert.deepEqual(
      two.facts?.regionLosses.map((l) => [l.region, l.writes]),
      [
        ['westeurope', false],
        ['eastus', false],
      ],
    );
  });

  it('Bounded staleness is strong within one region, bounded outside the write region', () => {
    assert.deepEqual(run('cosmosdb', 'default_consistency: BoundedStaleness').model.consistency.provided, ['strong']);
    // Outside the write region reads lag within the bound: not read-your-writes.
    assert.deepEqual(run('cosmosdb', 'default_consistency: BoundedStaleness\nregions: [a, b]').model.consistency.provided, [
      'monotonic-reads',
    ]);
  });

  it('one write region with read regions: the write region leads, others follow asynchronously (region outage RPO)', () => {
    const a = run('cosmosdb', 'default_consistency: Session\nregions: [a, b]');
    assert.equal(nrw(a), 'leader N=8 R=1 W=3 followers');
    assert.match(a.model.writeLoss!.reason, /15 minutes/);
  });

  it('a request may relax the account consistency', () => {
    assert.deepEqual(run('cosmosdb', 'default_consistency: Strong\nread_consistency: Eventual').model.consistency.provided, [
      'eventual',
    ]);
  });
});

describe('cosmosdb: rules', () => {
  it('engine-consistency-contradicted: Session or Eventual claimed strong', () => {
    assertFires(
      run('cosmosdb', 'default_consistency: Session', 'consistency: strong'),
      'engine-consistency-contradicted',
      'strong',
      /session token/,
    );
    assertFires(
      run('cosmosdb', 'default_consistency: Eventual', 'consistency: strong'),
      'engine-consistency-contradicted',
      'strong',
    );
  });

  it('Session claimed read-your-writes is what Cosmos DB gives within a session: no finding, although one replica answers', () => {
    assertSilent(
      run('cosmosdb', 'default_consistency: Session', 'consistency: read-your-writes'),
      'engine-consistency-contradicted',
    );
  });

  it('a single-region account can lose acknowledged writes in a region-wide disaster (RPO up to 240 minutes)', () => {
    assertFires(
      run('cosmosdb', 'default_consistency: Session', 'loss_free: true'),
      'engine-ack-loses-writes',
      'true',
      /240 minutes/,
    );
  });

  it('engine-setting-invalid: Strong with multi-region writes; a request stronger than the account', () => {
    assertFires(
      run('cosmosdb', 'default_consistency: Strong\nregions: [a, b]\nmultiple_write_locations: true'),
      'engine-setting-invalid',
      'true',
      /not supported with multiple write regions/,
    );
    assertFires(
      run('cosmosdb', 'default_consistency: Session\nread_consistency: Strong'),
      'engine-setting-invalid',
      'Strong',
      /only relax/,
    );
  });

  it('engine-ack-loses-writes: multi-region writes with last writer wins; the fix is a custom policy', () => {
    const a = run('cosmosdb', 'default_consistency: Session\nregions: [a, b]\nmultiple_write_locations: true', 'loss_free: true');
    const f = assertFires(a, 'engine-ack-loses-writes', 'true', /last writer wins/);
    assertSilent(analyse(applyFix(a, f)), 'engine-ack-loses-writes');
    assertSilent(
      run('cosmosdb', 'default_consistency: Strong\nregions: [a, b, c]', 'loss_free: true\ncap: CP\nconsistency: linearizable'),
    );
  });

  it('a component reading in another session is judged at Eventual, in its own session at read-your-writes', () => {
    const design =
      'system: s\ndatastores:\n  carts:\n    engine: cosmosdb\n    settings: {default_consistency: Session}\ncomponents:\n  cart:\n    uses: {carts: read-your-writes}\n  feed:\n    uses:\n      carts: {needs: read-your-writes, session: separate}\n';
    const a = analyse(design);
    const f = assertFires(
      a,
      'component-needs-stronger-consistency',
      'read-your-writes',
      /'feed' needs read-your-writes reads from 'carts', but 'carts' provides only eventual to a client outside the writer's session/,
    );
    assert.ok(a.text.slice(f.span.start - 30, f.span.start).includes('needs'), "on the long form's needs value");
    assert.equal(a.findings.filter((x) => x.rule === 'component-needs-stronger-consistency').length, 1);
  });

  it('schema: level names as the SDK spells them', () => {
    assertFires(run('cosmosdb', 'default_consistency: session'), 'schema', 'session', /Did you mean 'Session'/);
  });
});

describe('cosmosdb: hover text', () => {
  it('explains the level and the regions', () => {
    const { ds } = run('cosmosdb', 'default_consistency: Session\nregions: [westeurope, eastus]');
    assert.match(
      describeEngineSetting(analysisOf(ds), 'default_consistency')!,
      /`Session` — Read-your-writes within a session \(the default\); other clients read as Eventual/,
    );
    assert.match(describeTranslation(analysisOf(ds))!, /\| westeurope \| 4 \| 1 \| 3 \|/);
  });
});
