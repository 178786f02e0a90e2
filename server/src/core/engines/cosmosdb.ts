// Azure Cosmos DB: in every region a partition is a replica set of four; writes are committed by a local
// majority (three of four), or, at Strong consistency, in every region before they return. The account's
// consistency level decides reads: a quorum of two replicas (Strong, Bounded staleness) or one replica
// (Session with its token, Consistent prefix, Eventual). Multi-region writes resolve conflicts by last writer
// wins unless a custom policy is set, and do not allow Strong.

import type { Consistency } from '../consistency';
import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // The five levels and their guarantees; "For strong and bounded staleness, reads are done against two
  // replicas in a four replica set (minority quorum) … Session, consistent prefix and eventual do single replica
  // reads"; "For strong consistency, changes need to be committed in every region (global majority) while for
  // all other consistency levels, local majority (three replicas in a four replica set) is being used"; the
  // durability table (region outage RPO) and "the requested consistency must match or be weaker".
  levels: 'https://learn.microsoft.com/en-us/azure/cosmos-db/consistency-levels',
  // Hub and satellite regions; writes in satellites are quorum-committed locally, then conflict-resolved.
  multiWrite: 'https://learn.microsoft.com/en-us/azure/cosmos-db/multi-region-writes',
  // "Strong consistency is not supported in a multi-region write scenario."
  multiWriteHowTo: 'https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-multi-master',
  // Last writer wins on _ts (default) or custom conflict resolution.
  conflicts: 'https://learn.microsoft.com/en-us/azure/cosmos-db/conflict-resolution-policies',
  // Replica sets of four replicas per partition per region.
  underTheHood: 'https://learn.microsoft.com/en-us/azure/cosmos-db/global-dist-under-the-hood',
};

const LEVELS = ['Strong', 'BoundedStaleness', 'Session', 'ConsistentPrefix', 'Eventual'] as const;
type Level = (typeof LEVELS)[number];
const RANK: Record<Level, number> = { Strong: 5, BoundedStaleness: 4, Session: 3, ConsistentPrefix: 2, Eventual: 1 };

const REPLICAS_PER_REGION = 4;

export function translateCosmos(ds: Datastore): EngineTranslation {
  const s = new Settings(cosmosdb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  const account = (s.str('default_consistency') ?? 'Session') as Level;
  const requested = s.has('read_consistency') ? (s.str('read_consistency') as Level) : undefined;
  const level = requested && RANK[requested] <= RANK[account] ? requested : account;
  const regions = s.list('regions') ?? [];
  const k = Math.max(1, regions.length);
  const multiWrite = s.bool('multiple_write_locations') ?? false;
  const key = requested ? 'read_consistency' : 'default_consistency';
  b.line('regions', `${k === 1 ? 'One region' : `regions: ${regions.join(', ')}`}: each partition is a set of ${REPLICAS_PER_REGION} replicas per region${k > 1 ? ` (${REPLICAS_PER_REGION * k} in all)` : ''}.`);
  b.line(key, `${key}: ${level}${requested ? ` (the account default is ${account})` : ''}.`);

  if (level === 'Strong') {
    // Linearizable: writes commit in every region before returning; reads use a local minority quorum.
    t.readFrom = 'leader';
    if (k === 1) {
      // Quorum reads against quorum writes in one replica set: the leaderless R + W > N maths applies.
      t.replication = 'leaderless';
      t.replicas = REPLICAS_PER_REGION;
      t.writeQuorum = 3;
      t.readQuorum = 2;
      b.line(key, 'Strong in one region: writes commit on 3 of the 4 replicas, reads ask 2 and take the newest (R + W > N): linearizable.');
    } else {
      t.replication = 'consensus';
      t.replicas = k;
      t.writeQuorum = majority(k);
      t.readQuorum = majority(k);
      b.line(key, `Strong across ${k} regions: a write returns only once it is committed in the regions (global majority), so every region's quorum reads see it; modelled per region as N = ${k} with majority quorums. ${k === 2 ? 'With two regions, losing either one stops writes.' : ''}`.trim());
    }
    t.guarantee = { consistency: ['linearizable'], reason: 'Strong consistency in Cosmos DB is linearizable: reads return the most recent committed version of an item.', setting: key };
    return b.done();
  }

  // One write region: it orders every write and the other regions follow it asynchronously (leader).
  // Several write regions: each commits locally and conflicts are reconciled afterwards (leaderless).
  t.replication = k > 1 && !multiWrite ? 'leader' : 'leaderless';
  t.readFrom = k > 1 && !multiWrite ? 'followers' : undefined;
  t.replicas = REPLICAS_PER_REGION * k;
  t.writeQuorum = 3;
  t.readQuorum = level === 'BoundedStaleness' ? 2 : 1;
  t.regions = (regions.length ? regions : ['(one region)']).map((region) => ({ region, replicas: REPLICAS_PER_REGION, readQuorum: t.readQuorum, writeQuorum: 3 }));
  b.origin('readQuorum', key);
  b.line(key, `${level}: writes commit on a local majority (3 of 4, W = 3)${k > 1 ? ` in the ${multiWrite ? 'region that takes them' : 'write region'} and replicate to the other regions asynchronously` : ''}; reads ${level === 'BoundedStaleness' ? 'ask 2 replicas of the local region (R = 2)' : 'ask a single replica of the local region (R = 1)'}.`);

  let guarantee: { consistency: Consistency[]; reason: string };
  switch (level) {
    case 'BoundedStaleness':
      guarantee =
        k === 1
          ? { consistency: ['strong'], reason: 'Bounded staleness in a single-region account reads a quorum of 2 of the 4 replicas against writes on 3: every read sees the latest write.' }
          : { consistency: ['monotonic-reads', 'read-your-writes'], reason: `reads outside the write region lag by at most max_staleness_prefix versions or max_interval_in_seconds; within that bound they may miss recent writes, in order (consistent prefix).` };
      break;
    case 'Session':
      guarantee = { consistency: ['read-your-writes', 'monotonic-reads'], reason: 'Session consistency gives read-your-writes, monotonic reads and monotonic writes within one session (the client passing its session token); other sessions only get consistent prefix.' };
      break;
    case 'ConsistentPrefix':
      guarantee = { consistency: ['eventual'], reason: 'Consistent prefix reads never see writes out of order, but may be arbitrarily stale and need not be monotonic across replicas.' };
      break;
    default:
      guarantee = { consistency: ['eventual'], reason: 'Eventual reads are served by any single replica with no ordering guarantee.' };
  }
  t.guarantee = { ...guarantee, setting: key, fix: multiWrite ? undefined : { title: 'Use Strong consistency', key: 'default_consistency', value: 'Strong' } };

  if (multiWrite && k > 1) {
    const policy = s.str('conflict_resolution') ?? 'LastWriterWins';
    b.line(['multiple_write_locations', 'conflict_resolution'], `multiple_write_locations: every region accepts writes, committed locally and reconciled with the hub region asynchronously; conflicts: ${policy}.`);
    if (policy === 'LastWriterWins') {
      t.conflicts = 'last-write-wins';
      t.writeLoss = {
        reason: 'with multi-region writes, two regions can both acknowledge a write to one item; the default policy keeps the one with the highest _ts (last writer wins) and silently drops the other.',
        setting: 'conflict_resolution',
        breaksCp: true,
        fix: { title: 'Resolve conflicts in the application (Custom)', key: 'conflict_resolution', value: 'Custom' },
      };
    } else {
      t.conflicts = 'vector-clocks';
    }
  } else if (k > 1) {
    b.line('regions', `A region outage can lose writes not yet replicated out of it: Cosmos DB's durability table gives an RPO ${level === 'BoundedStaleness' ? 'bounded by the staleness window' : 'of up to 15 minutes'} for ${level} with several regions.`);
    t.writeLoss = {
      reason: `with ${level} across regions, a write is acknowledged once the local region commits it; if that region is lost before replicating it, it is gone (RPO ${level === 'BoundedStaleness' ? 'bounded by the staleness window' : 'up to 15 minutes'} per Cosmos DB's documentation; 0 only with Strong).`,
      setting: key,
      breaksCp: true,
    };
  }
  return b.done();
}

function validateCosmos(ds: Datastore): Finding[] {
  const s = new Settings(cosmosdb, ds);
  const out: Finding[] = [];
  const account = (s.str('default_consistency') ?? 'Session') as Level;
  if (account === 'Strong' && s.bool('multiple_write_locations')) {
    out.push(invalidSetting(ds, 'multiple_write_locations', 'Strong consistency is not supported with multiple write regions: an account with multi-region writes cannot be configured for Strong. Write in one region, or use a weaker default consistency.'));
  }
  const requested = s.str('read_consistency') as Level | undefined;
  if (s.has('read_consistency') && requested && RANK[requested] > RANK[account]) {
    out.push(invalidSetting(ds, 'read_consistency', `A request can only relax consistency: ${requested} is stronger than the account's default ${account}, so the SDK rejects it. Raise default_consistency instead.`));
  }
  return out;
}

export const cosmosdb: Engine = {
  id: 'cosmosdb',
  displayName: 'Azure Cosmos DB',
  aliases: ['cosmos', 'azure-cosmos-db', 'azure-cosmosdb'],
  family: 'leaderless',
  usualCap: 'AP',
  usualPacelc: 'PA/EL',
  summary: 'Four replicas per partition in each region and five consistency levels: Strong (linearizable, writes committed in every region), Bounded staleness, Session (the default: read-your-writes per session token), Consistent prefix and Eventual. Multi-region writes resolve conflicts by last writer wins.',
  sources: [
    { title: 'Azure Cosmos DB: Consistency levels', url: DOCS.levels },
    { title: 'Azure Cosmos DB: Multi-region writes', url: DOCS.multiWrite },
    { title: 'Azure Cosmos DB: Conflict resolution policies', url: DOCS.conflicts },
  ],
  settings: {
    default_consistency: {
      values: LEVELS,
      valueDocs: {
        Strong: 'Linearizable: reads see the latest committed write, in every region.',
        BoundedStaleness: 'Reads lag by at most K versions or T seconds outside the write region.',
        Session: 'Read-your-writes and monotonic reads within a session (the default).',
        ConsistentPrefix: 'Reads see writes in order, possibly stale.',
        Eventual: 'No ordering guarantee.',
      },
      default: 'Session',
      description: "The account's default consistency level.",
      source: DOCS.levels,
    },
    read_consistency: {
      values: LEVELS,
      description: 'A per-request (SDK client) consistency level for reads; it can only be the same as or weaker than the account default.',
      source: DOCS.levels,
    },
    regions: { type: 'list', description: 'Azure regions of the account.', source: DOCS.underTheHood, example: ['westeurope', 'eastus'] },
    multiple_write_locations: { type: 'boolean', default: false, description: 'Multi-region writes (`enableMultipleWriteLocations`): every region accepts writes.', source: DOCS.multiWrite },
    conflict_resolution: {
      values: ['LastWriterWins', 'Custom'],
      valueDocs: { LastWriterWins: 'Keep the write with the highest _ts (or a custom path): the other is dropped.', Custom: 'A stored procedure or the conflicts feed lets the application merge.' },
      default: 'LastWriterWins',
      description: 'Conflict resolution policy of a container with multi-region writes.',
      source: DOCS.conflicts,
    },
  },
  example: { default_consistency: 'Session', regions: ['westeurope', 'northeurope'] },
  translate: translateCosmos,
  validate: validateCosmos,
};
