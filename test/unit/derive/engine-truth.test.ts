// The cases of issue 9, each a design with its expected findings marked under the line they point at, and the
// derived values every surface prints. The faults they pin down are kinds: failure tolerance from the protocol's
// conditions (per-datacenter quorums, elections by voting members, fallback modes), consistency across failover
// rather than while healthy, staleness per reader location, and one reason reused by every finding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { claimRows } from '../../../server/src/core/ide/claim-rows';
import { datastoreCard } from '../../../server/src/core/ide/describe';
import { hoverAt } from '../../../server/src/core/ide/hover';
import { checkAnnotated } from '../../support/annotated';

const factsOf = (text: string, name = 'st') => {
  const a = analyzeFull(text).analyses.get(name);
  assert.ok(a?.facts, `no facts for ${name}`);
  return a.facts;
};

describe('failure tolerance comes from the protocol, not from N − W', () => {
  it('1. Cassandra, 2 datacenters × RF 3: LOCAL_QUORUM and EACH_QUORUM writes survive 1 failure (two in one datacenter stop it)', () => {
    const { text } = checkAnnotated(`
      system: s
      datastores:
        st:
          engine: cassandra
          settings:
            replication_factor: {dc1: 3, dc2: 3}
            consistency: LOCAL_QUORUM
          claims:
            tolerates: 4
      #                ^ tolerance-claim-contradicted: It tolerates 1.
        each:
          engine: cassandra
          settings:
            replication_factor: {dc1: 3, dc2: 3}
            read_consistency: LOCAL_QUORUM
            write_consistency: EACH_QUORUM
          claims:
            tolerates: 2
      #                ^ tolerance-claim-contradicted: It tolerates 1.
    `);
    assert.equal(factsOf(text).readFailuresSurvived, 1);
    assert.equal(factsOf(text, 'each').writeFailuresSurvived, 1);
  });

  it('2. MongoDB members: 5, w: 1: a primary needs a majority of voting members, so 2 of 5 (1 of 3) whatever w is', () => {
    const { text } = checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mongodb
          settings: {members: 5, w: 1}
          claims:
            tolerates: 4
      #                ^ tolerance-claim-contradicted: It tolerates 2.
    `);
    assert.equal(factsOf(text).readFailuresSurvived, 2);
  });

  it('3. Consul default mode and ZooKeeper with 3 servers: reads survive 1 (a leader, a server in a quorum)', () => {
    assert.equal(
      factsOf('system: s\ndatastores:\n  st:\n    engine: consul\n    settings: {servers: 3}\n').readFailuresSurvived,
      1,
    );
    assert.equal(
      factsOf('system: s\ndatastores:\n  st:\n    engine: zookeeper\n    settings: {servers: 3}\n').readFailuresSurvived,
      1,
    );
    assert.equal(
      factsOf('system: s\ndatastores:\n  st:\n    engine: zookeeper\n    settings: {servers: 3, readonlymode.enabled: true}\n')
        .readFailuresSurvived,
      2,
    );
  });

  it('4. MySQL semi-sync with the default 10 s timeout: an isolated source falls back to asynchronous and keeps committing (PA), writes survive both replicas down', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mysql
          settings:
            mode: semi-sync
            replica_servers: 2
          claims:
            pacelc: PC/EC
      #             ^^^^^ pacelc-claim-contradicted: the settings give PA/EC
            tolerates: 2
            loss_free: true
      #                ^^^^ engine-ack-loses-writes: reverts to asynchronous
    `);
  });

  it('5. even-replica-majority fires where N comes from engine settings too', () => {
    checkAnnotated(`
      system: s
      datastores:
        a:
          engine: etcd
          settings:
            members: 4
      #              ^ even-replica-majority: With 4 voting members a majority is 3
        b:
          engine: zookeeper
          settings:
            servers: 4
      #              ^ even-replica-majority: With 4 ensemble servers a majority is 3
        c:
          engine: mongodb
          settings:
            members: 4
      #              ^ even-replica-majority: With 4 voting members a majority is 3
            read_concern: linearizable
    `);
  });
});

describe('consistency that holds across failover', () => {
  it('6. MongoDB w: majority, primary reads, read_concern local: neither strong nor CP (deposed primary, rolled-back reads)', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mongodb
          settings: {members: 3, w: majority, read_preference: primary, read_concern: local}
          claims:
            consistency: strong
      #                  ^^^^^^ engine-consistency-contradicted: a primary cut off on the minority side keeps answering reads until it steps down
            cap: CP
      #          ^^ engine-consistency-contradicted: can return a write that a failover later rolls back
    `);
    // Only readConcern "linearizable" supports them.
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mongodb
          settings: {members: 3, w: majority, read_preference: primary, read_concern: linearizable}
          claims: {consistency: strong, cap: CP}
    `);
  });

  it('7. Consul default mode: strong only while healthy; eventual across a leader change', () => {
    const { text } = checkAnnotated(`
      system: s
      datastores:
        st:
          engine: consul
          settings: {servers: 3, consistency_mode: default}
          claims:
            consistency: strong
      #                  ^^^^^^ engine-consistency-contradicted: reads give eventual (linearizable while healthy)
    `);
    assert.deepEqual(factsOf(text).model.consistency.whileHealthy, ['linearizable']);
  });

  it('8. MySQL semi-sync AFTER_SYNC with a timeout so large it never falls back: acknowledged writes are kept', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mysql
          settings:
            mode: semi-sync
            replica_servers: 2
            rpl_semi_sync_source_wait_point: AFTER_SYNC
            rpl_semi_sync_source_timeout: 4294967295
          claims: {loss_free: true}
    `);
  });

  it('8b. ... but nothing fences the old source, so its reads on a partitioned side are not strong', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mysql
          settings:
            mode: semi-sync
            replica_servers: 2
            rpl_semi_sync_source_timeout: 4294967295
          claims:
            consistency: strong
      #                  ^^^^^^ engine-consistency-contradicted: nothing fences the old source: cut off by a partition, it keeps answering reads after a replica is promoted
    `);
  });

  it('9. MongoDB causal sessions with w: 1 and local reads: the engine rule, saying why causal guarantees need majority writes and reads', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          engine: mongodb
          settings: {members: 3, w: 1, read_concern: local, causal_consistency: true}
          claims:
            consistency: causal
      #                  ^^^^^^ engine-consistency-contradicted: all need readConcern "majority" and writeConcern "majority"
    `);
  });

  it('10. ZooKeeper sync before reads: strong in practice, not linearizable (sync is not a quorum operation)', () => {
    const { text } = checkAnnotated(`
      system: s
      datastores:
        st:
          engine: zookeeper
          settings: {servers: 3, sync_before_read: true}
          claims:
            consistency: linearizable
      #                  ^^^^^^^^^^^^ engine-consistency-contradicted: sync is not a quorum operation
    `);
    assert.deepEqual(factsOf(text).model.consistency.whileHealthy, ['strong']);
  });
});

describe('figures and wording every surface prints', () => {
  const staleness = (engine: string, settings: string) =>
    factsOf(`system: s\ndatastores:\n  st:\n    engine: ${engine}\n    settings: {${settings}}\n`).staleRead;

  it('11. a read right after a write: the figure per reader location, or no figure with the reason', () => {
    assert.equal(staleness('riak', 'n_val: 3, r: quorum, w: quorum').probability, 0);
    const lq = staleness('cassandra', 'replication_factor: {dc1: 3, dc2: 3}, consistency: LOCAL_QUORUM');
    assert.equal(lq.probability, undefined);
    assert.match(
      lq.summary,
      /^0% for a reader in the writer's datacenter .*; no figure for a reader in another datacenter \(up to 100%/,
    );
    assert.match(staleness('dynamodb', 'index: gsi').summary, /^no figure: a global secondary index is updated asynchronously/);
    assert.match(
      staleness('mongodb', 'members: 3, read_concern: majority, read_preference: secondary, causal_consistency: true').summary,
      /^0% for a reader in the writer's causally consistent session/,
    );
    assert.match(
      staleness('postgresql', 'standbys: 1, read_from_standbys: true').summary,
      /^no figure: a standby replays WAL after the commit returns/,
    );
    // The hover card and the explain row print the same sentence.
    const text =
      'system: s\ndatastores:\n  st:\n    engine: cassandra\n    settings: {replication_factor: {dc1: 3, dc2: 3}, consistency: LOCAL_QUORUM}\n';
    const a = analyzeFull(text).analyses.get('st')!;
    assert.ok(datastoreCard(a).includes(lq.summary));
    assert.equal(
      claimRows(a).find((r) => r.property === 'Stale read right after a write')?.derived,
      "0% (the writer's datacenter) · up to 100% (another datacenter)",
    );
  });

  it("12. a component's unmet need reuses the store's own reason", () => {
    checkAnnotated(`
      system: s
      datastores:
        by-customer:
          engine: dynamodb
          settings: {index: gsi}
        members:
          engine: zookeeper
          settings: {servers: 3}
        kv:
          engine: consul
          settings: {servers: 3}
        carts:
          engine: cassandra
          settings: {replication_factor: {dc1: 3, dc2: 3}, consistency: LOCAL_QUORUM}
      components:
        api:
          uses:
            by-customer: strong
      #                  ^^^^^^ component-needs-stronger-consistency: updated asynchronously from its table
            members: linearizable
      #              ^^^^^^^^^^^^ component-needs-stronger-consistency: need sync before a read to see writes made through other servers
            kv: strong
      #         ^^^^^^ component-needs-stronger-consistency: the old one keeps serving stale values until its lease times out
            carts: strong
      #            ^^^^^^ component-needs-stronger-consistency: a LOCAL_QUORUM write coordinated in dc2 is acknowledged without any of them
    `);
  });

  it('13. claims are judged once: the Derived column shows the value the verdict is based on', () => {
    const rows = (text: string) =>
      claimRows(analyzeFull(text).analyses.get('st')!)
        .filter((r) => r.verdict !== 'derived')
        .map((r) => `${r.property}: ${r.claimed} / ${r.derived} ${r.verdict === 'holds' ? '✓' : '✗'}`);
    assert.deepEqual(
      rows(
        'system: s\ndatastores:\n  st:\n    engine: zookeeper\n    settings: {servers: 3}\n    claims: {consistency: sequential, cap: CP}\n',
      ),
      ['Consistency: sequential / sequential ✓', 'CAP: CP / CP ✓'],
    );
    assert.deepEqual(
      rows(
        'system: s\ndatastores:\n  st:\n    engine: mysql\n    settings: {mode: semi-sync, replica_servers: 2}\n    claims: {consistency: strong}\n',
      ),
      ['Consistency: strong / eventual ✗'],
    );
    // A region split and the partition row agree: the side that refuses writes is the one the row names.
    const partitionRow = (engine: string, settings: string, placement: string) => {
      const text = `system: s\nregions: [us, eu]\ndatastores:\n  st:\n    engine: ${engine}\n    settings: ${settings}\n    placement: ${placement}\n    claims: {on_partition: reject-writes}\n`;
      const [split] = factsOf(text).regionSplits;
      return {
        row: rows(text)[0],
        sides: split.sides.map((s) => `${s.regions.join('+')}: ${s.canWrite ? 'writes' : 'no writes'}`),
      };
    };
    assert.deepEqual(partitionRow('mongodb', '{members: 3, w: 1}', '{us: 2, eu: 1}'), {
      row: 'On partition: reject-writes / one side refuses writes; the old primary keeps answering stale reads until it notices it cannot see a majority and steps down (about electionTimeoutMillis, 10 s by default) ✓',
      sides: ['us: writes', 'eu: no writes'],
    });
    assert.deepEqual(partitionRow('postgresql', '{standbys: 1}', '{us: 1, eu: 1}'), {
      row: 'On partition: reject-writes / both sides keep accepting writes; one side can serve reads the other has overwritten ✗',
      sides: ['us: writes', 'eu: writes'],
    });
    // The hover on a CockroachDB datastore with replicas: 5 describes five voting replicas committing on 3.
    const crdb = 'system: s\ndatastores:\n  st:\n    engine: cockroachdb\n    replicas: 5\n';
    const hover = hoverAt(analyzeFull(crdb), crdb, crdb.indexOf('st:'))!.markdown;
    assert.match(hover, /num_replicas: 5, all voting; each range is a Raft group and a write commits on 3 of the 5 voters/);
    assert.doesNotMatch(hover, /3 voting replicas|commits on 2/);
  });

  it('14. wording: Sentinel is not Cluster; no synchronous standby means a local flush; counts agree with their nouns', () => {
    const sentinel = analyzeFull(
      'system: s\ndatastores:\n  st:\n    engine: redis\n    settings: {replicas_per_master: 1}\n    claims: {loss_free: true}\n',
    );
    const msg = sentinel.findings.find((f) => f.rule === 'engine-ack-loses-writes')!.message;
    assert.match(msg, /keeps accepting writes for the whole partition/);
    assert.match(msg, /manual SENTINEL FAILOVER/);
    assert.doesNotMatch(msg, /node timeout/);
    const cluster = analyzeFull(
      'system: s\ndatastores:\n  st:\n    engine: redis\n    settings: {mode: cluster, replicas_per_master: 1}\n',
    ).analyses.get('st')!;
    assert.ok(cluster.model!.explanation.some((l) => /cluster-node-timeout \(15000 ms\)/.test(l)));
    const pg = analyzeFull('system: s\ndatastores:\n  st:\n    engine: postgresql\n    settings: {standbys: 2}\n').analyses.get(
      'st',
    )!;
    assert.ok(!pg.model!.explanation.some((l) => /synchronous standbys have/.test(l)), pg.model!.explanation.join('\n'));
    // "1 members", "1 servers", "1 replicas" nowhere, for any engine with a count of one.
    for (const [engine, key] of [
      ['etcd', 'members'],
      ['consul', 'servers'],
      ['zookeeper', 'servers'],
      ['mongodb', 'members'],
      ['kafka', 'replication.factor'],
      ['cockroachdb', 'num_replicas'],
      ['riak', 'n_val'],
      ['couchdb', 'n'],
      ['tikv', 'max-replicas'],
    ]) {
      const text = `system: s\ndatastores:\n  st:\n    engine: ${engine}\n    settings: {${key}: 1}\n`;
      const a = analyzeFull(text).analyses.get('st')!;
      const prose = [
        ...(a.model?.explanation ?? []),
        a.model?.consistency.reason ?? '',
        a.model?.write.needs ?? '',
        a.model?.read.needs ?? '',
        datastoreCard(a),
      ].join('\n');
      assert.doesNotMatch(prose, /\b1 (members|servers|replicas|brokers|voters|failures|nodes)\b/, `${engine}: ${prose}`);
    }
  });
});

describe('region loss, checked against placement', () => {
  it('etcd members: 5 placed 3 + 2 does not survive losing the site with 3; it does survive losing the one with 2', () => {
    checkAnnotated(`
      system: s
      regions: [dc1, dc2]
      datastores:
        st:
          engine: etcd
          settings: {members: 5}
          placement: {dc1: 3, dc2: 2}
          claims:
            survives_region_loss: any
      #                           ^^^ region-loss-claim-contradicted: losing dc1 (3 of 5 nodes) stops writes
        ok:
          engine: etcd
          settings: {members: 5}
          placement: {dc1: 3, dc2: 2}
          claims:
            survives_region_loss: dc2
        three:
          engine: etcd
          settings: {members: 5}
          placement: {dc1: 2, dc2: 2, dc3: 1}
      #                               ^^^ unknown-reference
          claims:
            survives_region_loss: [dc1, dc2, dc3]
      #                                      ^^^ unknown-reference: 'three' claims to survive losing region 'dc3', which is not in regions (dc1, dc2)
    `);
  });

  it('a declared region holding none of the replicas is survived; a name that is not declared is a reference error', () => {
    checkAnnotated(`
      system: s
      regions: [us, eu, ap]
      datastores:
        st:
          engine: etcd
          settings: {members: 3}
          placement: {us: 2, eu: 1}
          claims:
            survives_region_loss: [eu, ap]
        typo:
          engine: etcd
          settings: {members: 3}
          placement: {us: 1, eu: 1, ap: 1}
          claims:
            survives_region_loss: [aq]
      #                            ^^ unknown-reference: Did you mean 'ap'?
    `);
    const verdict = claimRows(
      analyzeFull(
        'system: s\nregions: [us, eu]\ndatastores:\n  st:\n    engine: etcd\n    settings: {members: 3}\n    placement: {us: 2, eu: 1}\n    claims: {survives_region_loss: [us, eu]}\n',
      ).analyses.get('st')!,
    ).find((r) => r.property === 'Region loss');
    assert.deepEqual(
      [verdict?.claimed, verdict?.derived, verdict?.verdict],
      ['us or eu', 'survives losing eu only', 'contradicted'],
    );
  });

  it('a store with no placement does not survive losing a region; naming a region it is not in says so', () => {
    checkAnnotated(`
      system: s
      datastores:
        st:
          replicas: 3
          replication: consensus
          claims:
            survives_region_loss: any
      #                           ^^^ region-loss-claim-contradicted: are not placed over several regions
        one-region:
          replicas: 3
          replication: consensus
          placement: {dc1: 3}
          claims:
            survives_region_loss: any
      #                           ^^^ region-loss-claim-contradicted: all 3 replicas are placed in one region, which can be the one that is lost
    `);
  });
});

describe('electorates, session scope and figures, wherever the count is written', () => {
  /** The text after the named (or preferred) fix of the only finding of `rule`. */
  const fixed = (text: string, rule: string, title?: string) => {
    const found = analyzeFull(text).findings.filter((f) => f.rule === rule);
    assert.equal(found.length, 1, `${rule} findings: ${found.map((f) => f.message).join(' | ')}`);
    const fix = title ? found[0].fixes.find((f) => f.title === title) : found[0].fixes.find((f) => f.preferred);
    assert.ok(fix, `fixes: ${found[0].fixes.map((f) => f.title).join(', ')}`);
    let out = text;
    for (const e of [...fix.edits].sort((x, y) => y.span.start - x.span.start))
      out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    return out;
  };

  it('an even electorate is reported on the setting that makes it even, whichever group it is', () => {
    const { text } = checkAnnotated(`
      system: s
      datastores:
        psa:
          engine: mongodb
          settings: {members: 3, arbiters: 1}
      #                                    ^ even-replica-majority: With 4 voting members (3 data-bearing, 1 arbiter) a majority is 3
        hb:
          engine: hbase
          settings: {zookeeper_servers: 4}
      #                                 ^ even-replica-majority: With 4 ZooKeeper servers a majority is 3
        ti:
          engine: tikv
          settings: {pd_members: 4}
      #                          ^ even-replica-majority: With 4 PD members a majority is 3
        crdb:
          engine: cockroachdb
          settings: {num_replicas: 5, num_voters: 4}
      #                                           ^ even-replica-majority: With 4 voting replicas a majority is 3
        span:
          engine: spanner
          settings: {read_write_replicas: 3, witness_replicas: 1}
      #                                                        ^ even-replica-majority: 4 voting replicas (3 read-write, 1 witness)
        span-odd:
          engine: spanner
          settings: {read_write_replicas: 3, witness_replicas: 2}
        cache:
          engine: redis
          settings: {mode: sentinel, sentinels: 4}
      #                                         ^ even-replica-majority: stops failover for 'cache' (its master keeps serving
    `);
    // MongoDB advises against a second arbiter: the only fix removes the one there is.
    const psa = analyzeFull(text).findings.find((f) => f.span.start === text.indexOf('arbiters: 1') + 10)!;
    assert.deepEqual(
      psa.fixes.map((f) => `${f.title}${f.preferred ? ' (preferred)' : ''}`),
      ['Use arbiters: 0 (preferred)'],
    );
    assert.match(fixed(text.split('  hb:')[0], 'even-replica-majority'), /settings: \{members: 3, arbiters: 0\}/);
    const spanner =
      'system: s\ndatastores:\n  span:\n    engine: spanner\n    settings: {read_write_replicas: 3, witness_replicas: 1}\n';
    assert.equal(fixed(spanner, 'even-replica-majority'), spanner.replace('witness_replicas: 1', 'witness_replicas: 2'));
    assert.equal(analyzeFull(fixed(spanner, 'even-replica-majority')).findings.length, 0);
  });

  it("monotonic reads are the reader's own session: a separate client has them; read-your-writes needs the writer's session", () => {
    checkAnnotated(`
      system: s
      datastores:
        feed:
          engine: cosmosdb
          settings: {regions: [westeurope], default_consistency: Session}
      components:
        reader:
          uses:
            feed: {needs: monotonic-reads, session: separate}
        other:
          uses:
            feed: {needs: read-your-writes, session: separate}
      #                   ^^^^^^^^^^^^^^^^ component-needs-stronger-consistency: outside the writer's session
        writer:
          uses:
            feed: {needs: read-your-writes, session: shared}
    `);
  });

  it('a follower read of more replicas than there are followers includes the primary: 0%, not a uniform pick', () => {
    const f = factsOf(
      'system: s\ndatastores:\n  st:\n    replicas: 3\n    replication: leader\n    read_from: followers\n    read_quorum: 3\n    write_quorum: 1\n',
    );
    assert.equal(f.staleRead.probability, 0);
    assert.match(f.staleRead.summary, /includes the primary, which holds every acknowledged write/);
  });

  it('last-write-wins drops concurrent writes the same way in every engine: a loss, not a failover that breaks CP', () => {
    const breaksCp = (engine: string, settings: string) =>
      factsOf(`system: s\ndatastores:\n  st:\n    engine: ${engine}\n    settings: {${settings}}\n`).model.writeLoss?.breaksCp;
    assert.deepEqual(
      [
        breaksCp('dynamodb', 'global_table_regions: [us-east-1, eu-west-1], write_model: write-to-any-region'),
        breaksCp('cosmosdb', 'regions: [westeurope, eastus], multiple_write_locations: true'),
        breaksCp('cassandra', 'replication_factor: 3, consistency: ONE'),
        breaksCp('riak', 'n_val: 3, r: 1, w: 1, allow_mult: false, last_write_wins: true'),
      ],
      [false, false, false, false],
    );
  });
});

describe('a single copy: no failover, so nothing a failover causes', () => {
  const facts = (engine: string, settings: string) =>
    factsOf(`system: s\ndatastores:\n  st:\n    engine: ${engine}\n    settings: {${settings}}\n`);

  it('a lone member, server or source is linearizable and CA: no rollback, no deposed leader, no promoted replica', () => {
    for (const [engine, settings] of [
      ['mongodb', 'members: 1'],
      ['consul', 'servers: 1'],
      ['zookeeper', 'servers: 1'],
      ['mysql', 'replica_servers: 0'],
      ['postgresql', 'standbys: 0'],
      ['etcd', 'members: 1'],
    ]) {
      const f = facts(engine, settings);
      assert.deepEqual(
        [engine, f.model.consistency.provided, f.cap, f.staleReadsUntilNoticed, f.model.writeLoss],
        [engine, ['linearizable'], 'CA', undefined, undefined],
      );
      assert.doesNotMatch(`${f.model.write.needs} ${f.model.read.needs}`, /promoted|elected by a majority of/, engine);
    }
  });

  it('a Redis master with no replica loses acknowledged writes only through its own persistence', () => {
    const f = facts('redis', 'replicas_per_master: 0');
    assert.match(
      f.model.writeLoss!.reason,
      /^with no replica there is no failover, but the master acknowledges from memory: without the append-only file \(appendonly no, the default\) a crash loses every write since the last RDB snapshot/,
    );
    assert.equal(facts('redis', 'replicas_per_master: 0, appendonly: true, appendfsync: always').model.writeLoss, undefined);
    assert.deepEqual(facts('redis', 'replicas_per_master: 0, appendonly: true, appendfsync: always').model.consistency.provided, [
      'linearizable',
    ]);
  });

  it("Riak's one copy is stood in for by fallback vnodes: a partition still has two writable sides (AP), not CA", () => {
    const f = facts('riak', 'n_val: 1');
    assert.deepEqual([f.cap, f.pacelc, f.writeFailuresSurvived], ['AP', 'PA/EC', 1]);
  });
});

describe('settings the engine rejects or that no request satisfies', () => {
  it('derive nothing, so no claim is judged against a configuration that cannot run; an inert setting does not block', () => {
    checkAnnotated(`
      system: s
      datastores:
        reads-at-any:
          engine: cassandra
          settings: {replication_factor: 3, read_consistency: ANY, write_consistency: ALL}
      #                                                       ^^^ engine-setting-invalid: Cassandra rejects reads at ANY
          claims: {consistency: strong, tolerates: 2}
        inert:
          engine: redis
          settings: {replicas_per_master: 2, masters: 3}
      #                                               ^ engine-setting-invalid: masters only applies with mode: cluster
          claims:
            loss_free: true
      #                ^^^^ engine-ack-loses-writes
    `);
  });

  it('a Cassandra write at ANY can be on no replica: even ALL reads can miss it', () => {
    const f = factsOf(
      'system: s\ndatastores:\n  st:\n    engine: cassandra\n    settings: {replication_factor: 3, read_consistency: ALL, write_consistency: ANY}\n',
    );
    assert.deepEqual(f.model.consistency.provided, ['eventual']);
    assert.match(
      f.model.consistency.reason,
      /^a write at ANY is acknowledged once any node, or only a hint stored by the coordinator, has it: no replica need hold it yet, so even a read at ALL can miss it/,
    );
  });
});
