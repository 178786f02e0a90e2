// Every engine module, in the order the README's engine table lists them.

import type { Engine } from './engine';

export const ENGINES: readonly Engine[] = [
  {
    id: 'cockroachdb',
    displayName: 'CockroachDB',
    family: 'consensus',
    usualCap: 'CP',
    usualPacelc: 'PC/EC',
    summary: 'Each range is a Raft group (3 replicas by default); reads are served by the leaseholder and are serializable and linearizable per key.',
    sources: [{ title: 'CockroachDB: Replication layer', url: 'https://www.cockroachlabs.com/docs/stable/architecture/replication-layer' }],
  },
  {
    id: 'cassandra',
    displayName: 'Apache Cassandra',
    family: 'leaderless',
    usualCap: 'AP',
    usualPacelc: 'PA/EL',
    summary: 'Dynamo-style leaderless replication with tunable consistency levels per request; the default level ONE favours availability and latency.',
    sources: [{ title: 'Cassandra: Dynamo architecture', url: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html' }],
  },
  {
    id: 'etcd',
    displayName: 'etcd',
    family: 'consensus',
    usualCap: 'CP',
    usualPacelc: 'PC/EC',
    summary: 'A Raft-replicated key-value store; reads are linearizable by default, serializable reads may be stale.',
    sources: [{ title: 'etcd API guarantees', url: 'https://etcd.io/docs/latest/learning/api_guarantees/' }],
  },
];
