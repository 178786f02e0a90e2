// Google Cloud Spanner: each split is replicated by Paxos over the voting replicas of the instance
// configuration; strong reads (the default) see every transaction committed before they started, at any
// replica, thanks to TrueTime; stale reads (bounded or exact staleness) read the past at the nearest replica.

import { allOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { consensusElectorate, everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // Strong reads "guaranteed to see all data that has been committed up until the start of this read";
  // stale reads "at a timestamp in the past".
  reads: 'https://cloud.google.com/spanner/docs/reads',
  // Strong (default), bounded staleness, exact staleness.
  timestampBounds: 'https://cloud.google.com/spanner/docs/timestamp-bounds',
  // Read-write, read-only and witness replicas; writes need a majority of voting replicas.
  replication: 'https://cloud.google.com/spanner/docs/replication',
  // External consistency: the strongest guarantee, stronger than linearizability of single operations.
  externalConsistency: 'https://cloud.google.com/spanner/docs/true-time-external-consistency',
};

export function translateSpanner(ds: Datastore): EngineTranslation {
  const s = new Settings(spanner, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'consensus';
  const rw = s.int('read_write_replicas') ?? 3;
  const readOnlyReplicas = s.int('read_only_replicas') ?? 0;
  const witnesses = s.int('witness_replicas') ?? 0;
  const n = rw + witnesses;
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  t.electorate = {
    ...consensusElectorate(n, witnesses ? `voting replicas (${rw} read-write, ${witnesses} witness)` : 'voting replicas'),
    origin: s.countOrigin(witnesses ? 'witness_replicas' : 'read_write_replicas'),
  };
  b.origin('replicas', 'read_write_replicas');
  b.line(
    ['read_write_replicas', 'witness_replicas'],
    `${rw} read-write${witnesses ? ` and ${witnesses} witness` : ''} ${rw + witnesses === 1 ? 'replica votes' : 'replicas vote'} → N = ${n}; a write commits when ${maj} of them accept it in Paxos.`,
  );
  if (readOnlyReplicas)
    b.line(
      'read_only_replicas',
      `${readOnlyReplicas} read-only ${readOnlyReplicas === 1 ? 'replica serves' : 'replicas serve'} stale reads but does not vote: no write availability, and strong reads still need the leader.`,
    );
  const bound = s.str('timestamp_bound') ?? 'strong';
  if (bound === 'strong') {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'timestamp_bound',
      `timestamp_bound: strong (the default) — any replica serves the read once it has caught up to a timestamp the leader confirms, so it sees every transaction committed before the read began (externally consistent; modelled as R = ${maj}).`,
    );
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'timestamp_bound');
    const staleness = s.str('max_staleness');
    b.line(
      ['timestamp_bound', 'max_staleness'],
      `timestamp_bound: ${bound}${staleness ? ` (${staleness})` : ''} — the nearest replica reads a consistent snapshot from the past without contacting the leader (R = 1).`,
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason: `a ${bound} read is served at a timestamp in the past by the nearest replica: a consistent snapshot of a prefix of the history, but it does not see writes committed after that timestamp.`,
      setting: 'timestamp_bound',
      fix: { title: 'Use strong reads', key: 'timestamp_bound', value: 'strong' },
    };
    t.staleness = {
      kind: 'unmodelled',
      reason: `a ${bound} read is as old as its bound${staleness ? ` (${staleness})` : ''} at most (Spanner recommends at least 10 s)`,
    };
  }
  if (bound === 'strong')
    t.consistency = {
      provided: ['linearizable'],
      reason:
        'writes commit through Paxos on a majority of the voting replicas with TrueTime timestamps, and a strong read waits until its replica has caught up to a timestamp the leader confirms: externally consistent, which implies linearizable.',
      setting: 'timestamp_bound',
    };
  t.availability = (placement) => {
    const topology = placeReplicas(rw, placement, false);
    const readWrite = topology.classes.map((c) => c.id);
    const home = topology.groups[0];
    if (witnesses) topology.classes.push({ id: `witness@${home}`, group: home, role: 'witness', size: witnesses });
    if (readOnlyReplicas)
      topology.classes.push({ id: `read-only@${home}`, group: home, role: 'read-only', size: readOnlyReplicas });
    const voting = [...readWrite, ...(witnesses ? [`witness@${home}`] : [])];
    // Witnesses vote but cannot lead: a leader must be a read-write replica.
    const leader = allOf(atLeast(maj, voting), atLeast(1, readWrite));
    const needs = `a leader (a read-write replica) with ${maj} of the ${n} voting replicas`;
    return {
      topology,
      write: everywhere(topology, leader, needs),
      read:
        bound === 'strong'
          ? everywhere(topology, leader, needs)
          : everywhere(
              topology,
              atLeast(1, [...readWrite, ...(readOnlyReplicas ? [`read-only@${home}`] : [])]),
              'any readable replica caught up to the read timestamp',
            ),
    };
  };
  return b.done();
}

export const spanner: Engine = {
  id: 'spanner',
  displayName: 'Google Cloud Spanner',
  aliases: ['cloud-spanner', 'google-spanner'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'Paxos over the voting replicas of each split, with TrueTime timestamps: strong reads are externally consistent from any replica; bounded- or exact-staleness reads read the past locally.',
  sources: [
    { title: 'Spanner: Reads (strong and stale)', url: DOCS.reads },
    { title: 'Spanner: Replication', url: DOCS.replication },
    { title: 'Spanner: TrueTime and external consistency', url: DOCS.externalConsistency },
  ],
  settings: {
    read_write_replicas: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Read-write (voting, data-holding) replicas of the instance configuration: 3 in a regional configuration.',
      source: DOCS.replication,
    },
    witness_replicas: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Witness replicas: vote in Paxos without serving reads (multi-region configurations).',
      source: DOCS.replication,
    },
    read_only_replicas: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Read-only replicas: serve reads, do not vote.',
      source: DOCS.replication,
    },
    timestamp_bound: {
      values: ['strong', 'bounded-staleness', 'exact-staleness'],
      valueDocs: {
        strong: 'See every transaction committed before the read (the default).',
        'bounded-staleness': 'No staler than max_staleness.',
        'exact-staleness': 'At an exact past timestamp.',
      },
      default: 'strong',
      description: 'Timestamp bound of reads and read-only transactions.',
      source: DOCS.timestampBounds,
    },
    max_staleness: {
      type: 'string',
      description: 'The staleness of stale reads, e.g. `10s`.',
      source: DOCS.timestampBounds,
      example: '10s',
    },
  },
  example: { read_write_replicas: 3 },
  translate: translateSpanner,
};
