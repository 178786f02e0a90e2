// TiKV (the storage of TiDB): each Region is a Raft group of max-replicas replicas (3 by default). Reads go to
// the leader; Follower Read serves them from followers after a ReadIndex round, which keeps them strongly
// consistent; Stale Read reads a past snapshot from any replica.

import { allOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // PD replication.max-replicas, default 3.
  maxReplicas: 'https://docs.pingcap.com/tidb/stable/pd-configuration-file#max-replicas',
  // tidb_replica_read: leader (default), follower, leader-and-follower, …; "read data from follower replicas of
  // a Region while maintaining strong consistency".
  followerRead: 'https://docs.pingcap.com/tidb/stable/follower-read',
  // Stale Read: historical data from any replica; tidb_read_staleness.
  // PD: the timestamp oracle and scheduler, an etcd-based cluster electing a leader (lease 3 s).
  pd: 'https://tikv.org/docs/7.1/deploy/configure/pd-configuration-file/',
  staleRead: 'https://docs.pingcap.com/tidb/stable/stale-read',
  // raft-base-tick-interval (1s) × raft-election-timeout-ticks (10): a Region's followers campaign after about 10 s.
  raftstore: 'https://docs.pingcap.com/tidb/stable/tikv-configuration-file#raft-election-timeout-ticks',
};

export function translateTikv(ds: Datastore): EngineTranslation {
  const s = new Settings(tikv, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.timers = {
    election: { ms: 10_000, setting: 'raftstore.raft-election-timeout-ticks × raft-base-tick-interval', source: DOCS.raftstore },
  };
  t.replication = 'consensus';
  const n = s.int('max-replicas') ?? 3;
  const pd = s.int('pd_members') ?? 3;
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  b.origin('replicas', 'max-replicas');
  b.line('max-replicas', `max-replicas: ${n} → each Region is a Raft group of ${n}; a write commits on ${maj}.`);
  const staleness = s.int('tidb_read_staleness') ?? 0;
  const replicaRead = s.str('tidb_replica_read') ?? 'leader';
  if (staleness < 0) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'tidb_read_staleness');
    b.line(
      'tidb_read_staleness',
      `tidb_read_staleness: ${staleness} — Stale Read: any replica serves a snapshot up to ${-staleness} s old (R = 1).`,
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason: `Stale Read returns a consistent snapshot up to ${-staleness} s in the past from whichever replica is nearest, so recent writes are missing.`,
      setting: 'tidb_read_staleness',
      fix: { title: 'Read current data', key: 'tidb_read_staleness', value: 0 },
    };
    t.staleness = { kind: 'unmodelled', reason: `a Stale Read snapshot is up to ${-staleness} s old by design` };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'tidb_replica_read',
      replicaRead === 'leader'
        ? `tidb_replica_read: leader (the default) — the Region leader serves reads under its Raft lease (modelled as R = ${maj}).`
        : `tidb_replica_read: ${replicaRead} — a follower serves the read after asking the leader for its commit index (ReadIndex) and applying up to it: still strongly consistent (modelled as R = ${maj}).`,
    );
  }
  b.line(
    'pd_members',
    `pd_members: ${pd} — every TiDB transaction takes its timestamps from the PD leader, which needs a majority (${majority(pd)}) of the PD members: without it, reads and writes stop even with every Region healthy.`,
  );
  if (staleness >= 0)
    t.consistency = {
      provided: ['linearizable'],
      reason:
        "writes commit on a Region's Raft majority and reads are served by the leader under its lease (or by a follower after a ReadIndex round), with timestamps from PD: strongly consistent, as long as the leader lease (9 s) stays shorter than the election timeout (10 s) and clocks drift less than that margin.",
      setting: 'tidb_replica_read',
    };
  t.electorate = { voters: n, majority: maj, what: 'Raft peers of each Region' };
  t.coordinators = [{ voters: pd, majority: majority(pd), what: 'PD members', origin: s.countOrigin('pd_members') }];
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const peers = topology.classes.map((c) => c.id);
    // PD is assumed to run in the first region.
    const pdId = `pd@${topology.groups[0]}`;
    topology.classes.push({ id: pdId, group: topology.groups[0], role: 'PD member', size: pd });
    const tso = atLeast(majority(pd), [pdId]);
    const needs = `a Region leader with ${maj} of ${plural(n, 'peer')}, and timestamps from a PD leader (${majority(pd)} of ${pd} PD members)`;
    return {
      topology,
      write: everywhere(topology, allOf(tso, atLeast(maj, peers)), needs),
      read:
        staleness < 0
          ? everywhere(topology, atLeast(1, peers), 'any replica whose resolved timestamp covers the snapshot')
          : everywhere(topology, allOf(tso, atLeast(maj, peers)), needs),
    };
  };
  return b.done();
}

export const tikv: Engine = {
  id: 'tikv',
  displayName: 'TiKV',
  aliases: ['tidb'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'Each Region is a Raft group (3 replicas by default); leader reads and Follower Read (ReadIndex) are strongly consistent, Stale Read serves past snapshots from any replica.',
  sources: [
    { title: 'TiDB: Follower Read', url: DOCS.followerRead },
    { title: 'TiDB: Stale Read', url: DOCS.staleRead },
    { title: 'PD configuration: max-replicas', url: DOCS.maxReplicas },
  ],
  countSetting: { key: 'max-replicas' },
  settings: {
    pd_members: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Placement Driver members: they elect the PD leader that hands out the timestamps every transaction needs.',
      source: DOCS.pd,
    },
    'max-replicas': {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Replicas per Region (PD `replication.max-replicas`).',
      source: DOCS.maxReplicas,
    },
    tidb_replica_read: {
      values: ['leader', 'follower', 'leader-and-follower', 'prefer-leader', 'closest-replicas', 'closest-adaptive', 'learner'],
      valueDocs: {
        leader: 'All reads on the leader (the default).',
        follower: 'Reads on followers, strongly consistent via ReadIndex.',
        'leader-and-follower': 'Reads balanced over all replicas.',
      },
      default: 'leader',
      description: 'Which replicas serve reads (TiDB `tidb_replica_read`).',
      source: DOCS.followerRead,
    },
    tidb_read_staleness: {
      type: 'integer',
      maximum: 0,
      default: 0,
      description: 'Stale Read: read data up to this many seconds old (a negative number; 0 reads current data).',
      source: DOCS.staleRead,
    },
  },
  example: { 'max-replicas': 3 },
  translate: translateTikv,
};
