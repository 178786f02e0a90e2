// Amazon DynamoDB: each partition is a Multi-Paxos group of three replicas in three Availability Zones; reads
// are eventually consistent unless ConsistentRead is set, global secondary indexes are always eventually
// consistent, and global tables replicate across Regions either eventually (MREC, last writer wins) or
// strongly (MRSC, three Regions).

import { allOf, anyOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import type { Topology } from './store-model';
import { inertSetting, invalidSetting, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // "Both tables and LSIs provide two read consistency options … All reads from GSIs and streams are eventually
  // consistent." Global tables: "replicated … typically within a second … eventually consistent".
  readConsistency: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html',
  // "Changes to the table data are propagated to the global secondary indexes within a fraction of a second,
  // under normal conditions. However, in some unlikely failure scenarios, longer propagation delays might occur."
  gsi: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes',
  // "Strongly consistent reads are not supported on global secondary indexes. If you query a global secondary
  // index with ConsistentRead set to true, you will receive a ValidationException."
  query: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html',
  // MREC (default): last writer wins between Regions. MRSC (June 2025): writes synchronously replicated to at
  // least one other Region before returning; a strongly consistent read on any replica returns the latest
  // version; three Regions: three replicas, or two replicas and a witness.
  globalTables: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html',
  witness:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-globaltablewitness.html',
  // Write models (write to any Region, to one Region, to your Region) and MREC conflicts "not recorded".
  guidance: 'https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html',
  // Multi-Paxos replication groups across Availability Zones; a write is acknowledged once a quorum of the
  // replicas has persisted the log record; the leader serves writes and strongly consistent reads.
  paper: 'https://www.usenix.org/conference/atc22/presentation/vig',
};

/** Replicas of one partition inside a Region, one per Availability Zone (the 2022 DynamoDB paper). */
const AZ_REPLICAS = 3;
const AZ_WRITE_QUORUM = 2;

function regionsOf(s: Settings): string[] {
  return [...(s.list('global_table_regions') ?? [])];
}

export function translateDynamo(ds: Datastore): EngineTranslation {
  const s = new Settings(dynamodb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  const consistent = s.bool('consistent_read') ?? false;
  const index = s.str('index') ?? 'table';
  const regions = regionsOf(s);
  const mode = s.str('multi_region_consistency') ?? 'EVENTUAL';
  const strongRead = consistent && index !== 'gsi';
  const gsi = index === 'gsi';
  const gsiReason =
    'a global secondary index is updated asynchronously from its table after the table write succeeds (AWS: "within a fraction of a second, under normal conditions", longer in failure scenarios), so even a read right after your own write can miss it.';
  const gsiStaleness = {
    kind: 'unmodelled' as const,
    reason:
      'a global secondary index is updated asynchronously after the table write succeeds: right after a write a read of the index almost surely misses it, for a fraction of a second under normal conditions and longer under failures',
  };

  if (gsi) {
    b.line(
      'index',
      'index: gsi — a global secondary index is updated asynchronously from its table, so every read of it is eventually consistent (ConsistentRead is rejected).',
    );
  } else if (index === 'lsi') {
    b.line('index', 'index: lsi — a local secondary index lives with its table partition and supports both read consistencies.');
  }

  if (regions.length >= 2 && mode === 'STRONG') {
    const witness = s.str('witness_region');
    const members = [...regions, ...(witness ? [witness] : [])];
    t.replication = 'consensus';
    t.replicas = 3;
    t.writeQuorum = 2;
    b.origin('replicas', 'global_table_regions').origin('writeQuorum', 'multi_region_consistency');
    b.line(
      ['multi_region_consistency', 'global_table_regions', 'witness_region'],
      `multi_region_consistency: STRONG (MRSC) over ${plural(members.length, 'Region')} (${[...regions, ...(witness ? [`${witness} (witness)`] : [])].join(', ')}): a write returns once it is replicated to at least one other Region, so writes need 2 of the 3 Regions.`,
    );
    if (strongRead) {
      t.readFrom = 'leader';
      t.readQuorum = 2;
      b.line(
        'consistent_read',
        'consistent_read: true — a strongly consistent read on any MRSC replica returns the latest version of the item, whatever Region wrote it.',
      );
    } else {
      t.readFrom = 'followers';
      t.readQuorum = 1;
      b.line(
        ['consistent_read', 'index'],
        'Eventually consistent reads are served by one replica of the local Region and may miss recent writes, even on an MRSC table.',
      );
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        reason: gsi
          ? gsiReason
          : 'eventually consistent reads are served by any one replica of the local Region, which may not have a write acknowledged a moment ago, and successive reads can hit different replicas.',
        setting: gsi ? 'index' : 'consistent_read',
        fix: gsi ? undefined : { title: 'Read with ConsistentRead', key: 'consistent_read', value: true },
      };
    }
    b.line(
      'multi_region_consistency',
      'Concurrent writes to one item from two Regions: one fails with ReplicatedWriteConflictException instead of being silently overwritten.',
    );
    t.availability = () => {
      const topology: Topology = {
        classes: members.map((r) => ({
          id: `replicas@${r}`,
          group: r,
          role: r === witness ? 'witness' : 'replica',
          size: r === witness ? 1 : AZ_REPLICAS,
        })),
        groups: members,
        clientGroups: regions,
        placed: true,
      };
      // A Region takes part when its own partition has a quorum (a witness is one node).
      const up = (r: string) => atLeast(r === witness ? 1 : AZ_WRITE_QUORUM, [`replicas@${r}`]);
      // The client's own Region and one other (a replica or the witness): 2 of the 3.
      const withAnother = (g: string) => allOf(up(g), anyOf(...members.filter((m) => m !== g).map(up)));
      const local = (g: string) => atLeast(1, [`replicas@${g}`]);
      return {
        topology,
        write: {
          byClient: new Map(regions.map((g) => [g, withAnother(g)])),
          needs: "a quorum in the writer's Region and in one other Region (2 of 3 Regions)",
        },
        read: strongRead
          ? {
              byClient: new Map(regions.map((g) => [g, withAnother(g)])),
              needs: 'the latest version, confirmed across 2 of the 3 Regions',
            }
          : { byClient: new Map(regions.map((g) => [g, local(g)])), needs: 'any one replica of the local Region' },
      };
    };
    t.staleness = gsi
      ? gsiStaleness
      : strongRead
        ? {
            kind: 'fresh',
            reason: 'a strongly consistent read on an MRSC table returns the latest version, whatever Region wrote it',
          }
        : {
            kind: 'uniform',
            pool: AZ_REPLICAS,
            r: 1,
            w: AZ_WRITE_QUORUM,
            note: "any of the local Region's 3 replicas, the leader included, serves the read (how it is picked is not documented)",
          };
    return b.done();
  }

  if (regions.length >= 2) {
    const k = regions.length;
    const writeModel = s.str('write_model') ?? 'write-to-any-region';
    t.replication = 'leaderless';
    t.replicas = AZ_REPLICAS * k;
    t.writeQuorum = AZ_WRITE_QUORUM;
    t.readQuorum = strongRead ? 2 : 1;
    t.regions = regions.map((region) => ({
      region,
      replicas: AZ_REPLICAS,
      readQuorum: t.readQuorum,
      writeQuorum: AZ_WRITE_QUORUM,
    }));
    b.origin('replicas', 'global_table_regions');
    b.line(
      'global_table_regions',
      `global_table_regions: ${plural(k, 'Region')} × 3 Availability Zones → N = ${t.replicas}. A write is acknowledged by 2 of the 3 replicas in its own Region and replicated to the other Regions in the background, typically within a second (multi_region_consistency: EVENTUAL).`,
    );
    if (strongRead) {
      b.line(
        'consistent_read',
        "consistent_read: true — returns the latest version only if the item was last written in the reader's own Region; a write from another Region may not have arrived yet.",
      );
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        session: ['read-your-writes'],
        reason:
          'a strongly consistent read on an MREC global table sees the latest write made in its own Region only; writes from other Regions arrive asynchronously (typically within a second, with no upper bound), so a client that reads where it wrote sees its writes, and nothing more.',
        setting: 'consistent_read',
        fix: {
          title: 'Use multi-Region strong consistency (MRSC, three Regions)',
          key: 'multi_region_consistency',
          value: 'STRONG',
        },
      };
    } else {
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        reason: gsi
          ? `${gsiReason} The table itself replicates between Regions asynchronously.`
          : 'eventually consistent reads are served by one replica of the local Region, which may lag writes in its own Region and, more so, writes from other Regions.',
        setting: gsi ? 'index' : 'consistent_read',
      };
    }
    if (writeModel === 'write-to-any-region') {
      t.conflicts = 'last-write-wins';
      t.writeLoss = {
        reason:
          'with every Region accepting writes, two writes to one item in different Regions within the replication delay are reconciled by last writer wins: the earlier one is discarded, and the conflict is recorded nowhere (neither CloudWatch nor CloudTrail).',
        setting: 'write_model',
        // Concurrent writes overwritten, as in every last-write-wins store: not a failover loss.
        breaksCp: false,
        fix: { title: 'Write each item in one Region only', key: 'write_model', value: 'write-to-one-region' },
      };
      b.line(
        'write_model',
        'write_model: write-to-any-region — concurrent writes to one item in two Regions: last writer wins, the other acknowledged write is silently lost.',
      );
    } else {
      t.conflicts = 'last-write-wins';
      t.writeLoss = {
        reason: `each item is written in one Region at a time, but a write is acknowledged before it leaves that Region: if the Region is lost before replicating it (no SLA on the replication delay), so is the write.`,
        setting: 'write_model',
        breaksCp: true,
      };
      b.line(
        'write_model',
        `write_model: ${writeModel} — each item is written in one Region at a time, so Regions do not overwrite each other; after a Regional failover, writes not yet replicated out of the failed Region arrive only when it recovers.`,
      );
    }
    b.line('global_table_regions', 'A Region cut off from the others keeps reading and writing locally (AP between Regions).');
    t.availability = () => {
      const topology: Topology = {
        classes: regions.map((r) => ({ id: `replicas@${r}`, group: r, role: 'replica', size: AZ_REPLICAS })),
        groups: regions,
        clientGroups: regions,
        placed: true,
      };
      const local = (g: string, k2: number) => atLeast(k2, [`replicas@${g}`]);
      return {
        topology,
        write: {
          byClient: new Map(regions.map((g) => [g, local(g, AZ_WRITE_QUORUM)])),
          needs: "2 of the 3 replicas in the writer's own Region",
        },
        read: {
          byClient: new Map(regions.map((g) => [g, local(g, strongRead ? AZ_WRITE_QUORUM : 1)])),
          needs: strongRead
            ? "the partition leader and a quorum in the reader's Region"
            : "any one replica in the reader's Region",
        },
      };
    };
    t.staleness = gsi
      ? gsiStaleness
      : {
          kind: 'per-reader',
          readers: [
            strongRead
              ? {
                  where: "in the writer's Region",
                  probability: 0,
                  note: 'a strongly consistent read sees every write made in its Region',
                }
              : {
                  where: "in the writer's Region",
                  probability: 1 / 3,
                  note: "any of the Region's 3 replicas serves the read and one of them may not have the write yet (how the replica is picked is not documented)",
                },
            {
              where: 'in another Region',
              probability: undefined,
              note: 'up to 100%: the write reaches other Regions asynchronously, typically within a second, with no SLA',
            },
          ],
        };
    return b.done();
  }

  // One Region.
  t.replication = 'consensus';
  t.replicas = AZ_REPLICAS;
  t.writeQuorum = AZ_WRITE_QUORUM;
  b.line(
    undefined,
    'Each partition is a Multi-Paxos group of 3 replicas in 3 Availability Zones; a write is acknowledged once 2 have persisted it (N = 3, W = 2).',
  );
  if (strongRead) {
    t.readFrom = 'leader';
    t.readQuorum = 2;
    b.line(
      'consistent_read',
      'consistent_read: true — served by the partition leader, reflecting every write that succeeded before the read (modelled as R = 2, a majority).',
    );
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line(
      ['consistent_read', 'index'],
      gsi
        ? 'Reads of the index are served from its own, asynchronously updated partitions (R = 1).'
        : 'consistent_read: false (the default) — served by any one of the 3 replicas, the leader included, which may not have a write acknowledged a moment ago (R = 1).',
    );
    t.consistency = gsi
      ? { provided: ['eventual'], whileHealthy: ['eventual'], reason: gsiReason, setting: 'index' }
      : {
          provided: ['eventual'],
          whileHealthy: ['eventual'],
          reason:
            'an eventually consistent read is served by any one of the 3 replicas, which may not have a write acknowledged a moment ago (a write needs 2 of 3), and successive reads can hit different replicas.',
          setting: 'consistent_read',
          fix: { title: 'Read with ConsistentRead', key: 'consistent_read', value: true },
        };
    t.staleness = gsi
      ? gsiStaleness
      : {
          kind: 'uniform',
          pool: AZ_REPLICAS,
          r: 1,
          w: AZ_WRITE_QUORUM,
          note: 'any of the 3 replicas, the leader included, serves the read (how it is picked is not documented)',
        };
  }
  b.line(
    undefined,
    'One Availability Zone lost: reads and writes continue on the other two. A minority of replicas cannot acknowledge writes.',
  );
  return b.done();
}

function validateDynamo(ds: Datastore): EngineProblem[] {
  const s = new Settings(dynamodb, ds);
  const out: EngineProblem[] = [];
  if (s.bool('consistent_read') && s.str('index') === 'gsi') {
    out.push(
      invalidSetting(
        'consistent_read',
        'DynamoDB rejects a strongly consistent read on a global secondary index with a ValidationException: GSIs are updated asynchronously and only support eventually consistent reads. Read the base table (or a local secondary index) for ConsistentRead.',
        {
          title: 'Read eventually consistent',
          key: 'consistent_read',
          value: false,
        },
      ),
    );
  }
  const regions = regionsOf(s);
  const witness = s.str('witness_region');
  if (s.str('multi_region_consistency') === 'STRONG' && regions.length > 0) {
    const members = regions.length + (witness ? 1 : 0);
    if (members !== 3) {
      out.push(
        invalidSetting(
          'global_table_regions',
          `A multi-Region strongly consistent (MRSC) global table spans exactly three Regions: three replicas, or two replicas and a witness. This one names ${members}.`,
        ),
      );
    }
  }
  if (witness && s.str('multi_region_consistency') !== 'STRONG') {
    out.push(
      inertSetting(
        'witness_region',
        'A witness Region only exists for multi-Region strong consistency (multi_region_consistency: STRONG).',
      ),
    );
  }
  if (witness && regions.includes(witness))
    out.push(
      invalidSetting(
        'witness_region',
        `The witness must be in a different Region than the replicas; ${witness} is also a replica Region.`,
      ),
    );
  return out;
}

export const dynamodb: Engine = {
  id: 'dynamodb',
  displayName: 'Amazon DynamoDB',
  aliases: ['aws-dynamodb', 'amazon-dynamodb'],
  family: 'consensus',
  usualCap: 'neither',
  usualPacelc: 'PC/EL',
  summary:
    'Each partition is a Multi-Paxos group of three replicas in three Availability Zones: writes need two, but reads are eventually consistent (one replica) unless ConsistentRead is set. Global secondary indexes and MREC global tables are always eventually consistent across copies.',
  sources: [
    { title: 'DynamoDB read consistency', url: DOCS.readConsistency },
    { title: 'How DynamoDB global tables work (MREC and MRSC)', url: DOCS.globalTables },
    {
      title: 'Amazon DynamoDB: A Scalable, Predictably Performant, and Fully Managed NoSQL Database Service (USENIX ATC 2022)',
      url: DOCS.paper,
    },
  ],
  settings: {
    consistent_read: {
      type: 'boolean',
      default: false,
      description:
        'The `ConsistentRead` request parameter: true reads from the partition leader and reflects every earlier successful write; false (the default) may return stale data.',
      source: DOCS.readConsistency,
    },
    index: {
      values: ['table', 'lsi', 'gsi'],
      valueDocs: {
        table: 'The base table.',
        lsi: 'A local secondary index: same partition as the table, supports ConsistentRead.',
        gsi: 'A global secondary index: updated asynchronously, eventually consistent reads only.',
      },
      default: 'table',
      description: 'What the reads query: the base table, a local secondary index or a global secondary index.',
      source: DOCS.query,
    },
    global_table_regions: {
      type: 'list',
      description:
        'The Regions holding a replica of this global table (version 2019.11.21), including the local one. Omit for a single-Region table.',
      source: DOCS.globalTables,
      example: ['us-east-1', 'eu-west-1'],
    },
    multi_region_consistency: {
      values: ['EVENTUAL', 'STRONG'],
      valueDocs: {
        EVENTUAL: 'MREC (default): Regions replicate asynchronously; conflicting writes resolved by last writer wins.',
        STRONG:
          'MRSC: writes replicated to another Region before returning; strongly consistent reads return the latest version in every Region. Exactly three Regions.',
      },
      default: 'EVENTUAL',
      description: "The global table's `MultiRegionConsistency`, fixed when it is created.",
      source: DOCS.globalTables,
    },
    witness_region: {
      type: 'string',
      description:
        'For MRSC with two replica Regions: the third Region, which takes part in replication but holds no readable replica.',
      source: DOCS.witness,
      example: 'us-west-2',
    },
    write_model: {
      values: ['write-to-any-region', 'write-to-one-region', 'write-to-your-region'],
      valueDocs: {
        'write-to-any-region': 'Every Region writes any item: concurrent writes are reconciled by last writer wins.',
        'write-to-one-region': 'One Region takes all writes at a time; the others only read.',
        'write-to-your-region': 'Each item has a home Region that alone writes it.',
      },
      default: 'write-to-any-region',
      description: 'Which Regions write which items, in the terms of AWS prescriptive guidance for global tables.',
      source: DOCS.guidance,
    },
  },
  example: { consistent_read: false },
  translate: translateDynamo,
  validate: validateDynamo,
};
