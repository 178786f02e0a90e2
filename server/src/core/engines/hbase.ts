// Apache HBase: each region is served by exactly one RegionServer, which writes its WAL and files to HDFS
// (dfs.replication copies, written through a pipeline to every datanode before acknowledging). Reads default
// to STRONG (the one serving RegionServer); with region replicas, TIMELINE reads may be answered by a
// secondary replica that lags.

import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { Settings, TranslationBuilder } from './settings';

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
  t.replicas = copies;
  t.writeQuorum = copies;
  b.origin('replicas', 'dfs.replication');
  b.line('dfs.replication', `dfs.replication: ${copies} → each edit is in the WAL on ${copies} HDFS datanodes before it is acknowledged (N = W = ${copies}); one RegionServer serves each region.`);
  const regionReplicas = s.int('region_replication') ?? 1;
  if (regionReplicas > 1) b.line('region_replication', `region_replication: ${regionReplicas} — ${regionReplicas - 1} secondary ${regionReplicas - 1 === 1 ? 'replica' : 'replicas'} of each region, read-only, refreshed from the primary asynchronously.`);
  if ((s.str('read_consistency') ?? 'STRONG') === 'TIMELINE' && regionReplicas > 1) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'read_consistency');
    b.line('read_consistency', 'read_consistency: TIMELINE — when the primary is slow or down, a secondary region replica answers; its data can be stale (Result.isStale()).');
    t.guarantee = {
      consistency: ['eventual'],
      reason: 'TIMELINE reads may be answered by a secondary region replica, which receives the primary\'s edits asynchronously and can return stale data.',
      setting: 'read_consistency',
      fix: { title: 'Read with STRONG consistency', key: 'read_consistency', value: 'STRONG' },
    };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line('read_consistency', 'read_consistency: STRONG (the default) — the RegionServer hosting the region answers. If it fails, the region is unavailable until the Master reassigns it and its WAL is replayed.');
  }
  return b.done();
}

export const hbase: Engine = {
  id: 'hbase',
  displayName: 'Apache HBase',
  aliases: ['apache-hbase'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary: 'One RegionServer serves each region and persists edits to HDFS (3 copies by default): strongly consistent, and a region is briefly unavailable while it moves after a failure. TIMELINE reads from region replicas trade that for availability.',
  sources: [
    { title: 'Apache HBase Reference Guide: architecture overview', url: DOCS.overview },
    { title: 'Apache HBase Reference Guide: timeline-consistent reads', url: DOCS.timeline },
  ],
  settings: {
    'dfs.replication': { type: 'integer', minimum: 1, default: 3, description: 'HDFS replicas of each block, including the WAL.', source: DOCS.hdfs },
    region_replication: { type: 'integer', minimum: 1, default: 1, description: 'REGION_REPLICATION of the table: the primary plus read-only secondary replicas of each region.', source: DOCS.timeline },
    read_consistency: {
      values: ['STRONG', 'TIMELINE'],
      valueDocs: { STRONG: 'Served by the primary region only (the default).', TIMELINE: 'A secondary region replica may answer, possibly stale.' },
      default: 'STRONG',
      description: 'Consistency of Get and Scan requests (`Consistency.STRONG` or `Consistency.TIMELINE`).',
      source: DOCS.timeline,
    },
  },
  example: { 'dfs.replication': 3 },
  translate: translateHbase,
};
