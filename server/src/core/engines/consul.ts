// HashiCorp Consul: servers replicate the catalog and KV store with Raft. Reads come in three modes: the
// default (the leader answers, trusting its lease), consistent (the leader first checks with a quorum) and
// stale (any server answers from its local state).

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { consensusElectorate, everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // default: "strongly consistent in almost all cases … a small window in which a new leader may be elected
  // during which the old leader may service stale values"; consistent: "requires that a leader verify with a
  // quorum of peers that it is still leader"; stale: "any server … reads can be arbitrarily stale".
  consistency: 'https://developer.hashicorp.com/consul/api-docs/features/consistency',
  // Deployment table: 3 servers tolerate 1 failure, 5 tolerate 2.
  consensus: 'https://developer.hashicorp.com/consul/docs/architecture/consensus',
};

export function translateConsul(ds: Datastore): EngineTranslation {
  const s = new Settings(consul, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  const n = s.int('servers');
  t.replication = 'consensus';
  if (n === undefined) {
    b.line('servers', 'servers is not set: write the number of Consul servers (3 or 5) so CAP Lens knows N.');
    return b.done();
  }
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  t.electorate = consensusElectorate(n, 'Consul servers');
  b.origin('replicas', 'servers');
  b.line('servers', `servers: N = ${n}; a write commits through the Raft log on ${plural(maj, 'server')}.`);
  const mode = s.str('consistency_mode') ?? 'default';
  b.origin('readQuorum', 'consistency_mode');
  if (mode === 'consistent') {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'consistency_mode',
      `consistency_mode: consistent — the leader verifies with a quorum that it is still leader before answering (R = ${maj}): no stale reads, one more round trip.`,
    );
  } else if (mode === 'stale') {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line(
      'consistency_mode',
      'consistency_mode: stale — any server answers from its local state, even without a leader: reads can be arbitrarily stale (usually within 50 ms of the leader).',
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason:
        'in stale mode any server answers from its own copy, which can be arbitrarily far behind and keeps answering when the cluster has no leader.',
      setting: 'consistency_mode',
      fix: { title: 'Use consistent mode', key: 'consistency_mode', value: 'consistent' },
    };
    t.availability = (placement) => {
      const topology = placeReplicas(n, placement, false);
      const all = topology.classes.map((c) => c.id);
      return {
        topology,
        write: everywhere(topology, atLeast(maj, all), `a leader elected by ${maj} of ${plural(n, 'server')}`),
        read: everywhere(topology, atLeast(1, all), 'any one server, even without a leader'),
      };
    };
    t.staleness = {
      kind: 'unmodelled',
      reason: "a server's lag behind the leader: usually within 50 ms, with no upper limit (Consul's docs)",
    };
  } else if (n === 1) {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line(
      'consistency_mode',
      'consistency_mode: default — with a single server it is the leader, and no other leader can be elected while it answers.',
    );
    t.consistency = {
      provided: ['linearizable'],
      reason: 'a single server is the only leader there can be: every read and write goes to it, in one order.',
    };
  } else {
    // The leader answers on its lease: current while it leads; after a new leader is elected, the deposed one
    // can answer from its lease until it steps down. Reads need a leader, so the minority side refuses them.
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line(
      'consistency_mode',
      "consistency_mode: default — the leader answers from its lease without checking with a quorum (R = 1). Consul's docs: strongly consistent in almost all cases, but a leader partitioned from its peers can serve stale values until its lease runs out and it steps down.",
    );
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['linearizable'],
      reason:
        'in the default mode the leader answers from its lease without asking a quorum: while it leads, reads are current, but once a partition gets a new leader elected, the old one keeps serving stale values until its lease times out and it steps down. Across a leader change nothing stronger holds; only the consistent mode is linearizable.',
      setting: 'consistency_mode',
      fix: { title: 'Use consistent mode', key: 'consistency_mode', value: 'consistent' },
    };
    t.availability = (placement) => {
      const topology = placeReplicas(n, placement, false);
      const all = topology.classes.map((c) => c.id);
      const write = everywhere(topology, atLeast(maj, all), `a leader elected by ${maj} of ${plural(n, 'server')}`);
      const read = {
        ...write,
        untilItNotices: 'the old leader keeps answering stale reads from its lease until the lease runs out and it steps down',
      };
      return { topology, write, read };
    };
    t.staleness = {
      kind: 'fresh',
      reason:
        'the leader answers, and it has every committed write while it leads (a leader deposed by a partition can answer stale values until its lease runs out)',
    };
  }
  return b.done();
}

export const consul: Engine = {
  id: 'consul',
  displayName: 'HashiCorp Consul',
  aliases: ['hashicorp-consul'],
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    "Consul servers replicate state with Raft; the minority side refuses writes. Consistent reads check a quorum (linearizable); default reads trust the leader's lease, current while it leads but stale from a deposed leader after a leader change; stale reads come from any server.",
  sources: [
    { title: 'Consul API: consistency modes', url: DOCS.consistency },
    { title: 'Consul: consensus protocol and deployment table', url: DOCS.consensus },
  ],
  countSetting: { key: 'servers' },
  settings: {
    servers: {
      type: 'integer',
      minimum: 1,
      description: 'Consul servers (voters) in the datacenter; 3 or 5.',
      source: DOCS.consensus,
      example: 3,
    },
    consistency_mode: {
      values: ['default', 'consistent', 'stale'],
      valueDocs: {
        default: 'The leader answers on its lease: strong except in a short window after a leader change.',
        consistent: 'The leader verifies with a quorum first: linearizable.',
        stale: 'Any server answers: arbitrarily stale, available without a leader.',
      },
      default: 'default',
      description: 'Read consistency mode (`?consistent`, `?stale` query parameters, or the DNS/agent defaults).',
      source: DOCS.consistency,
    },
  },
  example: { servers: 3, consistency_mode: 'consistent' },
  translate: translateConsul,
};
