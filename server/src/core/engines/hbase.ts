// Apache HBase: each region is served by exactly one RegionServer, which writes its WAL and files to HDFS
// (dfs.replication copies, written through a pipeline to every datanode before acknowledging). Reads default
// to STRONG (the one serving RegionServer); with region replicas, TIMELINE reads may be answered by a
// secondary replica that lags.

import { allOf, anyOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // "Strongly consistent reads/writes: HBase is not an 'eventually consistent' DataStore."
  overview: 'https://hbase.apache.org/book.html#arch.overview',
  // Timeline-consistent high available reads: region replicas, Consistency.TIMELINE, Result.isStale().
  timeline: 'https://hbase.apache.org/book.html#arch.timelineconsistent.reads',
  // dfs.replication (default 3): HDFS block replicas, written through a replication pipeline.
  hdfs: 'https://hadoop.apache.org/docs/stable/hadoop-project-dist/hadoop-hdfs/HdfsDesign.html#Data_Replication',
};

export function translateHbase(ds: Datastore): EngineTranslation {
  const s = new Settings(hbase, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leader';
  const copies = s.int('dfs.replication') ?? 3;
  const servers = s.int('region_servers') ?? 3;
  const zk = s.int('zookeeper_servers') ?? 3;
  const regionReplicas = Math.min(s.int('region_replication') ?? 1, servers);
  // N counts the RegionServers that can host a region: the one serving it and those it can be reassigned to.
  t.replicas = servers;
  t.writeQuorum = 1;
  b.origin('replicas', 'region_servers');
  b.line(
    'region_servers',
    `region_servers: ${servers} — one RegionServer serves each region; if it fails, the HMaster reassigns the region to another after ZooKeeper expires its session (about 20–30 s in practice), then replays its WAL.`,
  );
  b.line(
    'dfs.replication',
    `dfs.replication: ${copies} — each edit is in the WAL on ${copies} HDFS datanodes before it is acknowledged, in their memory (hflush; hbase.wal.hsync is false by default), so a RegionServer crash loses nothing.`,
  );
  // The ensemble decides RegionServer liveness and every reassignment: HBase's electorate.
  t.electorate = { voters: zk, majority: majority(zk), what: 'ZooKeeper servers', origin: s.countOrigin('zookeeper_servers') };
  b.line(
    'zookeeper_servers',
    `zookeeper_servers: ${zk} — RegionServer liveness and the active HMaster live in ZooKeeper; reassigning a region needs a ZooKeeper quorum (${majority(zk)}).`,
  );
  if (regionReplicas > 1)
    b.line(
      'region_replication',
      `region_replication: ${regionReplicas} — ${regionReplicas - 1} secondary ${regionReplicas - 1 === 1 ? 'replica' : 'replicas'} of each region, read-only; by default they see only flushed data (hbase.region.replica.replication.enabled is false).`,
    );
  const timeline = (s.str('read_consistency') ?? 'STRONG') === 'TIMELINE' && regionReplicas > 1;
  if (timeline) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'read_consistency');
    b.line(
      'read_consistency',
      'read_consistency: TIMELINE — when the primary is slow or down, a secondary region replica answers; its data can be stale and successive reads can go back in time (Result.isStale()).',
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason:
        'TIMELINE reads may be answered by a secondary region replica, which receives the primary\'s edits asynchronously (by default only once they are flushed) and can return stale data; "the client can still observe edits out-of-order, and can go back in time".',
      setting: 'read_consistency',
      fix: { title: 'Read with STRONG consistency', key: 'read_consistency', value: 'STRONG' },
    };
    t.staleness = {
      kind: 'unmodelled',
      reason:
        'a secondary region replica lags the primary by its flush and refresh interval (or by asynchronous WAL replication when enabled): no fixed figure',
    };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line(
      'read_consistency',
      'read_consistency: STRONG (the default) — the RegionServer hosting the region answers. If it fails, the region is unavailable until the HMaster reassigns it and its WAL is replayed.',
    );
    t.consistency = {
      provided: ['linearizable'],
      reason:
        'one RegionServer serves each row and every read and write goes through it; a failed server is replaced only after ZooKeeper expires its session, so two never serve a region at once: "Strongly consistent reads/writes".',
      setting: 'read_consistency',
    };
  }
  t.availability = (placement) => {
    const topology = placeReplicas(servers, placement, servers > 1, 'serving');
    const serving = topology.classes.filter((c) => c.role === 'serving').map((c) => c.id);
    const all = topology.classes.map((c) => c.id);
    const zkId = `zookeeper@${topology.groups[0]}`;
    topology.classes.push({ id: zkId, group: topology.groups[0], role: 'zookeeper', size: zk });
    // The serving RegionServer keeps its region while it holds its ZooKeeper session; another server takes over
    // only through ZooKeeper (a quorum) and the HMaster.
    const region =
      servers > 1
        ? allOf(atLeast(majority(zk), [zkId]), anyOf(atLeast(1, serving), atLeast(1, all)))
        : allOf(atLeast(majority(zk), [zkId]), atLeast(1, all));
    const needs = `a RegionServer holding the region, with its ZooKeeper session alive (${majority(zk)} of ${zk} ZooKeeper servers)`;
    return {
      topology,
      write: everywhere(topology, region, needs),
      read: timeline
        ? everywhere(topology, atLeast(1, all), 'any RegionServer with a replica of the region')
        : everywhere(topology, region, needs),
    };
  };
  return b.done();
}

export const hbase: Engine = {
  id: 'hbase',
  displayName: 'Apache HBase',
  aliases: ['apache-hbase'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'One RegionServer serves each region and persists edits to HDFS (3 copies by default): strongly consistent, and a region is unavailable while ZooKeeper detects a failed server and the HMaster moves the region. TIMELINE reads from region replicas trade that for availability.',
  sources: [
    { title: 'Apache HBase Reference Guide: architecture overview', url: DOCS.overview },
    { title: 'Apache HBase Reference Guide: timeline-consistent reads', url: DOCS.timeline },
  ],
  countSetting: { key: 'region_servers' },
  settings: {
    region_servers: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: "RegionServers that can host the table's regions: one serves each region, the others take over when it fails.",
      source: DOCS.overview,
    },
    zookeeper_servers: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'The ZooKeeper ensemble that tracks RegionServer liveness and the active HMaster.',
      source: DOCS.timeline,
    },
    'dfs.replication': {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'HDFS replicas of each block, including the WAL.',
      source: DOCS.hdfs,
    },
    region_replication: {
      type: 'integer',
      minimum: 1,
      default: 1,
      description: 'REGION_REPLICATION of the table: the primary plus read-only secondary replicas of each region.',
      source: DOCS.timeline,
    },
    read_consistency: {
      values: ['STRONG', 'TIMELINE'],
      valueDocs: {
        STRONG: 'Served by the primary region only (the default).',
        TIMELINE: 'A secondary region replica may answer, possibly stale.',
      },
      default: 'STRONG',
      description: 'Consistency of Get and Scan requests (`Consistency.STRONG` or `Consistency.TIMELINE`).',
      source: DOCS.timeline,
    },
  },
  example: { region_servers: 3, 'dfs.replication': 3 },
  translate: translateHbase,
};
