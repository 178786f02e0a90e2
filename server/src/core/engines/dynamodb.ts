// Amazon DynamoDB: each partition is a Multi-Paxos group of three replicas in three Availability Zones; reads
// are eventually consistent unless ConsistentRead is set, global secondary indexes are always eventually
// consistent, and global tables replicate across Regions either eventually (MREC, last writer wins) or
// strongly (MRSC, three Regions).

import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // "Both tables and LSIs provide two read consistency options … All reads from GSIs and streams are eventually
  // consistent." Global tables: "replicated … typically within a second … eventually consistent".
  readConsistency: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html',
  // "Strongly consistent reads are not supported on global secondary indexes. If you query a global secondary
  // index with ConsistentRead set to true, you will receive a ValidationException."
  query: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html',
  // MREC (default): last writer wins between Regions. MRSC (June 2025): writes synchronously replicated to at
  // least one other Region before returning; a strongly consistent read on any replica returns the latest
  // version; three Regions: three replicas, or two replicas and a witness.
  globalTables: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html',
  witness: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-globaltablewitness.html',
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

  if (index === 'gsi') {
    b.line('index', 'index: gsi — a global secondary index is updated asynchronously from its table, so every read of it is eventually consistent (ConsistentRead is rejected).');
  } else if (index === 'lsi') {
    b.line('index', 'index: lsi — a local secondary index lives with its table partition and supports both read consistencies.');
  }

  if (regions.length >= 2 && mode === 'STRONG') {
    const witness = s.str('witness_region');
    const members = regions.length + (witness ? 1 : 0);
    t.replication = 'consensus';
    t.replicas = 3;
    t.writeQuorum = 2;
    b.origin('replicas', 'global_table_regions').origin('writeQuorum', 'multi_region_consistency');
    b.line(['multi_region_consistency', 'global_table_regions', 'witness_region'], `multi_region_consistency: STRONG (MRSC) over ${members} Regions (${[...regions, ...(witness ? [`${witness} (witness)`] : [])].join(', ')}): a write returns once it is replicated to at least one other Region → modelled per Region as N = 3, W = 2.`);
    if (strongRead) {
      t.readFrom = 'leader';
      t.readQuorum = 2;
      b.line('consistent_read', 'consistent_read: true — a strongly consistent read on any MRSC replica returns the latest version of the item, whatever Region wrote it (R modelled as 2 of 3).');
    } else {
      t.readFrom = 'followers';
      t.readQuorum = 1;
      b.line(['consistent_read', 'index'], 'Eventually consistent reads are served by one replica and may miss recent writes, even on an MRSC table.');
    }
    b.line('multi_region_consistency', 'Concurrent writes to one item from two Regions: one fails with ReplicatedWriteConflictException instead of being silently overwritten. Losing one Region keeps the table writable in the other two.');
    return b.done();
  }

  if (regions.length >= 2) {
    const k = regions.length;
    const writeModel = s.str('write_model') ?? 'write-to-any-region';
    t.replication = 'leaderless';
    t.replicas = AZ_REPLICAS * k;
    t.writeQuorum = AZ_WRITE_QUORUM;
    t.readQuorum = strongRead ? 2 : 1;
    t.regions = regions.map((region) => ({ region, replicas: AZ_REPLICAS, readQuorum: t.readQuorum, writeQuorum: AZ_WRITE_QUORUM }));
    b.origin('replicas', 'global_table_regions');
    b.line('global_table_regions', `global_table_regions: ${k} Regions × 3 Availability Zones → N = ${t.replicas}. A write is acknowledged by 2 of the 3 replicas in its own Region (W = 2) and replicated to the other Regions in the background, typically within a second (multi_region_consistency: EVENTUAL).`);
    if (strongRead) {
      b.line('consistent_read', "consistent_read: true — returns the latest version only if the item was last written in the reader's own Region; a write from another Region may not have arrived yet.");
      t.guarantee = {
        consistency: ['read-your-writes'],
        reason: "a strongly consistent read on an MREC global table sees the latest write made in its own Region only; writes from other Regions arrive asynchronously (typically within a second, with no upper bound), so a client that reads where it wrote sees its writes, and nothing more.",
        setting: 'consistent_read',
        fix: { title: 'Use multi-Region strong consistency (MRSC, three Regions)', key: 'multi_region_consistency', value: 'STRONG' },
      };
    } else {
      t.guarantee = {
        consistency: ['eventual'],
        reason: index === 'gsi' ? 'reads of a global secondary index are always eventually consistent, and the table itself replicates between Regions asynchronously.' : 'eventually consistent reads are served by one replica of the local Region, which may lag writes in its own Region and, more so, writes from other Regions.',
        setting: index === 'gsi' ? 'index' : 'consistent_read',
      };
    }
    if (writeModel === 'write-to-any-region') {
      t.conflicts = 'last-write-wins';
      t.writeLoss = {
        reason: 'with every Region accepting writes, two writes to one item in different Regions within the replication delay are reconciled by last writer wins: the earlier one is discarded, and the conflict is recorded nowhere (neither CloudWatch nor CloudTrail).',
        setting: 'write_model',
        breaksCp: true,
        fix: { title: 'Write each item in one Region only', key: 'write_model', value: 'write-to-one-region' },
      };
      b.line('write_model', 'write_model: write-to-any-region — concurrent writes to one item in two Regions: last writer wins, the other acknowledged write is silently lost.');
    } else {
      t.conflicts = 'last-write-wins';
      b.line('write_model', `write_model: ${writeModel} — each item is written in one Region at a time, so Regions do not overwrite each other; after a Regional failover, writes not yet replicated out of the failed Region arrive only when it recovers.`);
    }
    b.line('global_table_regions', 'A Region cut off from the others keeps reading and writing locally (AP between Regions).');
    return b.done();
  }

  // One Region.
  t.replication = 'consensus';
  t.replicas = AZ_REPLICAS;
  t.writeQuorum = AZ_WRITE_QUORUM;
  b.line(undefined, 'Each partition is a Multi-Paxos group of 3 replicas in 3 Availability Zones; a write is acknowledged once 2 have persisted it (N = 3, W = 2).');
  if (strongRead) {
    t.readFrom = 'leader';
    t.readQuorum = 2;
    b.line('consistent_read', 'consistent_read: true — served by the partition leader, reflecting every write that succeeded before the read (modelled as R = 2, a majority).');
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line(['consistent_read', 'index'], index === 'gsi' ? 'Reads of the index are served from its own, asynchronously updated replicas (R = 1).' : 'consistent_read: false (the default) — served by any one of the 3 replicas, which may not have a write acknowledged a moment ago (R = 1).');
    if (index === 'gsi') {
      t.guarantee = { consistency: ['eventual'], reason: 'a global secondary index is updated asynchronously after the table write succeeds, so even a read right after your own write can miss it.', setting: 'index' };
    }
  }
  b.line(undefined, 'One Availability Zone lost: reads and writes continue on the other two. A minority of replicas cannot acknowledge writes.');
  return b.done();
}

function validateDynamo(ds: Datastore): Finding[] {
  const s = new Settings(dynamodb, ds);
  const out: Finding[] = [];
  if (s.bool('consistent_read') && s.str('index') === 'gsi') {
    out.push(
      invalidSetting(ds, 'consistent_read', 'DynamoDB rejects a strongly consistent read on a global secondary index with a ValidationException: GSIs are updated asynchronously and only support eventually consistent reads. Read the base table (or a local secondary index) for ConsistentRead.', [
        { title: 'Read eventually consistent', edits: [{ span: ds.settings!.value.consistent_read.span, newText: 'false' }], preferred: true },
      ]),
    );
  }
  const regions = regionsOf(s);
  const witness = s.str('witness_region');
  if (s.str('multi_region_consistency') === 'STRONG' && regions.length > 0) {
    const members = regions.length + (witness ? 1 : 0);
    if (members !== 3) {
      out.push(invalidSetting(ds, 'global_table_regions', `A multi-Region strongly consistent (MRSC) global table spans exactly three Regions: three replicas, or two replicas and a witness. This one names ${members}.`));
    }
  }
  if (witness && s.str('multi_region_consistency') !== 'STRONG') {
    out.push(invalidSetting(ds, 'witness_region', 'A witness Region only exists for multi-Region strong consistency (multi_region_consistency: STRONG).'));
  }
  if (witness && regions.includes(witness)) out.push(invalidSetting(ds, 'witness_region', `The witness must be in a different Region than the replicas; ${witness} is also a replica Region.`));
  return out;
}

export const dynamodb: Engine = {
  id: 'dynamodb',
  displayName: 'Amazon DynamoDB',
  aliases: ['aws-dynamodb', 'amazon-dynamodb'],
  family: 'consensus',
  usualCap: 'AP',
  usualPacelc: 'PC/EL',
  summary:
    'Each partition is a Multi-Paxos group of three replicas in three Availability Zones: writes need two, but reads are eventually consistent (one replica) unless ConsistentRead is set. Global secondary indexes and MREC global tables are always eventually consistent across copies.',
  sources: [
    { title: 'DynamoDB read consistency', url: DOCS.readConsistency },
    { title: 'How DynamoDB global tables work (MREC and MRSC)', url: DOCS.globalTables },
    { title: 'Amazon DynamoDB: A Scalable, Predictably Performant, and Fully Managed NoSQL Database Service (USENIX ATC 2022)', url: DOCS.paper },
  ],
  settings: {
    consistent_read: {
      type: 'boolean',
      default: false,
      description: 'The `ConsistentRead` request parameter: true reads from the partition leader and reflects every earlier successful write; false (the default) may return stale data.',
      source: DOCS.readConsistency,
    },
    index: {
      values: ['table', 'lsi', 'gsi'],
      valueDocs: { table: 'The base table.', lsi: 'A local secondary index: same partition as the table, supports ConsistentRead.', gsi: 'A global secondary index: updated asynchronously, eventually consistent reads only.' },
      default: 'table',
      description: 'What the reads query: the base table, a local secondary index or a global secondary index.',
      source: DOCS.query,
    },
    global_table_regions: {
      type: 'list',
      description: 'The Regions holding a replica of this global table (version 2019.11.21), including the local one. Omit for a single-Region table.',
      source: DOCS.globalTables,
      example: ['us-east-1', 'eu-west-1'],
    },
    multi_region_consistency: {
      values: ['EVENTUAL', 'STRONG'],
      valueDocs: {
        EVENTUAL: 'MREC (default): Regions replicate asynchronously; conflicting writes resolved by last writer wins.',
        STRONG: 'MRSC: writes replicated to another Region before returning; strongly consistent reads return the latest version in every Region. Exactly three Regions.',
      },
      default: 'EVENTUAL',
      description: "The global table's `MultiRegionConsistency`, fixed when it is created.",
      source: DOCS.globalTables,
    },
    witness_region: {
      type: 'string',
      description: 'For MRSC with two replica Regions: the third Region, which takes part in replication but holds no readable replica.',
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
