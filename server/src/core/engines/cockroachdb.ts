// CockroachDB: every range is a Raft group (3 voting replicas by default, 5 when surviving a region
// failure); the leaseholder serves reads without a quorum round trip because its lease excludes any other
// leaseholder. Follower reads (AS OF SYSTEM TIME) are served by the nearest replica at a past timestamp;
// GLOBAL tables serve present-time reads from every replica by making writes wait.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

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
  const n = s.given('num_replicas') ? s.int('num_replicas')! : goal === 'region' ? 5 : 3;
  // "num_voters … When set, num_replicas will be the sum of voting and non-voting replicas"; unset, all vote.
  const voters = Math.min(n, s.int('num_voters') ?? n);
  const maj = majority(voters);
  t.replicas = n;
  t.writeQuorum = maj;
  const votersKey = s.given('num_voters') && (s.int('num_voters') ?? n) <= n ? 'num_voters' : 'num_replicas';
  t.electorate = { voters, majority: maj, what: 'voting replicas', origin: s.countOrigin(votersKey) };
  b.origin('replicas', 'num_replicas', 'survival_goal');
  b.line(
    ['num_replicas', 'num_voters', 'survival_goal'],
    `${s.given('num_replicas') ? `num_replicas: ${n}` : `survival_goal: ${goal} → ${plural(n, 'replica')}`}${voters < n ? `, of which num_voters: ${voters} vote (the other ${n - voters} are non-voting and serve follower reads)` : ', all voting'}; each range is a Raft group and a write commits on ${maj} of the ${plural(voters, 'voter')}.`,
  );
  if (goal === 'region')
    b.line('survival_goal', 'survival_goal: region — the replicas are spread so that losing a whole region leaves a majority.');
  const locality = s.str('locality') ?? 'regional';
  const asOf = s.str('as_of_system_time');
  if (asOf) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'as_of_system_time');
    b.line(
      'as_of_system_time',
      `as_of_system_time: ${asOf} — a follower read, served by the nearest replica at a timestamp in the past: a consistent snapshot, but it misses recent writes (R = 1).`,
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason: `reads AS OF SYSTEM TIME ${asOf} return a consistent snapshot from the past (follower_read_timestamp() is at least 4.2 s old; with_max_staleness reads within its bound); CockroachDB's docs: they "may not reflect the latest writes".`,
      setting: 'as_of_system_time',
    };
    t.staleness = {
      kind: 'unmodelled',
      reason:
        'a follower read returns data as of its timestamp: at least 4.2 s in the past for follower_read_timestamp(), within the bound for with_max_staleness',
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
  b.line(
    undefined,
    asOf
      ? "The side of a partition without a majority of a range's voters cannot write it, but any replica there keeps serving follower reads of the past."
      : "The side of a partition without a majority of a range's voters can neither read nor write that range.",
  );
  if (!asOf)
    t.consistency = {
      provided: ['linearizable'],
      reason: `writes commit on a majority of the ${plural(voters, 'voter')} through the range's Raft log and the leaseholder serves reads under a lease that excludes any other leaseholder: serializable, and linearizable per key as long as clocks stay within the configured maximum offset (a node whose clock drifts too far shuts down).`,
      setting: 'num_replicas',
    };
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    // Voters first: the first replicas placed vote, the rest are non-voting.
    let left = voters;
    const classes = topology.classes.flatMap((c) => {
      const v = Math.min(left, c.size);
      left -= v;
      return [
        v > 0 ? { ...c, id: `voter@${c.group}`, role: 'voter', size: v } : undefined,
        c.size - v > 0 ? { ...c, id: `non-voter@${c.group}`, role: 'non-voting replica', size: c.size - v } : undefined,
      ].filter((x) => x !== undefined);
    });
    topology.classes = classes;
    const voterIds = classes.filter((c) => c.role === 'voter').map((c) => c.id);
    const all = classes.map((c) => c.id);
    const quorum = everywhere(
      topology,
      atLeast(maj, voterIds),
      `a leaseholder with a majority (${maj} of ${voters}) of the range's voters`,
    );
    return {
      topology,
      write: quorum,
      read: asOf ? everywhere(topology, atLeast(1, all), 'any replica, voting or not, caught up to the read timestamp') : quorum,
    };
  };
  return b.done();
}

export const cockroachdb: Engine = {
  id: 'cockroachdb',
  displayName: 'CockroachDB',
  aliases: ['cockroach', 'crdb'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'Each range is a Raft group (3 replicas by default); reads are served by the leaseholder and are serializable and linearizable per key. Follower reads AS OF SYSTEM TIME trade freshness for latency.',
  sources: [
    { title: 'CockroachDB: Replication layer', url: DOCS.replication },
    { title: 'CockroachDB: Follower reads', url: DOCS.followerReads },
  ],
  countSetting: { key: 'num_replicas' },
  settings: {
    num_replicas: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Replicas per range, voting and non-voting (zone configuration `num_replicas`).',
      source: DOCS.zones,
    },
    num_voters: {
      type: 'integer',
      minimum: 1,
      description:
        'Voting replicas per range (zone configuration `num_voters`); the rest of num_replicas are non-voting. All replicas vote when it is not set.',
      source: DOCS.zones,
      example: 3,
    },
    survival_goal: {
      values: ['zone', 'region'],
      valueDocs: {
        zone: 'SURVIVE ZONE FAILURE (the default): 3 replicas.',
        region: 'SURVIVE REGION FAILURE: 5 replicas across at least 3 regions.',
      },
      default: 'zone',
      description: 'Multi-region survival goal of the database.',
      source: DOCS.survival,
    },
    locality: {
      values: ['regional', 'regional-by-row', 'global'],
      valueDocs: {
        regional: 'REGIONAL BY TABLE (the default).',
        'regional-by-row': 'REGIONAL BY ROW: each row homed in a region.',
        global: 'GLOBAL: strong reads from every region, slower writes.',
      },
      default: 'regional',
      description: 'Table locality in a multi-region database.',
      source: DOCS.globalTables,
    },
    as_of_system_time: {
      type: 'string',
      description:
        "Reads use `AS OF SYSTEM TIME` with this expression (e.g. `follower_read_timestamp()` or `with_max_staleness('10s')`): follower reads of past data.",
      source: DOCS.followerReads,
      example: 'follower_read_timestamp()',
    },
  },
  example: { num_replicas: 3 },
  translate: translateCockroach,
};
