// Apache Cassandra: leaderless replication with a replication factor per datacenter and a consistency level
// per request. Quorum sizes follow Cassandra's own ConsistencyLevel.blockFor; whether a read meets a write is
// worked out per datacenter, because LOCAL_QUORUM quorums only overlap inside one datacenter.

import type { Datastore } from '../model/design';
import { ALWAYS, allOf, atLeast, type Condition } from '../semantics/availability';
import { missProbability } from '../semantics/quorum';
import type { Engine, EngineProblem, EngineTranslation, RegionQuorum, SettingChange } from './engine';
import { CLUSTER_GROUP, placeReplicas } from './generic';
import type { AccessPath, StalenessModel, Topology } from './store-model';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // The consistency levels, "W + R > RF", and "LOCAL_QUORUM: reads are guaranteed to see the latest write from
  // within the same datacenter"; also "Cassandra does support single partition compare and swap".
  dynamo: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html',
  // blockFor: QUORUM = allReplicas/2 + 1, LOCAL_QUORUM = RF(local dc)/2 + 1, EACH_QUORUM = Σ local quorums,
  // SERIAL = quorum, LOCAL_SERIAL = local quorum; validateForRead rejects ANY, validateForWrite rejects
  // SERIAL/LOCAL_SERIAL ("You must use conditional updates for serializable writes").
  levels: 'https://github.com/apache/cassandra/blob/trunk/src/java/org/apache/cassandra/db/ConsistencyLevel.java',
  // CREATE KEYSPACE … WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, …}
  keyspace: 'https://cassandra.apache.org/doc/latest/cassandra/developing/cql/ddl.html',
  // "New hints will be retained for up to max_hint_window_in_ms of downtime (defaults to 3 h)"; anti-entropy
  // repair is run by operators (nodetool repair), not by the database on its own.
  hints: 'https://cassandra.apache.org/doc/latest/cassandra/managing/operating/hints.html',
  // HintsService.startDispatch: "every 10 seconds vs. every 10 minutes, previously".
  hintsDispatch: 'https://github.com/apache/cassandra/blob/trunk/src/java/org/apache/cassandra/hints/HintsService.java',
};

/** Hinted handoff: hints replayed every 10 s to live replicas, kept for 3 h of downtime. No automatic anti-entropy. */
export const CASSANDRA_TIMERS = {
  hintedHandoff: {
    every: { ms: 10_000, setting: 'HintsDispatchTrigger period', source: DOCS.hintsDispatch },
    window: { ms: 3 * 3_600_000, setting: 'max_hint_window', source: DOCS.hints },
  },
};

const LEVELS = [
  'ANY',
  'ONE',
  'TWO',
  'THREE',
  'QUORUM',
  'ALL',
  'LOCAL_ONE',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'SERIAL',
  'LOCAL_SERIAL',
] as const;
type Level = (typeof LEVELS)[number];

const LEVEL_DOCS: Record<Level, string> = {
  ANY: 'Writes only: acknowledged once any node, or a hint stored by the coordinator, has it. Not readable until a replica receives it.',
  ONE: 'One replica, in any datacenter.',
  TWO: 'Two replicas, in any datacenters.',
  THREE: 'Three replicas, in any datacenters.',
  QUORUM: 'A majority of all replicas across datacenters: floor(ΣRF/2)+1.',
  ALL: 'Every replica in every datacenter; one replica down fails the request.',
  LOCAL_ONE: "One replica in the coordinator's datacenter.",
  LOCAL_QUORUM:
    "A majority of the replicas in the coordinator's datacenter: floor(RF_local/2)+1. Overlaps only with quorums in the same datacenter.",
  EACH_QUORUM: 'A majority of the replicas in every datacenter (Σ floor(RF_dc/2)+1).',
  SERIAL: 'Reads: a Paxos round over a majority of all replicas, seeing every committed lightweight transaction (linearizable).',
  LOCAL_SERIAL: "Reads: a Paxos round over a majority of the coordinator's datacenter only.",
};

interface Dc {
  name: string;
  rf: number;
}

/** What a consistency level demands, with the local datacenter resolved. */
interface Demand {
  /** Replicas the request waits for, in total. */
  total: number;
  /** Minimum replicas per datacenter. */
  perDc: Record<string, number>;
}

function demand(level: Level, dcs: readonly Dc[], local: Dc): Demand {
  const n = dcs.reduce((t, d) => t + d.rf, 0);
  switch (level) {
    case 'ANY':
    case 'ONE':
      return { total: 1, perDc: {} };
    case 'TWO':
      return { total: 2, perDc: {} };
    case 'THREE':
      return { total: 3, perDc: {} };
    case 'QUORUM':
    case 'SERIAL':
      return { total: majority(n), perDc: {} };
    case 'ALL':
      return { total: n, perDc: Object.fromEntries(dcs.map((d) => [d.name, d.rf])) };
    case 'LOCAL_ONE':
      return { total: 1, perDc: { [local.name]: 1 } };
    case 'LOCAL_QUORUM':
    case 'LOCAL_SERIAL':
      return { total: majority(local.rf), perDc: { [local.name]: majority(local.rf) } };
    case 'EACH_QUORUM': {
      const perDc = Object.fromEntries(dcs.map((d) => [d.name, majority(d.rf)]));
      return { total: Object.values(perDc).reduce((a, b) => a + b, 0), perDc };
    }
  }
}

const isLocal = (l: Level) => l === 'LOCAL_ONE' || l === 'LOCAL_QUORUM' || l === 'LOCAL_SERIAL';

/**
 * Can a read and a write at these levels land on disjoint replicas? They can iff every datacenter fits both
 * per-datacenter demands and the totals fit in N. Without a fixed local datacenter, clients may coordinate
 * from any datacenter, so every choice of local datacenter is tried.
 */
function canMiss(read: Level, write: Level, dcs: readonly Dc[], fixedLocal: Dc | undefined): { dr: Dc; dw: Dc } | undefined {
  const n = dcs.reduce((t, d) => t + d.rf, 0);
  const readLocals = fixedLocal || !isLocal(read) ? [fixedLocal ?? dcs[0]] : dcs;
  const writeLocals = fixedLocal || !isLocal(write) ? [fixedLocal ?? dcs[0]] : dcs;
  for (const dr of readLocals) {
    for (const dw of writeLocals) {
      const r = demand(read, dcs, dr);
      const w = demand(write, dcs, dw);
      const fits = dcs.every((d) => (r.perDc[d.name] ?? 0) + (w.perDc[d.name] ?? 0) <= d.rf);
      if (fits && r.total + w.total <= n) return { dr, dw };
    }
  }
  return undefined;
}

function levelOf(s: Settings, key: 'read_consistency' | 'write_consistency'): { level: Level; key: string } {
  const own = s.has(key) ? (s.str(key) as Level) : undefined;
  if (own) return { level: own, key };
  return { level: (s.str('consistency') as Level) ?? 'ONE', key: 'consistency' };
}

function datacenters(s: Settings): Dc[] | undefined {
  const raw = s.raw('replication_factor');
  if (typeof raw === 'number') return [{ name: CLUSTER_GROUP, rf: raw }];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const dcs = Object.entries(raw as Record<string, number>).map(([name, rf]) => ({ name, rf }));
    return dcs.length ? dcs : undefined;
  }
  return undefined;
}

function describeDemand(level: Level, dcs: readonly Dc[], local: Dc, n: number): string {
  const d = demand(level, dcs, local);
  switch (level) {
    case 'QUORUM':
      return `${d.total}: a majority of all ${plural(n, 'replica')}, floor(${n}/2)+1, from any datacenters`;
    case 'SERIAL':
      return `${d.total}: a Paxos round over a majority of all ${plural(n, 'replica')}`;
    case 'LOCAL_QUORUM':
      return `${d.total}: a majority of the ${plural(local.rf, 'replica')} in the coordinator's datacenter${dcs.length > 1 ? ` (${local.name})` : ''}, floor(${local.rf}/2)+1`;
    case 'LOCAL_SERIAL':
      return `${d.total}: a Paxos round over a majority of the ${plural(local.rf, 'replica')} in the coordinator's datacenter`;
    case 'EACH_QUORUM':
      return `${d.total}: a majority in each datacenter (${dcs.map((x) => `${majority(x.rf)} of ${x.rf} in ${x.name}`).join(', ')})`;
    case 'ALL':
      return `${d.total}: every replica`;
    case 'LOCAL_ONE':
      return `1 replica in the coordinator's datacenter`;
    case 'ANY':
      return `1, but a stored hint counts: no replica need hold the write yet`;
    default:
      return `${d.total} ${d.total === 1 ? 'replica' : 'replicas'} in any datacenter`;
  }
}

export function translateCassandra(ds: Datastore): EngineTranslation {
  const s = new Settings(cassandra, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.timers = CASSANDRA_TIMERS;
  t.replication = 'leaderless';
  const allDcs = datacenters(s);
  const read = levelOf(s, 'read_consistency');
  const write = levelOf(s, 'write_consistency');
  const lwt = s.bool('lightweight_transactions') ?? false;
  if (!allDcs) {
    b.line('replication_factor', 'replication_factor is not set: write it (e.g. {dc1: 3, dc2: 3}) so CAP Lens knows N.');
    return b.done();
  }
  const total = allDcs.reduce((sum, d) => sum + d.rf, 0);
  const named = s.str('local_dc');
  const namedDc = named ? allDcs.find((d) => d.name === named) : undefined;
  b.origin('replicas', 'replication_factor');
  b.line(
    'replication_factor',
    allDcs.length > 1
      ? `replication_factor: ${plural(total, 'replica')} (${allDcs.map((d) => `${d.rf} in ${d.name}`).join(', ')}; NetworkTopologyStrategy).`
      : `replication_factor: N = ${plural(total, 'replica')}.`,
  );
  // With every client homed to one datacenter and only LOCAL_* levels, the other datacenters take no part in
  // any quorum: they receive writes in the background. The quorum maths then runs over that datacenter alone.
  const localOnly = !!namedDc && allDcs.length > 1 && isLocal(read.level) && isLocal(write.level);
  const dcs = localOnly ? [namedDc] : allDcs;
  if (localOnly)
    b.line(
      ['local_dc', 'replication_factor'],
      `Every request is coordinated in ${named} at a LOCAL_* level, so quorums count only ${named}'s ${plural(namedDc.rf, 'replica')} (N = ${namedDc.rf}); the other datacenters are written in the background.`,
    );
  const n = dcs.reduce((sum, d) => sum + d.rf, 0);
  const fixedLocal = namedDc ?? (dcs.length === 1 ? dcs[0] : undefined);
  const shownLocal = fixedLocal ?? dcs[0];
  t.replicas = n;

  const readDemand = demand(read.level, dcs, shownLocal);
  const writeDemand = demand(write.level, dcs, shownLocal);
  let r = readDemand.total;
  const w = Math.min(n, writeDemand.total);
  b.line(
    read.key,
    `${read.key === 'consistency' ? 'consistency (reads)' : 'read_consistency'}: ${read.level} → R = ${describeDemand(read.level, dcs, shownLocal, n)}.`,
  );
  b.line(
    write.key,
    `${write.key === 'consistency' ? 'consistency (writes)' : 'write_consistency'}: ${write.level} → W = ${describeDemand(write.level, dcs, shownLocal, n)}.`,
  );
  b.origin('readQuorum', read.key).origin('writeQuorum', write.key);
  if (dcs.length > 1 && !fixedLocal && (isLocal(read.level) || isLocal(write.level))) {
    b.line(
      'local_dc',
      `local_dc is not set, so clients may coordinate from any datacenter; a LOCAL_* level then means a different datacenter for different clients.`,
    );
  } else if (named && fixedLocal) {
    b.line(
      'local_dc',
      `local_dc: ${named} — every client's driver coordinates in ${named}, so LOCAL_* levels count ${named}'s ${plural(fixedLocal.rf, 'replica')}.`,
    );
  }

  const serialReads = read.level === 'SERIAL' || read.level === 'LOCAL_SERIAL';
  const paxosGlobal = lwt && serialReads && (read.level === 'SERIAL' || dcs.length === 1 || !!fixedLocal);
  if (lwt) {
    const serial = s.str('serial_consistency') ?? 'SERIAL';
    b.line(
      ['lightweight_transactions', 'serial_consistency'],
      `lightweight_transactions: writes use IF conditions, run as Paxos at serial_consistency ${serial} (a majority of ${serial === 'SERIAL' ? `all ${plural(n, 'replica')}` : "the local datacenter's replicas"}) before committing at ${write.level}.`,
    );
  }

  const miss = canMiss(read.level, write.level, dcs, fixedLocal);
  t.regions = allDcs.map<RegionQuorum>((d) => ({
    region: d.name,
    replicas: d.rf,
    readQuorum: demand(read.level, allDcs, d).perDc[d.name],
    writeQuorum: demand(write.level, allDcs, d).perDc[d.name],
  }));

  t.availability = (placement) =>
    cassandraAvailability(
      allDcs,
      namedDc,
      read.level,
      write.level,
      lwt ? ((s.str('serial_consistency') ?? 'SERIAL') as Level) : undefined,
      placement,
    );

  if (paxosGlobal) {
    t.replication = 'consensus';
    t.readQuorum = majority(read.level === 'SERIAL' ? n : (fixedLocal ?? dcs[0]).rf);
    t.writeQuorum = Math.max(w, majority(n));
    if (read.level === 'LOCAL_SERIAL' && fixedLocal && dcs.length > 1) {
      // Paxos within one datacenter: modelled over that datacenter's replicas only.
      t.replicas = fixedLocal.rf;
      t.readQuorum = t.writeQuorum = majority(fixedLocal.rf);
    }
    t.readFrom = 'leader';
    t.consistency = {
      provided: ['linearizable'],
      reason: `reads at ${read.level} and conditional writes both run a Paxos round over a majority of the replicas, so every partition's operations take effect in one real-time order (lightweight transactions).`,
      setting: read.key,
    };
    b.line(
      [read.key, 'lightweight_transactions'],
      `Paxos for both reads and writes: modelled as consensus over ${plural(t.replicas, 'replica')} with majority quorums.`,
    );
    return b.done();
  }

  // A write at ANY may be held by no replica at all (only a hint on the coordinator): no read level is sure to see it.
  const anyWrite = write.level === 'ANY';
  if (!miss && !anyWrite && r + w <= n) {
    // Per-datacenter quorums overlap where the totals alone would not (e.g. LOCAL_QUORUM reads against
    // EACH_QUORUM writes): report the smallest R the N/R/W maths needs to agree.
    b.line(
      [read.key, write.key],
      `Every ${read.level} read meets every ${write.level} write inside its own datacenter, although R+W = ${r}+${w} ≤ N = ${n} in total; modelled as R = ${n - w + 1} so that R+W > N holds as it does per datacenter.`,
    );
    r = n - w + 1;
  }
  t.readQuorum = Math.min(n, r);
  t.writeQuorum = w;

  if (anyWrite && !miss) {
    const reason = `a write at ANY is acknowledged once any node, or only a hint stored by the coordinator, has it: no replica need hold it yet, so even a read at ${read.level} can miss it until the hint is replayed (hinted handoff).`;
    b.line([read.key, write.key], `Reads can miss acknowledged writes: ${reason}`);
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason,
      setting: write.key,
      fix: { title: 'Write at QUORUM', key: write.key === 'consistency' ? 'write_consistency' : write.key, value: 'QUORUM' },
    };
    t.staleness = {
      kind: 'unmodelled',
      reason: 'an ANY write can sit in a hint on the coordinator until it is replayed to a replica, with no fixed delay',
    };
  } else if (miss) {
    const { dr, dw } = miss;
    const crossDc = dr.name !== dw.name && (isLocal(read.level) || isLocal(write.level));
    const reason = crossDc
      ? `a ${read.level} read coordinated in ${dr.name} asks ${demand(read.level, dcs, dr).total} of ${dr.name}'s ${plural(dr.rf, 'replica')}, and a ${write.level} write coordinated in ${dw.name} is acknowledged without any of them; Cassandra's docs: with LOCAL_QUORUM "reads are guaranteed to see the latest write from within the same datacenter" only.`
      : `R+W = ${readDemand.total}+${writeDemand.total} = ${readDemand.total + writeDemand.total} ≤ N = ${n}, so a ${read.level} read can ask only replicas that a ${write.level} write did not wait for.`;
    b.line([read.key, write.key], `Reads can miss acknowledged writes: ${reason}`);
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason,
      setting: read.key,
      fix: overlapFix(read.level, write.level, dcs, fixedLocal),
    };
    // Clients in several datacenters: where the reader stands decides it.
    if (dcs.length > 1 && !fixedLocal) t.staleness = crossDcStaleness(read.level, write.level, dcs);
  } else {
    b.line(
      [read.key, write.key],
      `Every ${read.level} read quorum meets every ${write.level} write quorum, so a read sees the latest acknowledged write.`,
    );
    t.consistency = {
      provided: ['strong'],
      reason: `quorum reads see the latest acknowledged write, but ${read.level} reads do not order concurrent operations: only SERIAL reads with lightweight transactions (Paxos) are linearizable.`,
      setting: read.key,
      fix: { title: 'Use lightweight transactions with SERIAL reads', key: 'read_consistency', value: 'SERIAL' },
    };
  }

  // Failure behaviour, per datacenter.
  if (dcs.length > 1) {
    const alone = dcs.map((d) => {
      const readsLocal =
        isLocal(read.level) || (read.level !== 'EACH_QUORUM' && read.level !== 'ALL' && demand(read.level, dcs, d).total <= d.rf);
      const writesLocal =
        isLocal(write.level) ||
        (write.level !== 'EACH_QUORUM' && write.level !== 'ALL' && demand(write.level, dcs, d).total <= d.rf);
      return `${d.name} ${readsLocal ? 'reads' : 'cannot read'} and ${writesLocal ? 'writes' : 'cannot write'}`;
    });
    b.line([read.key, write.key, 'replication_factor'], `If the datacenters are cut apart, on its own ${alone.join('; ')}.`);
  }
  for (const [op, { level, key }] of [
    ['Writes', write],
    ['Reads', read],
  ] as const) {
    b.line(key, `${op} at ${level} ${survives(level, dcs, shownLocal, n)}.`);
  }

  if (lwt && write.level !== 'ANY') {
    b.line(
      'lightweight_transactions',
      'Conditional writes are ordered by Paxos: of two concurrent writes to a partition only one succeeds, so none is silently overwritten.',
    );
    return b.done();
  }
  // Cassandra resolves concurrent writes to a cell by write timestamp, never by merging.
  t.conflicts = 'last-write-wins';
  if (write.level === 'ANY') {
    t.writeLoss = {
      reason:
        'at ANY a write is acknowledged once the coordinator has stored a hint, before any replica holds it; if that coordinator is lost before the hint is replayed, so is the write.',
      setting: write.key,
      breaksCp: true,
      fix: { title: 'Write at QUORUM', key: 'write_consistency', value: 'QUORUM' },
    };
  } else {
    t.writeLoss = {
      reason: `Cassandra resolves concurrent writes to the same cell by timestamp (last write wins): of two writes acknowledged at ${write.level}, the one with the older timestamp is silently discarded. Only lightweight transactions (IF …, Paxos) order them.`,
      setting: write.key,
      breaksCp: false,
      fix: { title: 'Use lightweight transactions', key: 'lightweight_transactions', value: true },
    };
  }
  b.line(
    write.key,
    'Concurrent writes to the same cell: the later timestamp wins and the other acknowledged write is discarded (last write wins).',
  );
  return b.done();
}

/**
 * Staleness right after a write when clients coordinate in several datacenters at LOCAL_* levels: a reader in the
 * writer's datacenter is judged by that datacenter's quorums; a reader elsewhere sees the write only once it has
 * crossed the WAN (Cassandra sends every write to all replicas but acknowledges at the level), so right after
 * the acknowledgement it almost surely misses it. Cassandra docs, dynamo.html: "Write operations are always sent
 * to all replicas, regardless of consistency level."
 */
function crossDcStaleness(read: Level, write: Level, dcs: readonly Dc[]): StalenessModel {
  const local = dcs[0];
  const r = demand(read, dcs, local).perDc[local.name] ?? demand(read, dcs, local).total;
  const w = demand(write, dcs, local).perDc[local.name] ?? 1;
  const same = missProbability(local.rf, Math.min(r, local.rf), Math.min(w, local.rf));
  return {
    kind: 'per-reader',
    readers: [
      {
        where: "in the writer's datacenter",
        probability: same,
        note:
          same === 0
            ? `a ${read} read meets every ${write} write inside one datacenter`
            : `a read of ${r} of the ${local.rf} local replicas misses the ${w} that acknowledged`,
      },
      {
        where: 'in another datacenter',
        probability: undefined,
        note: 'up to 100%: the write is acknowledged before it crosses the WAN, so until it arrives (and during a partition, until hints or repair deliver it) reads there miss it',
      },
    ],
  };
}

/**
 * Nodes: each datacenter's replicas (or the design's placement for SimpleStrategy). Each client coordinates in
 * its own datacenter (`local_dc` pins them all to one). A request at a level needs, per blockFor: ONE/TWO/THREE/
 * QUORUM/ALL that many replicas anywhere; LOCAL_* a quorum (or one) of the coordinator's datacenter;
 * EACH_QUORUM a quorum in every datacenter; ANY a hint on the coordinator. Lightweight transactions also need
 * their Paxos round: a majority of all replicas (SERIAL) or of the local datacenter (LOCAL_SERIAL).
 */
function cassandraAvailability(
  allDcs: readonly Dc[],
  namedDc: Dc | undefined,
  read: Level,
  write: Level,
  serial: Level | undefined,
  placement: readonly { region: string; count: number }[] | undefined,
): { topology: Topology; write: AccessPath; read: AccessPath } {
  const total = allDcs.reduce((t, d) => t + d.rf, 0);
  const single = allDcs.length === 1 && allDcs[0].name === CLUSTER_GROUP;
  const topology: Topology = single
    ? placeReplicas(total, placement, false)
    : {
        classes: allDcs.map((d) => ({ id: `replica@${d.name}`, group: d.name, role: 'replica', size: d.rf })),
        groups: allDcs.map((d) => d.name),
        clientGroups: allDcs.map((d) => d.name),
        placed: true,
      };
  if (namedDc && topology.groups.includes(namedDc.name)) topology.clientGroups = [namedDc.name];
  const all = topology.classes.map((c) => c.id);
  const inGroup = (g: string) => topology.classes.filter((c) => c.group === g).map((c) => c.id);
  const sizeOf = (g: string) => topology.classes.filter((c) => c.group === g).reduce((t, c) => t + c.size, 0);
  const need = (level: Level, client: string): Condition => {
    switch (level) {
      case 'ANY':
        return ALWAYS;
      case 'ONE':
        return atLeast(1, all);
      case 'TWO':
        return atLeast(2, all);
      case 'THREE':
        return atLeast(3, all);
      case 'QUORUM':
      case 'SERIAL':
        return atLeast(majority(total), all);
      case 'ALL':
        return atLeast(total, all);
      case 'LOCAL_ONE':
        return single ? atLeast(1, all) : atLeast(1, inGroup(client));
      case 'LOCAL_QUORUM':
      case 'LOCAL_SERIAL':
        return single ? atLeast(majority(total), all) : atLeast(majority(sizeOf(client)), inGroup(client));
      case 'EACH_QUORUM':
        return single
          ? atLeast(majority(total), all)
          : allOf(...topology.groups.map((g) => atLeast(majority(sizeOf(g)), inGroup(g))));
    }
  };
  const path = (level: Level, paxos: Level | undefined): AccessPath => ({
    byClient: new Map(topology.clientGroups.map((g) => [g, paxos ? allOf(need(paxos, g), need(level, g)) : need(level, g)])),
    needs: `${paxos ? `a Paxos round at ${paxos} and ` : ''}${describeLevel(level)}`,
  });
  return { topology, write: path(write, serial), read: path(read, undefined) };
}

function describeLevel(level: Level): string {
  switch (level) {
    case 'ANY':
      return 'ANY: a hint stored by the coordinator';
    case 'LOCAL_ONE':
      return "LOCAL_ONE: one replica in the coordinator's datacenter";
    case 'LOCAL_QUORUM':
    case 'LOCAL_SERIAL':
      return `${level}: a majority of the coordinator's datacenter`;
    case 'EACH_QUORUM':
      return 'EACH_QUORUM: a majority in every datacenter';
    case 'QUORUM':
    case 'SERIAL':
      return `${level}: a majority of all replicas`;
    case 'ALL':
      return 'ALL: every replica';
    default:
      return `${level}: ${level.toLowerCase()} ${level === 'ONE' ? 'replica' : 'replicas'} anywhere`;
  }
}

function survives(level: Level, dcs: readonly Dc[], local: Dc, n: number): string {
  const plural = (k: number) => `${k} failed ${k === 1 ? 'replica' : 'replicas'}`;
  if (isLocal(level))
    return `survive ${plural(local.rf - demand(level, dcs, local).total)} in the coordinator's datacenter, whatever fails elsewhere`;
  if (level === 'EACH_QUORUM')
    return `survive ${dcs.map((d) => `${d.rf - majority(d.rf)} in ${d.name}`).join(', ')}, and stop when any datacenter loses its quorum`;
  if (level === 'ANY') return 'succeed while any node can store a hint';
  return `survive ${plural(Math.max(0, n - demand(level, dcs, local).total))} anywhere`;
}

/** A write level (or, failing that, read level) that makes every read meet every write. */
function overlapFix(read: Level, write: Level, dcs: readonly Dc[], fixedLocal: Dc | undefined): SettingChange | undefined {
  const writes: Level[] = isLocal(read) && dcs.length > 1 ? ['EACH_QUORUM', 'QUORUM', 'ALL'] : ['QUORUM', 'EACH_QUORUM', 'ALL'];
  for (const candidate of writes) {
    if (!canMiss(read, candidate, dcs, fixedLocal)) {
      return { title: `Write at ${candidate}: every ${read} read then meets it`, key: 'write_consistency', value: candidate };
    }
  }
  for (const candidate of ['QUORUM', 'ALL'] as Level[]) {
    if (!canMiss(candidate, write, dcs, fixedLocal))
      return { title: `Read at ${candidate}: it then meets every ${write} write`, key: 'read_consistency', value: candidate };
  }
  return undefined;
}

function validateCassandra(ds: Datastore, t: EngineTranslation): EngineProblem[] {
  const s = new Settings(cassandra, ds);
  const out: EngineProblem[] = [];
  const read = levelOf(s, 'read_consistency');
  const write = levelOf(s, 'write_consistency');
  if (read.level === 'ANY')
    out.push(
      invalidSetting(
        read.key,
        `Cassandra rejects reads at ANY ("ANY ConsistencyLevel is only supported for writes"): a hint is not readable data. Read at ONE or higher.`,
      ),
    );
  if (write.level === 'SERIAL' || write.level === 'LOCAL_SERIAL') {
    out.push(
      invalidSetting(
        write.key,
        `Cassandra rejects plain writes at ${write.level} ("You must use conditional updates for serializable writes"): use lightweight_transactions: true with serial_consistency ${write.level}, and a commit level such as QUORUM for write_consistency.`,
      ),
    );
  }
  const dcs = datacenters(s);
  const local = s.str('local_dc');
  if (dcs && local && !dcs.some((d) => d.name === local)) {
    out.push(
      invalidSetting(
        'local_dc',
        `local_dc '${local}' holds no replicas of this keyspace (replication_factor names ${dcs.map((d) => d.name).join(', ')}): LOCAL_* requests coordinated there can never succeed.`,
      ),
    );
  }
  if (dcs && t.replicas) {
    const n = dcs.reduce((sum, d) => sum + d.rf, 0);
    for (const { level, key } of [read, write]) {
      const need = demand(level, dcs, dcs[0]).total;
      if (need > n)
        out.push(
          invalidSetting(
            key,
            `${level} needs ${plural(need, 'replica')} to respond, but the keyspace has only ${n}: every request fails with an Unavailable error.`,
          ),
        );
      for (const d of dcs) {
        if (d.rf === 0 && (level === 'EACH_QUORUM' || (isLocal(level) && d.name === local))) {
          out.push(
            invalidSetting(key, `${level} needs a quorum in ${d.name}, which has replication factor 0: every request fails.`),
          );
          break;
        }
      }
    }
  }
  return out;
}

export const cassandra: Engine = {
  id: 'cassandra',
  displayName: 'Apache Cassandra',
  aliases: ['apache-cassandra'],
  family: 'leaderless',
  usualCap: 'AP',
  usualPacelc: 'PA/EL',
  summary:
    'Dynamo-style leaderless replication: every replica accepts writes, each request picks a consistency level, and concurrent writes are resolved by timestamp. LOCAL_QUORUM, the usual multi-datacenter level, is consistent only within one datacenter.',
  sources: [
    { title: 'Cassandra: Dynamo architecture and tunable consistency', url: DOCS.dynamo },
    { title: 'Cassandra source: ConsistencyLevel (quorum sizes, which levels reads and writes accept)', url: DOCS.levels },
  ],
  countSetting: { key: 'replication_factor' },
  settings: {
    replication_factor: {
      type: 'map',
      integers: true,
      minimum: 1,
      entryMinimum: 0,
      description:
        "Replicas of each partition: a number (SimpleStrategy) or a map of datacenter to replication factor (NetworkTopologyStrategy), as in the keyspace's `replication` option.",
      source: DOCS.keyspace,
      example: { dc1: 3, dc2: 3 },
    },
    consistency: {
      values: LEVELS,
      valueDocs: LEVEL_DOCS,
      caseInsensitive: true,
      default: 'ONE',
      description:
        'Consistency level for both reads and writes (cqlsh `CONSISTENCY`, the driver default). `read_consistency` and `write_consistency` override it.',
      source: DOCS.dynamo,
    },
    read_consistency: {
      values: LEVELS,
      valueDocs: LEVEL_DOCS,
      caseInsensitive: true,
      description:
        'Consistency level of reads: how many replicas must answer before the coordinator returns the newest value among them.',
      source: DOCS.dynamo,
    },
    write_consistency: {
      values: LEVELS,
      valueDocs: LEVEL_DOCS,
      caseInsensitive: true,
      description:
        'Consistency level of writes: how many replicas must acknowledge before the client is told the write succeeded. The write still goes to every replica.',
      source: DOCS.dynamo,
    },
    serial_consistency: {
      values: ['SERIAL', 'LOCAL_SERIAL'],
      valueDocs: { SERIAL: LEVEL_DOCS.SERIAL, LOCAL_SERIAL: LEVEL_DOCS.LOCAL_SERIAL },
      caseInsensitive: true,
      default: 'SERIAL',
      description: 'Consistency level of the Paxos phase of lightweight transactions (conditional writes with IF).',
      source: DOCS.levels,
    },
    lightweight_transactions: {
      type: 'boolean',
      default: false,
      description:
        'Writes are conditional (`INSERT … IF NOT EXISTS`, `UPDATE … IF`), run as Paxos compare-and-set. With SERIAL reads this makes the table linearizable per partition.',
      source: DOCS.dynamo,
    },
    local_dc: {
      type: 'string',
      description:
        "The one datacenter every client's driver treats as local. Leave it unset when clients run in several datacenters: LOCAL_* levels then count a different datacenter per client.",
      source: DOCS.dynamo,
      example: 'dc1',
    },
  },
  example: { replication_factor: { dc1: 3, dc2: 3 }, consistency: 'LOCAL_QUORUM' },
  translate: translateCassandra,
  validate: validateCassandra,
};
