// Redis (with Sentinel or Redis Cluster): a master replicates asynchronously to its replicas and acknowledges
// writes before they have them. WAIT makes a client wait for replica acknowledgements, but the Redis docs are
// explicit that it "does not make Redis a strongly consistent store": failover remains best effort.

import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // "Redis uses by default asynchronous replication … WAIT … does not make … strongly consistent".
  replication: 'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/',
  // "Note that WAIT does not make Redis a strongly consistent store … it is still possible to lose a write
  // synchronously replicated to multiple replicas."
  wait: 'https://redis.io/docs/latest/commands/wait/',
  // "Redis Cluster is not able to guarantee strong consistency … the cluster can lose writes that were
  // acknowledged"; a master on the minority side stops accepting writes after node timeout.
  clusterSpec: 'https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/',
  // min-replicas-to-write / min-replicas-max-lag: refuse writes with fewer than N replicas lagging ≤ M s.
  config: 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/',
  // READONLY: a client may read from a replica of a Cluster shard, accepting possibly stale data.
  readonly: 'https://redis.io/docs/latest/commands/readonly/',
  persistence: 'https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/',
};

export function translateRedis(ds: Datastore): EngineTranslation {
  const s = new Settings(redis, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leader';
  const replicas = s.int('replicas_per_master') ?? 0;
  const n = replicas + 1;
  const wait = Math.min(s.int('wait') ?? 0, replicas);
  const minReplicas = s.int('min-replicas-to-write') ?? 0;
  t.replicas = n;
  t.writeQuorum = 1 + wait;
  t.readQuorum = 1;
  b.origin('replicas', 'replicas_per_master').origin('writeQuorum', 'wait');
  b.line('replicas_per_master', `replicas_per_master: ${replicas} → N = ${n} (the master and ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}).`);
  b.line(
    'wait',
    wait === 0
      ? 'No WAIT: the master acknowledges a write before any replica has it; replication is asynchronous (W = 1).'
      : `wait: ${wait} → the client issues WAIT ${wait} after its writes, so it learns that ${wait} ${wait === 1 ? 'replica has' : 'replicas have'} the write (W = ${1 + wait}). The write is applied and visible on the master either way, even when WAIT times out.`,
  );
  if (minReplicas > 0) {
    b.line(['min-replicas-to-write', 'min-replicas-max-lag'], `min-replicas-to-write: ${minReplicas} — the master refuses writes when fewer than ${minReplicas} replicas lag less than ${s.int('min-replicas-max-lag') ?? 10} s: this bounds how long an isolated master keeps accepting writes that will be lost, it does not make replication synchronous.`);
  }
  if (s.bool('read_from_replicas')) {
    t.readFrom = 'followers';
    b.line('read_from_replicas', 'read_from_replicas: true — reads may be served by a replica (READONLY in Redis Cluster), which can lag the master.');
  } else {
    t.readFrom = 'leader';
    b.line('read_from_replicas', 'Reads go to the master, which has every write it acknowledged — until a failover promotes a replica that lacks some of them.');
  }
  const fsync = s.str('appendfsync');
  if (s.bool('appendonly') === false || fsync === 'no') b.line(['appendonly', 'appendfsync'], 'Without an fsync-ed append-only file, a master that restarts comes back without its most recent acknowledged writes.');
  else if (fsync) b.line('appendfsync', `appendfsync: ${fsync} — ${fsync === 'always' ? 'every write is fsync-ed before the reply' : 'up to one second of acknowledged writes can be lost in a crash'}.`);

  t.writeLoss = {
    reason:
      wait === 0
        ? 'replication is asynchronous: the master acknowledges a write before any replica has it, and if the master fails, Sentinel or Redis Cluster promotes a replica without it. A master on the minority side of a partition also keeps accepting writes until it notices (node timeout), and those are discarded when it rejoins.'
        : `WAIT ${wait} only reports how many replicas got the write; failover picks the best replica on a best-effort basis, and the Redis docs state that WAIT "does not make Redis a strongly consistent store": a write synchronously replicated to several replicas can still be lost.`,
    setting: wait === 0 ? 'replicas_per_master' : 'wait',
    breaksCp: true,
  };
  t.guarantee = {
    consistency: ['eventual'],
    reason:
      wait === 0
        ? 'failover can promote a replica that never received acknowledged writes, so a later read no longer sees them; the Redis Cluster specification says it "is not able to guarantee strong consistency".'
        : 'even with WAIT, failover is best effort and can lose acknowledged writes (the Redis docs: WAIT "does not make Redis a strongly consistent store"), so a later read may not see a write that was acknowledged.',
    setting: wait === 0 ? 'replicas_per_master' : 'wait',
  };
  if (wait >= majority(n)) b.line('wait', `W = ${1 + wait} is a majority of ${n}, which the quorum maths alone would call safe; Redis failover does not use that quorum, so CAP Lens still treats writes as losable.`);
  return b.done();
}

function validateRedis(ds: Datastore): Finding[] {
  const s = new Settings(redis, ds);
  const replicas = s.int('replicas_per_master') ?? 0;
  const out: Finding[] = [];
  const wait = s.int('wait') ?? 0;
  if (wait > replicas) out.push(invalidSetting(ds, 'wait', `WAIT ${wait} asks for more replica acknowledgements than the master has replicas (${replicas}): every WAIT runs into its timeout and returns ${replicas}.`));
  const min = s.int('min-replicas-to-write') ?? 0;
  if (min > replicas) out.push(invalidSetting(ds, 'min-replicas-to-write', `min-replicas-to-write ${min} exceeds the ${replicas} replicas: the master refuses every write.`));
  return out;
}

export const redis: Engine = {
  id: 'redis',
  displayName: 'Redis',
  aliases: ['redis-cluster', 'redis-sentinel'],
  family: 'leader',
  usualCap: 'AP',
  usualPacelc: 'PA/EC',
  summary:
    'A master replicates asynchronously to its replicas; Sentinel or Redis Cluster promotes a replica when the master fails, on a best-effort basis. Acknowledged writes can be lost on failover even with WAIT, so Redis is not CP.',
  sources: [
    { title: 'Redis replication', url: DOCS.replication },
    { title: 'Redis WAIT: consistency and WAIT', url: DOCS.wait },
    { title: 'Redis Cluster specification: write safety', url: DOCS.clusterSpec },
  ],
  settings: {
    replicas_per_master: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Replicas of each master (`--cluster-replicas` in Redis Cluster, or the replicas Sentinel watches).',
      source: DOCS.replication,
    },
    wait: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: '`WAIT numreplicas timeout` issued after writes: the client blocks until that many replicas acknowledged them, or the timeout passes.',
      source: DOCS.wait,
    },
    'min-replicas-to-write': {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'The master refuses writes unless at least this many replicas are connected with a lag of at most min-replicas-max-lag seconds.',
      source: DOCS.config,
    },
    'min-replicas-max-lag': {
      type: 'integer',
      minimum: 1,
      default: 10,
      description: 'The lag in seconds under which a replica counts for min-replicas-to-write.',
      source: DOCS.config,
    },
    read_from_replicas: {
      type: 'boolean',
      default: false,
      description: 'Clients read from replicas (READONLY in Redis Cluster, or a replica-reading client in Sentinel setups).',
      source: DOCS.readonly,
    },
    appendonly: {
      type: 'boolean',
      default: false,
      description: 'Append-only file persistence.',
      source: DOCS.persistence,
    },
    appendfsync: {
      values: ['always', 'everysec', 'no'],
      valueDocs: { always: 'fsync after every write.', everysec: 'fsync once a second (default): up to a second of writes lost in a crash.', no: 'Leave flushing to the operating system.' },
      default: 'everysec',
      description: 'How often the append-only file is fsync-ed.',
      source: DOCS.persistence,
    },
  },
  example: { replicas_per_master: 1 },
  translate: translateRedis,
  validate: validateRedis,
};
