// Redis (with Sentinel or Redis Cluster): a master replicates asynchronously to its replicas and acknowledges
// writes before they have them. WAIT makes a client wait for replica acknowledgements, but the Redis docs are
// explicit that it "does not make Redis a strongly consistent store": failover remains best effort.

import { allOf, anyOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { inertSetting, invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

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
  // Sentinel: "the quorum is only used to detect the failure … majority of the Sentinel processes"; "Clients will
  // be still able to write to Redis 3, the old master … all the data written during the partition will be lost";
  // SENTINEL FAILOVER: "without asking for agreement to other Sentinels".
  sentinel: 'https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/',
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
  const mode = (s.str('mode') ?? 'sentinel') as 'sentinel' | 'cluster';
  const replicas = s.int('replicas_per_master') ?? 0;
  const n = replicas + 1;
  const wait = Math.min(s.int('wait') ?? 0, replicas);
  const minReplicas = s.int('min-replicas-to-write') ?? 0;
  const maxLag = s.int('min-replicas-max-lag') ?? 10;
  const sentinels = s.int('sentinels') ?? 3;
  const masters = s.int('masters') ?? 3;
  const nodeTimeout = s.int('cluster-node-timeout') ?? 15000;
  t.replicas = n;
  t.writeQuorum = 1 + wait;
  t.readQuorum = 1;
  b.origin('replicas', 'replicas_per_master').origin('writeQuorum', 'wait');
  b.line(
    'replicas_per_master',
    `replicas_per_master: ${replicas} → N = ${n} (the master and ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}).`,
  );
  b.line(
    ['mode', 'sentinels', 'masters'],
    mode === 'sentinel'
      ? `mode: sentinel — ${plural(sentinels, 'Sentinel')} ${sentinels === 1 ? 'watches' : 'watch'} the master; a failover needs a majority of them (${majority(sentinels)}) to authorize it, so there is no failover on a side without that majority.`
      : `mode: cluster — ${plural(masters, 'master')} (one per slot range, each with its replicas); failure detection and replica promotion need a majority of the masters (${majority(masters)}).`,
  );
  b.line(
    'wait',
    wait === 0
      ? 'No WAIT: the master acknowledges a write before any replica has it; replication is asynchronous (W = 1).'
      : `wait: ${wait} → the client issues WAIT ${wait} after its writes, so it learns that ${wait} ${wait === 1 ? 'replica has' : 'replicas have'} the write (W = ${1 + wait}). The write is applied and visible on the master either way, even when WAIT times out.`,
  );
  const isolated =
    mode === 'cluster'
      ? `a master cut off from the majority of masters keeps accepting writes until cluster-node-timeout (${nodeTimeout} ms) has passed, then refuses them; the writes it took meanwhile are lost when a replica is promoted on the other side`
      : minReplicas > 0
        ? `a master cut off from its replicas keeps accepting writes for up to min-replicas-max-lag (${maxLag} s), then refuses them; the writes it took meanwhile are lost when it rejoins as a replica`
        : 'a master cut off from the Sentinel majority keeps accepting writes for the whole partition (nothing on its side demotes it), and all of them are lost when it rejoins as a replica of the new master';
  if (minReplicas > 0) {
    b.line(
      ['min-replicas-to-write', 'min-replicas-max-lag'],
      `min-replicas-to-write: ${minReplicas} — the master refuses writes when fewer than ${plural(minReplicas, 'replica')} lag less than ${maxLag} s: this bounds how long an isolated master keeps accepting writes that will be lost, it does not make replication synchronous.`,
    );
  }
  if (n > 1) b.line(mode === 'cluster' ? 'cluster-node-timeout' : 'min-replicas-to-write', `On a partition, ${isolated}.`);
  else
    b.line(
      'replicas_per_master',
      'With no replica there is nothing to fail over to: losing the master stops reads and writes until it is back.',
    );
  const replicaReads = s.bool('read_from_replicas') ?? false;
  if (replicaReads) {
    t.readFrom = 'followers';
    b.line(
      'read_from_replicas',
      'read_from_replicas: true — reads may be served by a replica (READONLY in Redis Cluster), which lags the master asynchronously.',
    );
  } else {
    t.readFrom = 'leader';
    b.line(
      'read_from_replicas',
      n > 1
        ? 'Reads go to the master, which has every write it acknowledged — until a failover promotes a replica that lacks some of them.'
        : 'Reads go to the master.',
    );
  }
  const fsync = s.str('appendfsync');
  if (s.bool('appendonly') === false || fsync === 'no')
    b.line(
      ['appendonly', 'appendfsync'],
      'Without an fsync-ed append-only file, a master that restarts comes back without its most recent acknowledged writes.',
    );
  else if (fsync)
    b.line(
      'appendfsync',
      `appendfsync: ${fsync} — ${fsync === 'always' ? 'every write is fsync-ed before the reply' : 'up to one second of acknowledged writes can be lost in a crash'}.`,
    );

  const failover =
    mode === 'sentinel'
      ? 'Sentinel promotes a replica that may lack them (a manual SENTINEL FAILOVER, which asks no other Sentinel and does not pause the master, loses writes the same way)'
      : 'Redis Cluster promotes a replica that may lack them';
  const durable = s.bool('appendonly') === true && fsync === 'always';
  if (n === 1) {
    // No replica: no failover and no second master; only the master's own persistence can lose writes.
    const crashLoss =
      s.bool('appendonly') === true
        ? `with appendfsync ${fsync ?? 'everysec'} a crash loses up to ${fsync === 'no' ? 'what the operating system had not flushed' : 'one second'} of acknowledged writes`
        : 'without the append-only file (appendonly no, the default) a crash loses every write since the last RDB snapshot';
    t.writeLoss = durable
      ? undefined
      : {
          reason: `with no replica there is no failover, but the master acknowledges from memory: ${crashLoss}.`,
          setting: 'appendonly',
          breaksCp: true,
          fix: { title: 'appendonly yes, appendfsync always', key: 'appendonly', value: true, also: { appendfsync: 'always' } },
        };
    t.consistency = durable
      ? {
          provided: ['linearizable'],
          reason:
            'a single master with every write fsync-ed before the reply: every read and write goes to the one copy, in one order.',
        }
      : {
          provided: ['eventual'],
          whileHealthy: ['linearizable'],
          reason: `a single master answers every read and write in one order, but ${crashLoss}, so a read after the restart can miss an acknowledged write.`,
          setting: 'appendonly',
        };
  } else {
    t.writeLoss = {
      reason:
        wait === 0
          ? `replication is asynchronous: the master acknowledges a write before any replica has it, and if the master fails, ${failover}. On a partition, ${isolated}.`
          : `WAIT ${wait} only reports how many replicas got the write; failover picks the best replica on a best-effort basis, and the Redis docs state that WAIT "does not make Redis a strongly consistent store": a write synchronously replicated to several replicas can still be lost. On a partition, ${isolated}.`,
      // No setting makes Redis wait for replicas before acknowledging; WAIT only reports.
      setting: 'wait',
      breaksCp: true,
    };
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: replicaReads ? ['eventual'] : ['linearizable'],
      reason:
        wait === 0
          ? `failover can promote a replica that never received acknowledged writes, and ${isolated}: a later read no longer sees them. The Redis Cluster specification says it "is not able to guarantee strong consistency".`
          : 'even with WAIT, failover is best effort and can lose acknowledged writes (the Redis docs: WAIT "does not make Redis a strongly consistent store"), so a later read may not see a write that was acknowledged.',
      setting: 'wait',
    };
  }
  if (wait >= majority(n))
    b.line(
      'wait',
      `W = ${1 + wait} is a majority of ${n}, which the quorum maths alone would call safe; Redis failover does not use that quorum, so CAP Lens still treats writes as losable.`,
    );
  // Sentinels only decide failover: without a majority of them the master keeps serving, and is not replaced.
  t.electorate =
    mode === 'sentinel'
      ? {
          voters: sentinels,
          majority: majority(sentinels),
          what: 'Sentinels',
          origin: s.countOrigin('sentinels'),
          stops: 'failover',
        }
      : { voters: masters, majority: majority(masters), what: 'cluster masters', origin: s.countOrigin('masters') };
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, n > 1, 'master');
    const master = topology.classes.filter((c) => c.role === 'master').map((c) => c.id);
    const others = topology.classes.filter((c) => c.role !== 'master').map((c) => c.id);
    const home = topology.groups[0];
    const electors = mode === 'sentinel' ? sentinels : masters - 1;
    // Sentinels are assumed to run beside the master (the first region); the other masters of a cluster too.
    const electorIds = electors > 0 ? [`${mode === 'sentinel' ? 'sentinel' : 'other-master'}@${home}`] : [];
    if (electors > 0)
      topology.classes.push({
        id: electorIds[0],
        group: home,
        role: mode === 'sentinel' ? 'sentinel' : 'master of another shard',
        size: electors,
      });
    const all = [...master, ...others];
    const keepsMaster =
      mode === 'cluster'
        ? allOf(atLeast(1, master), atLeast(majority(masters), [...master, ...electorIds]))
        : allOf(atLeast(1, master), atLeast(minReplicas, others));
    const promoted =
      mode === 'cluster'
        ? allOf(atLeast(1, others), atLeast(majority(masters), electorIds))
        : allOf(atLeast(majority(sentinels), electorIds), atLeast(1 + minReplicas, others));
    const writer = n > 1 ? anyOf(keepsMaster, promoted) : atLeast(1, all);
    const needs =
      n === 1
        ? 'the master'
        : mode === 'cluster'
          ? `the master, on the side with a majority of the ${plural(masters, 'master')} (or a replica they promote)`
          : `the master${minReplicas ? ` with ${plural(minReplicas, 'replica')} connected` : ''}, or a replica promoted by ${majority(sentinels)} of ${plural(sentinels, 'Sentinel')}`;
    return {
      topology,
      write: everywhere(topology, writer, needs),
      read: replicaReads ? everywhere(topology, atLeast(1, all), 'any one replica') : everywhere(topology, writer, needs),
    };
  };
  t.staleness = replicaReads
    ? {
        kind: 'unmodelled',
        reason:
          "a replica's asynchronous replication lag, usually sub-millisecond inside a datacenter and unbounded while its link is down",
      }
    : { kind: 'fresh', reason: 'reads go to the master, which has every write it acknowledged while it leads' };
  return b.done();
}

function validateRedis(ds: Datastore): EngineProblem[] {
  const s = new Settings(redis, ds);
  const replicas = s.int('replicas_per_master') ?? 0;
  const out: EngineProblem[] = [];
  const wait = s.int('wait') ?? 0;
  if (wait > replicas)
    out.push(
      invalidSetting(
        'wait',
        `WAIT ${wait} asks for more replica acknowledgements than the master has replicas (${replicas}): every WAIT runs into its timeout and returns ${replicas}.`,
      ),
    );
  const min = s.int('min-replicas-to-write') ?? 0;
  if (min > replicas)
    out.push(
      invalidSetting(
        'min-replicas-to-write',
        `min-replicas-to-write ${min} exceeds the ${plural(replicas, 'replica')}: the master refuses every write.`,
      ),
    );
  const mode = s.str('mode') ?? 'sentinel';
  for (const key of mode === 'sentinel' ? ['masters', 'cluster-node-timeout'] : ['sentinels']) {
    if (s.has(key))
      out.push(
        inertSetting(key, `${key} only applies with mode: ${mode === 'sentinel' ? 'cluster' : 'sentinel'}; mode is ${mode}.`),
      );
  }
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
    'A master replicates asynchronously to its replicas; Sentinel (a majority of Sentinels) or Redis Cluster (a majority of masters) promotes a replica when the master fails. Under Sentinel an isolated master keeps accepting writes for the whole partition; under Cluster it stops after cluster-node-timeout. Acknowledged writes can be lost on failover even with WAIT, so Redis is not CP.',
  sources: [
    { title: 'Redis replication', url: DOCS.replication },
    { title: 'Redis Sentinel: consistency under partitions', url: DOCS.sentinel },
    { title: 'Redis WAIT: consistency and WAIT', url: DOCS.wait },
    { title: 'Redis Cluster specification: write safety', url: DOCS.clusterSpec },
  ],
  countSetting: { key: 'replicas_per_master', offset: 1 },
  settings: {
    mode: {
      values: ['sentinel', 'cluster'],
      valueDocs: {
        sentinel: 'Redis Sentinel: Sentinels watch one master and promote a replica; an isolated master keeps accepting writes.',
        cluster:
          'Redis Cluster: masters own slot ranges; a master cut off from the majority of masters refuses writes after cluster-node-timeout.',
      },
      default: 'sentinel',
      description: 'How failover is run: by Redis Sentinel, or by Redis Cluster itself.',
      source: DOCS.sentinel,
    },
    sentinels: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description:
        'Sentinel processes watching the master; a failover needs a majority of them (the `quorum` setting only detects the failure).',
      source: DOCS.sentinel,
    },
    masters: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'Masters of the Redis Cluster (one per slot range); promoting a replica needs a majority of them.',
      source: DOCS.clusterSpec,
    },
    'cluster-node-timeout': {
      type: 'integer',
      minimum: 1,
      default: 15000,
      description:
        'Milliseconds after which a master cut off from the majority of masters stops accepting writes (and after which a failed master is replaced).',
      source: DOCS.clusterSpec,
    },
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
      description:
        '`WAIT numreplicas timeout` issued after writes: the client blocks until that many replicas acknowledged them, or the timeout passes.',
      source: DOCS.wait,
    },
    'min-replicas-to-write': {
      type: 'integer',
      minimum: 0,
      default: 0,
      description:
        'The master refuses writes unless at least this many replicas are connected with a lag of at most min-replicas-max-lag seconds.',
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
      valueDocs: {
        always: 'fsync after every write.',
        everysec: 'fsync once a second (default): up to a second of writes lost in a crash.',
        no: 'Leave flushing to the operating system.',
      },
      default: 'everysec',
      description: 'How often the append-only file is fsync-ed.',
      source: DOCS.persistence,
    },
  },
  example: { replicas_per_master: 1 },
  translate: translateRedis,
  validate: validateRedis,
};
