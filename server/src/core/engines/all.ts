// Every engine module, in the order the README's engine table lists them: leaderless stores, multi-region
// services, leader-based stores, then consensus stores.

import { cassandra } from './cassandra';
import { cockroachdb } from './cockroachdb';
import { consul } from './consul';
import { cosmosdb } from './cosmosdb';
import { couchdb } from './couchdb';
import { dynamodb } from './dynamodb';
import type { Engine } from './engine';
import { etcd } from './etcd';
import { hbase } from './hbase';
import { kafka } from './kafka';
import { mongodb } from './mongodb';
import { mysql } from './mysql';
import { postgresql } from './postgresql';
import { redis } from './redis';
import { riak } from './riak';
import { spanner } from './spanner';
import { tikv } from './tikv';
import { zookeeper } from './zookeeper';

export const ENGINES: readonly Engine[] = [
  cassandra,
  riak,
  couchdb,
  dynamodb,
  cosmosdb,
  mongodb,
  redis,
  postgresql,
  mysql,
  kafka,
  hbase,
  etcd,
  consul,
  zookeeper,
  cockroachdb,
  spanner,
  tikv,
];
