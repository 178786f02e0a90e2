// Azure Cosmos DB: in every region a partition is a replica set of four; writes are committed by a local
// majority (three of four), or, at Strong consistency, in every region before they return. The account's
// consistency level decides reads: a quorum of two replicas (Strong, Bounded staleness) or one replica
// (Session with its token, Consistent prefix, Eventual). Multi-region writes resolve conflicts by last writer
// wins unless a custom policy is set, and do not allow Strong.

import { allOf, anyOf, atLeast, kOf, type Condition } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineAvailability, EngineProblem, EngineTranslation } from './engine';
import { CLUSTER_GROUP } from './generic';
import type { Topology } from './store-model';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

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
  // "using multiple write regions doesn't guarantee write availability during a region outage"; a write-region
  // outage without service-managed failover leaves writes unavailable; strong with two regions loses writes
  // when either region is down.
  availability: 'https://learn.microsoft.com/en-us/azure/reliability/reliability-cosmos-db-nosql',
  // Replica sets of four replicas per partition per region.
  underTheHood: 'https://learn.microsoft.com/en-us/azure/cosmos-db/global-dist-under-the-hood',
};

const LEVELS = ['Strong', 'BoundedStaleness', 'Session', 'ConsistentPrefix', 'Eventual'] as const;
type Level = (typeof LEVELS)[number];
const RANK: Record<Level, number> = { Strong: 5, BoundedStaleness: 4, Session: 3, ConsistentPrefix: 2, Eventual: 1 };

const REPLICAS_PER_REGION = 4;

/**
 * Nodes: four replicas per region. Writes commit on a local majority (3 of 4) in the region that takes them
 * (the write region, or the client's own with multi-region writes); at Strong, in every region (a global
 * majority of regions only with three or more, "dynamic quorum"). Reads ask 2 of the local 4 (Strong, Bounded
 * staleness) or one (the other levels). Cosmos DB docs, consistency-levels.
 */
function cosmosAvailability(regions: string[], level: Level, multiWrite: boolean, managedFailover: boolean): EngineAvailability {
  const groups = regions.length ? regions : [CLUSTER_GROUP];
  const topology: Topology = {
    classes: groups.map((g) => ({ id: `replicas@${g}`, group: g, role: 'replica', size: REPLICAS_PER_REGION })),
    groups,
    clientGroups: groups,
    placed: regions.length > 1,
  };
  const local = (g: string, k: number) => atLeast(k, [`replicas@${g}`]);
  const committed = (g: string) => local(g, 3);
  const writeRegion = groups[0];
  const readK = level === 'Strong' || level === 'BoundedStaleness' ? 2 : 1;
  let write: (g: string) => Condition;
  let needs: string;
  if (level === 'Strong' && groups.length > 1) {
    write =
      groups.length >= 3 ? () => kOf(majority(groups.length), groups.map(committed)) : () => allOf(...groups.map(committed));
    needs =
      groups.length >= 3
        ? `a local majority in ${majority(groups.length)} of the ${plural(groups.length, 'region')} (dynamic quorum)`
        : 'a local majority in every region';
  } else if (multiWrite) {
    write = (g) => committed(g);
    needs = "3 of the 4 replicas in the writer's own region";
  } else if (managedFailover && groups.length > 1) {
    // Service-managed failover promotes another region when the write region is lost.
    write = () => anyOf(...groups.map(committed));
    needs = `3 of the 4 replicas in the write region (${writeRegion}), or in the region service-managed failover promotes`;
  } else {
    write = () => committed(writeRegion);
    needs = `3 of the 4 replicas in the write region (${writeRegion})`;
  }
  return {
    topology,
    write: { byClient: new Map(groups.map((g) => [g, write(g)])), needs },
    read: {
      byClient: new Map(groups.map((g) => [g, local(g, readK)])),
      needs: `${readK} of the 4 replicas in the reader's own region`,
    },
  };
}

export function translateCosmos(ds: Datastore): EngineTranslation {
  const s = new Settings(cosmosdb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  const account = (s.str('default_consistency') ?? 'Session') as Level;
  const requested = s.has('read_consistency') ? (s.str('read_consistency') as Level) : undefined;
  const level = requested && RANK[requested] <= RANK[account] ? requested : account;
  const regions = [...(s.list('regions') ?? [])];
  const k = Math.max(1, regions.length);
  const multiWrite = s.bool('multiple_write_locations') ?? false;
  const managedFailover = s.bool('service_managed_failover') ?? false;
  const key = requested ? 'read_consistency' : 'default_consistency';
  b.line(
    'regions',
    `${k === 1 ? 'One region' : `regions: ${regions.join(', ')}`}: each partition is a set of ${plural(REPLICAS_PER_REGION, 'replica')} per region${k > 1 ? ` (${REPLICAS_PER_REGION * k} in all)` : ''}.`,
  );
  b.line(key, `${key}: ${level}${requested ? ` (the account default is ${account})` : ''}.`);
  t.availability = () => cosmosAvailability(regions, level, multiWrite, managedFailover);
  const rpo =
    k === 1
      ? 'up to 240 minutes for a single-region account'
      : level === 'BoundedStaleness'
        ? 'bounded by the staleness window'
        : 'up to 15 minutes';

  if (level === 'Strong') {
    // Linearizable: writes commit in every region (or a global majority of three or more) before returning.
    t.readFrom = 'leader';
    if (k === 1) {
      t.replication = 'leaderless';
      t.replicas = REPLICAS_PER_REGION;
      t.writeQuorum = 3;
      t.readQuorum = 2;
      b.line(
        key,
        'Strong in one region: writes commit on 3 of the 4 replicas, reads ask 2 and take the newest (R + W > N): linearizable.',
      );
    } else {
      t.replication = 'consensus';
      t.replicas = k;
      t.writeQuorum = k >= 3 ? majority(k) : k;
      t.readQuorum = 1;
      b.line(
        key,
        `Strong across ${plural(k, 'region')}: a write returns only once it is committed in ${k >= 3 ? `a majority of the regions (${majority(k)} of ${k}, dynamic quorum)` : 'both regions'}, and reads ask 2 replicas of their own region. ${k === 2 ? 'With two regions, losing either one stops writes.' : ''}`.trim(),
      );
    }
    t.consistency = {
      provided: ['linearizable'],
      reason: 'Strong consistency in Cosmos DB is linearizable: reads return the most recent committed version of an item.',
      setting: key,
    };
    t.staleness = { kind: 'fresh', reason: 'a write returns only once every region that serves reads has committed it' };
    if (k === 1) {
      t.writeLoss = {
        reason: `a single-region account can lose acknowledged writes in a region-wide disaster (Cosmos DB's RPO: ${rpo}).`,
        setting: 'regions',
        breaksCp: false,
      };
    }
    return b.done();
  }

  // One write region: it orders every write and the other regions follow it asynchronously (leader).
  // Several write regions: each commits locally and conflicts are reconciled afterwards (leaderless).
  t.replication = k > 1 && !multiWrite ? 'leader' : 'leaderless';
  t.readFrom = k > 1 && !multiWrite ? 'followers' : undefined;
  t.replicas = REPLICAS_PER_REGION * k;
  t.writeQuorum = 3;
  t.readQuorum = level === 'BoundedStaleness' ? 2 : 1;
  t.regions = (regions.length ? regions : ['(one region)']).map((region) => ({
    region,
    replicas: REPLICAS_PER_REGION,
    readQuorum: t.readQuorum,
    writeQuorum: 3,
  }));
  b.origin('readQuorum', key);
  b.line(
    key,
    `${level}: writes commit on a local majority (3 of 4, W = 3)${k > 1 ? ` in the ${multiWrite ? 'region that takes them' : 'write region'} and replicate to the other regions asynchronously` : ''}; reads ${level === 'BoundedStaleness' ? 'ask 2 replicas of the local region (R = 2)' : 'ask a single replica of the local region (R = 1)'}.`,
  );

  const otherRegions = {
    where: 'in another region',
    probability: undefined,
    note: 'up to 100%: writes reach other regions by asynchronous replication',
  };
  const sameRegionOneReplica = {
    where: "in the writer's region",
    probability: 1 / 4,
    note: 'a single-replica read of the 4, one of which may not have the write yet (W = 3)',
  };
  switch (level) {
    case 'BoundedStaleness':
      t.consistency =
        k === 1
          ? {
              provided: ['strong'],
              whileHealthy: ['strong'],
              reason:
                'Bounded staleness in a single-region account reads a quorum of 2 of the 4 replicas against writes on 3: every read sees the latest write.',
              setting: key,
            }
          : {
              provided: ['monotonic-reads'],
              whileHealthy: ['monotonic-reads'],
              reason:
                'reads outside the write region lag by at most max_staleness_prefix versions or max_interval_in_seconds (at least 100,000 writes or 300 s for several regions): within that bound they may miss recent writes, in order; only reads in the write region see the latest.',
              setting: key,
              fix: multiWrite ? undefined : { title: 'Use Strong consistency', key: 'default_consistency', value: 'Strong' },
            };
      t.staleness =
        k === 1
          ? { kind: 'fresh', reason: 'reads ask 2 of the 4 replicas against writes on 3' }
          : {
              kind: 'per-reader',
              readers: [
                { where: 'in the write region', probability: 0, note: 'reads ask 2 of the 4 replicas against writes on 3' },
                {
                  where: 'in another region',
                  probability: undefined,
                  note: 'up to 100%, within the staleness bound (K versions or T seconds)',
                },
              ],
            };
      break;
    case 'Session':
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        session: ['read-your-writes', 'monotonic-reads'],
        reason:
          'Session consistency gives read-your-writes, monotonic reads, monotonic writes, write-follows-reads and consistent prefix within one client session (the client passing its session token); a client without that session\'s token reads "as reads with Eventual Consistency" (Cosmos DB docs).',
        setting: key,
        fix: multiWrite ? undefined : { title: 'Use Strong consistency', key: 'default_consistency', value: 'Strong' },
      };
      t.staleness = {
        kind: 'per-reader',
        readers: [
          {
            where: "in the writer's session",
            probability: 0,
            note: 'the session token makes the read wait for a replica that has the write',
          },
          { ...sameRegionOneReplica, where: "in another session, in the writer's region" },
          { ...otherRegions, where: 'in another session, in another region' },
        ].slice(0, k > 1 ? 3 : 2),
      };
      break;
    case 'ConsistentPrefix':
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        reason:
          'Consistent prefix orders transactional batches, but "updates made as single document writes see eventual consistency" (Cosmos DB docs): a read may be arbitrarily stale.',
        setting: key,
        fix: multiWrite ? undefined : { title: 'Use Strong consistency', key: 'default_consistency', value: 'Strong' },
      };
      t.staleness =
        k > 1
          ? { kind: 'per-reader', readers: [sameRegionOneReplica, otherRegions] }
          : { kind: 'uniform', pool: REPLICAS_PER_REGION, r: 1, w: 3 };
      break;
    default:
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        reason:
          'Eventual reads are served by any single replica with no ordering guarantee: "a client may read the values that are older than the ones it read in the past".',
        setting: key,
        fix: multiWrite ? undefined : { title: 'Use Strong consistency', key: 'default_consistency', value: 'Strong' },
      };
      t.staleness =
        k > 1
          ? { kind: 'per-reader', readers: [sameRegionOneReplica, otherRegions] }
          : { kind: 'uniform', pool: REPLICAS_PER_REGION, r: 1, w: 3 };
  }

  if (multiWrite && k > 1) {
    const policy = s.str('conflict_resolution') ?? 'LastWriterWins';
    b.line(
      ['multiple_write_locations', 'conflict_resolution'],
      `multiple_write_locations: every region accepts writes, committed locally and reconciled with the hub region asynchronously; conflicts: ${policy}.`,
    );
    if (policy === 'LastWriterWins') {
      t.conflicts = 'last-write-wins';
      t.writeLoss = {
        reason:
          'with multi-region writes, two regions can both acknowledge a write to one item; the default policy keeps the one with the highest _ts (last writer wins) and silently drops the other.',
        setting: 'conflict_resolution',
        // Concurrent writes overwritten, as in every last-write-wins store: not a failover loss.
        breaksCp: false,
        fix: { title: 'Resolve conflicts in the application (Custom)', key: 'conflict_resolution', value: 'Custom' },
      };
    } else {
      t.conflicts = 'vector-clocks';
    }
  } else {
    b.line(
      'regions',
      `A region outage can lose writes not yet replicated out of it: Cosmos DB's durability table gives an RPO of ${rpo} for ${level}${k > 1 ? ' with several regions' : ''}; only Strong with several regions has an RPO of 0.`,
    );
    t.writeLoss = {
      reason: `with ${level}${k > 1 ? ' across regions' : ' in one region'}, a write is acknowledged once ${k > 1 ? 'the write region' : 'the region'} commits it; if that region is lost before ${k > 1 ? 'replicating it' : 'it recovers'}, it is gone (RPO ${rpo} per Cosmos DB's documentation; 0 only with Strong across regions).`,
      setting: k > 1 ? key : 'regions',
      breaksCp: k > 1,
    };
  }
  if (k > 1 && !multiWrite)
    b.line(
      'service_managed_failover',
      managedFailover
        ? 'service_managed_failover: true — when the write region is lost, another region is promoted and takes writes.'
        : 'service_managed_failover: false — while the write region is down, no region takes writes (a manual failover cannot run during the outage).',
    );
  return b.done();
}

function validateCosmos(ds: Datastore): EngineProblem[] {
  const s = new Settings(cosmosdb, ds);
  const out: EngineProblem[] = [];
  const account = (s.str('default_consistency') ?? 'Session') as Level;
  if (account === 'Strong' && s.bool('multiple_write_locations')) {
    out.push(
      invalidSetting(
        'multiple_write_locations',
        'Strong consistency is not supported with multiple write regions: an account with multi-region writes cannot be configured for Strong. Write in one region, or use a weaker default consistency.',
      ),
    );
  }
  const requested = s.str('read_consistency') as Level | undefined;
  if (s.has('read_consistency') && requested && RANK[requested] > RANK[account]) {
    out.push(
      invalidSetting(
        'read_consistency',
        `A request can only relax consistency: ${requested} is stronger than the account's default ${account}, so the SDK rejects it. Raise default_consistency instead.`,
      ),
    );
  }
  return out;
}

export const cosmosdb: Engine = {
  id: 'cosmosdb',
  displayName: 'Azure Cosmos DB',
  aliases: ['cosmos', 'azure-cosmos-db', 'azure-cosmosdb'],
  family: 'leaderless',
  usualCap: 'neither',
  usualPacelc: 'PC/EL',
  summary:
    'Four replicas per partition in each region and five consistency levels: Strong (linearizable, writes committed in every region), Bounded staleness, Session (the default: read-your-writes within a session; other clients read as Eventual), Consistent prefix and Eventual. Multi-region writes resolve conflicts by last writer wins.',
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
        Session: 'Read-your-writes within a session (the default); other clients read as Eventual.',
        ConsistentPrefix: 'Transactional batches are seen in order; single-document writes are eventually consistent.',
        Eventual: 'No ordering guarantee.',
      },
      default: 'Session',
      description: "The account's default consistency level.",
      source: DOCS.levels,
    },
    read_consistency: {
      values: LEVELS,
      description:
        'A per-request (SDK client) consistency level for reads; it can only be the same as or weaker than the account default.',
      source: DOCS.levels,
    },
    regions: {
      type: 'list',
      description: 'Azure regions of the account.',
      source: DOCS.underTheHood,
      example: ['westeurope', 'eastus'],
    },
    multiple_write_locations: {
      type: 'boolean',
      default: false,
      description: 'Multi-region writes (`enableMultipleWriteLocations`): every region accepts writes.',
      source: DOCS.multiWrite,
    },
    service_managed_failover: {
      type: 'boolean',
      default: false,
      description:
        'Service-managed failover (`enableAutomaticFailover`): when the write region is lost, another region is promoted to take writes. Without it no region takes writes during the outage.',
      source: DOCS.availability,
    },
    conflict_resolution: {
      values: ['LastWriterWins', 'Custom'],
      valueDocs: {
        LastWriterWins: 'Keep the write with the highest _ts (or a custom path): the other is dropped.',
        Custom: 'A stored procedure or the conflicts feed lets the application merge.',
      },
      default: 'LastWriterWins',
      description: 'Conflict resolution policy of a container with multi-region writes.',
      source: DOCS.conflicts,
    },
  },
  example: { default_consistency: 'Session', regions: ['westeurope', 'northeurope'] },
  translate: translateCosmos,
  validate: validateCosmos,
};
