// CockroachDB: every range is a Raft group (3 voting replicas by default, 5 when surviving a region
// failure); the leaseholder serves reads without a quorum round trip because its lease excludes any other
// leaseholder. Follower reads (AS OF SYSTEM TIME) are served by the nearest replica at a past timestamp;
// GLOBAL tables serve present-time reads from every replica by making writes wait.

import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // Raft per range; leaseholder reads "can bypass the Raft log"; leases keep a single leaseholder.
  replication: 'https://www.cockroachlabs.com/docs/stable/architecture/replication-layer',
  // num_replicas default 3 (5 for system ranges).
  zones: 'https://www.cockroachlabs.com/docs/stable/configure-replication-zones',
  // Exact staleness (follower_read_timestamp()) and bounded staleness (with_max_staleness) follower reads
  // "may not reflect the latest writes".
  followerReads: 'https://www.cockroachlabs.com/docs/stable/follower-reads',
  // SURVIVE ZONE FAILURE (3 replicas) / SURVIVE REGION FAILURE (5 replicas over at least 3 regions).
  survival: 'https://www.cockroachlabs.com/docs/stable/multiregion-survival-goals',
  // GLOBAL tables: "strong, non-stale reads from all regions", writes pay extra latency.
  globalTables: 'https://www.cockroachlabs.com/docs/stable/global-tables',
  // Serializable isolation; single-key linearizability, no stale reads.
  consistency: 'https://www.cockroachlabs.com/docs/stable/architecture/transaction-layer',
};

export function translateCockroach(ds: Datastore): EngineTranslation {
  const s = new Settings(cockroachdb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'consensus';
  const goal = s.str('survival_goal') ?? 'zone';
  // num_replicas defaults to 3, but SURVIVE REGION FAILURE places 5 voting replicas when it is not set.
  const n = s.has('num_replicas') ? s.int('num_replicas')! : goal === 'region' ? 5 : 3;
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  b.origin('replicas', 'num_replicas', 'survival_goal');
  b.line(['num_replicas', 'survival_goal'], `${s.has('num_replicas') ? `num_replicas: ${n}` : `survival_goal: ${goal} → ${n} voting replicas`}; each range is a Raft group and a write commits on ${maj} of them.`);
  if (goal === 'region') b.line('survival_goal', 'survival_goal: region — the replicas are spread so that losing a whole region leaves a majority.');
  const locality = s.str('locality') ?? 'regional';
  const asOf = s.str('as_of_system_time');
  if (asOf) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'as_of_system_time');
    b.line('as_of_system_time', `as_of_system_time: ${asOf} — a follower read, served by the nearest replica at a timestamp in the past: a consistent snapshot, but it misses recent writes (R = 1).`);
    t.guarantee = {
      consistency: ['eventual'],
      reason: `reads AS OF SYSTEM TIME ${asOf} return a consistent snapshot from the past; CockroachDB's docs: they "may not reflect the latest writes".`,
      setting: 'as_of_system_time',
    };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'locality',
      locality === 'global'
        ? `locality: global — every replica can serve present-time reads without contacting the leaseholder, because writes wait out the clock uncertainty before committing (modelled as R = ${maj}: linearizable, slower writes).`
        : `Reads go to the range's leaseholder, whose lease rules out a second leaseholder, so they need no quorum round trip and are still linearizable per key (modelled as R = ${maj}).`,
    );
  }
  b.line(undefined, 'The side of a partition without a majority of a range\'s replicas cannot read or write that range.');
  return b.done();
}

export const cockroachdb: Engine = {
  id: 'cockroachdb',
  displayName: 'CockroachDB',
  aliases: ['cockroach', 'crdb'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary: 'Each range is a Raft group (3 replicas by default); reads are served by the leaseholder and are serializable and linearizable per key. Follower reads AS OF SYSTEM TIME trade freshness for latency.',
  sources: [
    { title: 'CockroachDB: Replication layer', url: DOCS.replication },
    { title: 'CockroachDB: Follower reads', url: DOCS.followerReads },
  ],
  settings: {
    num_replicas: { type: 'integer', minimum: 1, default: 3, description: 'Voting replicas per range (zone configuration `num_replicas`).', source: DOCS.zones },
    survival_goal: {
      values: ['zone', 'region'],
      valueDocs: { zone: 'SURVIVE ZONE FAILURE (the default): 3 replicas.', region: 'SURVIVE REGION FAILURE: 5 replicas across at least 3 regions.' },
      default: 'zone',
      description: 'Multi-region survival goal of the database.',
      source: DOCS.survival,
    },
    locality: {
      values: ['regional', 'regional-by-row', 'global'],
      valueDocs: { regional: 'REGIONAL BY TABLE (the default).', 'regional-by-row': 'REGIONAL BY ROW: each row homed in a region.', global: 'GLOBAL: strong reads from every region, slower writes.' },
      default: 'regional',
      description: 'Table locality in a multi-region database.',
      source: DOCS.globalTables,
    },
    as_of_system_time: {
      type: 'string',
      description: "Reads use `AS OF SYSTEM TIME` with this expression (e.g. `follower_read_timestamp()` or `with_max_staleness('10s')`): follower reads of past data.",
      source: DOCS.followerReads,
      example: 'follower_read_timestamp()',
    },
  },
  example: { num_replicas: 3 },
  translate: translateCockroach,
};
