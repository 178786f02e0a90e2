// MySQL replication in its three forms: asynchronous binlog replication, semisynchronous replication (the
// source waits for replica acknowledgements, but falls back to asynchronous after a timeout), and Group
// Replication, where a majority of the group agrees on each transaction and group_replication_consistency
// decides whether reads and writes wait for the rest of the group.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { consensusElectorate, everywhere, placeReplicas } from './generic';
import { inertSetting, invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  replication: 'https://dev.mysql.com/doc/refman/8.4/en/replication.html',
  // rpl_semi_sync_source_wait_for_replica_count (default 1), rpl_semi_sync_source_timeout (default 10000 ms:
  // "before timing out and reverting to asynchronous replication"), rpl_semi_sync_source_wait_point.
  semisync: 'https://dev.mysql.com/doc/refman/8.4/en/replication-semisync-interface.html',
  // Transactions are ordered and certified through a group communication protocol needing a majority.
  groupReplication: 'https://dev.mysql.com/doc/refman/8.4/en/group-replication-summary.html',
  // EVENTUAL, BEFORE_ON_PRIMARY_FAILOVER (the default from 8.4.0; EVENTUAL before), BEFORE, AFTER, BEFORE_AND_AFTER.
  consistency: 'https://dev.mysql.com/doc/refman/8.4/en/group-replication-configuring-consistency-guarantees.html',
  defaults: 'https://dev.mysql.com/doc/mysql-shell/8.4/en/mysql-innodb-cluster-failover-consistency.html',
  // A group has at most 9 members.
  limits: 'https://dev.mysql.com/doc/refman/8.4/en/group-replication-limitations.html',
};

const GR_LEVELS = ['EVENTUAL', 'BEFORE_ON_PRIMARY_FAILOVER', 'BEFORE', 'AFTER', 'BEFORE_AND_AFTER'] as const;

/** A semisynchronous timeout this long is treated as never reverting to asynchronous replication. */
export const NEVER_FALLS_BACK_MS = 24 * 60 * 60 * 1000;

export function translateMysql(ds: Datastore): EngineTranslation {
  const s = new Settings(mysql, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  const mode = s.str('mode') ?? 'async';
  const replicaReads = s.bool('read_from_replicas') ?? false;
  if (mode === 'group-replication') return groupReplication(s, b, replicaReads);

  const replicas = s.int('replica_servers') ?? 0;
  const n = replicas + 1;
  t.replication = 'leader';
  t.replicas = n;
  b.origin('replicas', 'replica_servers');
  b.line(
    'replica_servers',
    `replica_servers: ${replicas} → N = ${n} (the source and ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}).`,
  );
  let acks = 0;
  let fallsBack = true;
  if (mode === 'semi-sync') {
    const count = Math.min(s.int('rpl_semi_sync_source_wait_for_replica_count') ?? 1, replicas);
    const timeout = s.int('rpl_semi_sync_source_timeout') ?? 10000;
    const point = s.str('rpl_semi_sync_source_wait_point') ?? 'AFTER_SYNC';
    const waitNoReplica = s.bool('rpl_semi_sync_source_wait_no_replica') ?? true;
    fallsBack = timeout < NEVER_FALLS_BACK_MS || !waitNoReplica;
    acks = count;
    b.origin('writeQuorum', 'rpl_semi_sync_source_wait_for_replica_count', 'mode');
    b.line(
      ['mode', 'rpl_semi_sync_source_wait_for_replica_count'],
      `mode: semi-sync — a commit returns once ${count} ${count === 1 ? 'replica has' : 'replicas have'} acknowledged receiving its events (W = ${1 + count}).`,
    );
    b.line(
      ['rpl_semi_sync_source_timeout', 'rpl_semi_sync_source_wait_no_replica'],
      !waitNoReplica
        ? 'rpl_semi_sync_source_wait_no_replica: OFF — as soon as too few semisynchronous replicas are connected, the source reverts to asynchronous replication.'
        : fallsBack
          ? `rpl_semi_sync_source_timeout: ${timeout} ms — after waiting that long for an acknowledgement, the source reverts to asynchronous replication and keeps committing without replicas until one catches up.`
          : `rpl_semi_sync_source_timeout: ${timeout} ms (${(timeout / 86_400_000).toFixed(1)} days) — in practice the source never reverts to asynchronous replication: without an acknowledgement, commits wait.`,
    );
    b.line(
      'rpl_semi_sync_source_wait_point',
      point === 'AFTER_SYNC'
        ? 'rpl_semi_sync_source_wait_point: AFTER_SYNC — the source waits before committing to its storage engine, so no client sees a transaction a replica has not received.'
        : 'rpl_semi_sync_source_wait_point: AFTER_COMMIT — the source commits, then waits: other clients can see a transaction that a failover then loses.',
    );
    if (fallsBack) {
      t.writeLoss = {
        reason: !waitNoReplica
          ? 'with rpl_semi_sync_source_wait_no_replica OFF the source reverts to asynchronous replication as soon as too few replicas are connected and keeps acknowledging commits no replica has; a failover then loses them.'
          : `semisynchronous replication reverts to asynchronous after rpl_semi_sync_source_timeout (${timeout} ms) without a replica acknowledgement and keeps acknowledging commits no replica has; a failover then loses them. An isolated source therefore keeps committing.`,
        setting: waitNoReplica ? 'rpl_semi_sync_source_timeout' : 'rpl_semi_sync_source_wait_no_replica',
        breaksCp: true,
        fix: waitNoReplica
          ? {
              title: 'Never revert to asynchronous: rpl_semi_sync_source_timeout 4294967295',
              key: 'rpl_semi_sync_source_timeout',
              value: 4294967295,
            }
          : {
              title: 'Wait for replicas: rpl_semi_sync_source_wait_no_replica ON',
              key: 'rpl_semi_sync_source_wait_no_replica',
              value: true,
            },
      };
    }
    if (!fallsBack && point === 'AFTER_COMMIT' && !replicaReads) {
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['linearizable'],
        reason:
          'with AFTER_COMMIT the source commits before a replica acknowledges, so other clients can read a transaction that a failover loses (its own client gets an error, not an acknowledgement).',
        setting: 'rpl_semi_sync_source_wait_point',
        fix: { title: 'Wait before committing: AFTER_SYNC', key: 'rpl_semi_sync_source_wait_point', value: 'AFTER_SYNC' },
      };
    }
  } else if (replicas === 0) {
    b.line(
      'mode',
      'mode: async with no replica — nothing to fail over to: losing the source stops reads and writes until it is back (InnoDB keeps committed transactions on disk).',
    );
  } else {
    b.line('mode', 'mode: async — the source commits and acknowledges, then replicas pull its binary log (W = 1).');
    t.writeLoss = {
      reason:
        'asynchronous replication acknowledges a commit before any replica has it; failing over to a replica loses the transactions it had not received.',
      setting: 'mode',
      breaksCp: true,
      fix: replicas > 0 ? { title: 'Use Group Replication', key: 'mode', value: 'group-replication' } : undefined,
    };
  }
  const w = 1 + (fallsBack ? 0 : acks);
  t.writeQuorum = 1 + acks;
  // MySQL does not fence a source cut off by a partition: it commits whatever its own settings allow.
  if (replicas > 0)
    b.line(
      undefined,
      `Failover is done outside MySQL (Orchestrator, MHA, an operator): CAP Lens assumes it promotes the most advanced replica. Nothing fences the old source: cut off by a partition, ${w === 1 ? `it keeps committing on its side${mode === 'semi-sync' ? ' (after the timeout)' : ''} while a replica is promoted on the other, so both sides accept writes` : `it commits only while ${w - 1} ${w - 1 === 1 ? 'replica acknowledges' : 'replicas acknowledge'}, so only a side with ${w} servers accepts writes`}, and it keeps answering reads.`,
    );
  if (replicaReads) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line(
      'read_from_replicas',
      'read_from_replicas: true — replicas apply the binary log after the source commits, so reads there can be stale even with semi-sync (it waits for receipt, not for apply).',
    );
    t.consistency ??= {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      reason:
        'replicas apply transactions after the source has acknowledged them, so a read on a replica can miss a committed write.',
      setting: 'read_from_replicas',
      fix: { title: 'Read from the source', key: 'read_from_replicas', value: false },
    };
    t.staleness = {
      kind: 'unmodelled',
      reason: 'a replica applies the binary log after the source commits; its lag (Seconds_Behind_Source) has no fixed figure',
    };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    t.consistency ??= t.writeLoss
      ? {
          provided: ['eventual'],
          whileHealthy: ['linearizable'],
          reason: `reads go to the source, which is current while it lives, but ${t.writeLoss.reason}`,
          setting: t.writeLoss.setting,
          fix: t.writeLoss.fix,
        }
      : replicas === 0
        ? {
            provided: ['linearizable'],
            reason:
              'a single source with no replica: every read and write goes to the one copy, in one order, and nothing is ever failed over.',
          }
        : {
            provided: ['eventual'],
            whileHealthy: ['linearizable'],
            reason: `reads go to the source, and every acknowledged commit is on ${acks} ${acks === 1 ? 'replica' : 'replicas'} as well (AFTER_SYNC, never reverting to asynchronous), so a failover that promotes the most advanced replica keeps it; but nothing fences the old source: cut off by a partition, it keeps answering reads after a replica is promoted on the other side, and those reads miss every commit made there. Only fencing outside MySQL (a failover manager that stops the old source) bounds that.`,
          };
  }
  // The source (or a replica promoted in its place by the failover tool) and the replica acknowledgements a
  // commit waits for; after the timeout it waits for none.
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const all = topology.classes.map((c) => c.id);
    const promoted = replicas > 0 ? ' (or a replica promoted in its place)' : '';
    const write = everywhere(
      topology,
      atLeast(w, all),
      w === 1 ? `the source alone${promoted}` : `the source and ${w - 1} acknowledging ${w - 1 === 1 ? 'replica' : 'replicas'}`,
    );
    const read = everywhere(topology, atLeast(1, all), replicaReads ? 'any one replica' : `the source${promoted}`);
    return { topology, write, read };
  };
  return b.done();
}

/**
 * Group Replication: a transaction is certified by a majority of the group (XCom). Members that find themselves
 * in a minority stay in the group by default (group_replication_unreachable_majority_timeout 0) and keep
 * serving reads, stale; BEFORE makes each read wait for a group round trip.
 */
function groupReplication(s: Settings, b: TranslationBuilder, replicaReads: boolean): EngineTranslation {
  const t = b.t;
  const n = s.int('group_members');
  t.replication = 'consensus';
  if (n === undefined) {
    b.line('group_members', 'group_members is not set: write the number of group members (3 to 9) so CAP Lens knows N.');
    return b.done();
  }
  const maj = majority(n);
  const level = s.str('group_replication_consistency') ?? 'BEFORE_ON_PRIMARY_FAILOVER';
  const single = s.bool('group_replication_single_primary_mode') ?? true;
  t.replicas = n;
  t.writeQuorum = maj;
  t.electorate = consensusElectorate(n, 'group members');
  b.origin('replicas', 'group_members').origin('writeQuorum', 'group_replication_consistency');
  b.line(
    'group_members',
    `group_members: N = ${n}; a transaction commits once a majority (${maj}) of the group has agreed on it and certified it. Members cut off in a minority stay in the group and keep serving reads (group_replication_unreachable_majority_timeout is 0 by default).`,
  );
  b.line(
    'group_replication_single_primary_mode',
    single
      ? 'Single-primary mode: one member takes writes; a new primary is elected when it leaves.'
      : 'Multi-primary mode: every member takes writes; conflicting concurrent transactions fail certification and roll back.',
  );
  const after = level === 'AFTER' || level === 'BEFORE_AND_AFTER';
  const before = level === 'BEFORE' || level === 'BEFORE_AND_AFTER';
  const levelText: Record<string, string> = {
    EVENTUAL: 'no transaction waits: reads on any member, even a new primary that is still applying its backlog, can be stale',
    BEFORE_ON_PRIMARY_FAILOVER:
      "a newly elected primary holds new transactions until it has applied the old primary's backlog; otherwise like EVENTUAL",
    BEFORE:
      'each transaction first waits until this member has applied everything the group committed before it (a group round trip): reads see the latest commit',
    AFTER: 'a read-write transaction returns only once every member of the current view has applied it',
    BEFORE_AND_AFTER: 'both BEFORE and AFTER',
  };
  b.line('group_replication_consistency', `group_replication_consistency: ${level} — ${levelText[level]}.`);
  const all = (placement: Parameters<NonNullable<EngineTranslation['availability']>>[0]) => {
    const topology = placeReplicas(n, placement, false);
    return { topology, ids: topology.classes.map((c) => c.id) };
  };
  if (before) {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'group_replication_consistency',
      `BEFORE reads synchronise with the group first: modelled as consensus with R = ${maj}; a member in a minority blocks them.`,
    );
    t.consistency = {
      provided: ['linearizable'],
      reason:
        'with BEFORE each transaction waits until the member has applied everything the group committed before it, through a group round trip that needs a majority, so reads follow the one certified order in real time.',
      setting: 'group_replication_consistency',
    };
    t.availability = (placement) => {
      const { topology, ids } = all(placement);
      const quorum = everywhere(topology, atLeast(maj, ids), `a majority (${maj} of ${n}) of the group`);
      return { topology, write: quorum, read: quorum };
    };
    t.staleness = {
      kind: 'fresh',
      reason: 'each read first waits until the member has applied every transaction the group committed before it',
    };
    return b.done();
  }
  const anyMember = replicaReads || !single;
  t.readFrom = anyMember ? 'followers' : 'leader';
  t.readQuorum = 1;
  b.line(
    'read_from_replicas',
    anyMember
      ? `Reads on any member (R = 1)${after ? '; with AFTER every member of the view already has each acknowledged write' : ', which may not have applied the latest transactions'}.`
      : 'Reads go to the primary (R = 1); a primary cut off in a minority keeps serving (stale) reads while its writes block.',
  );
  t.consistency = {
    provided: ['eventual'],
    whileHealthy: after || !anyMember ? ['strong'] : ['eventual'],
    reason:
      anyMember && !after
        ? `with group_replication_consistency ${level}, a member externalises a transaction before the others have applied it, so a read on another member can miss it.`
        : `members cut off in a minority stay in the group and keep answering reads from their own, no longer current, state while the majority commits new transactions${after ? ' (AFTER only waits for the members of the current view)' : ''}; only BEFORE makes reads wait for the group.`,
    setting: 'group_replication_consistency',
    fix: { title: 'Reads wait for the group: BEFORE', key: 'group_replication_consistency', value: 'BEFORE' },
  };
  t.availability = (placement) => {
    const { topology, ids } = all(placement);
    return {
      topology,
      write: everywhere(topology, atLeast(maj, ids), `a majority (${maj} of ${n}) of the group certifying`),
      read: everywhere(topology, atLeast(1, ids), anyMember ? 'any one member' : 'the primary, even cut off in a minority'),
    };
  };
  t.staleness =
    anyMember && !after
      ? { kind: 'unmodelled', reason: "a member's apply lag behind the group, with no fixed figure" }
      : {
          kind: 'fresh',
          reason: after
            ? 'with AFTER a read-write transaction returns once every member of the view has applied it'
            : 'reads go to the primary, which has every committed transaction while it leads',
        };
  return b.done();
}

function validateMysql(ds: Datastore): EngineProblem[] {
  const s = new Settings(mysql, ds);
  const out: EngineProblem[] = [];
  const mode = s.str('mode') ?? 'async';
  const replicas = s.int('replica_servers') ?? 0;
  const count = s.int('rpl_semi_sync_source_wait_for_replica_count') ?? 1;
  if (mode === 'semi-sync' && count > replicas) {
    out.push(
      invalidSetting(
        'rpl_semi_sync_source_wait_for_replica_count',
        `The source waits for ${count} replica acknowledgements but has ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}: every commit waits for rpl_semi_sync_source_timeout, then replication turns asynchronous.`,
      ),
    );
  }
  if (mode !== 'group-replication') {
    for (const key of ['group_members', 'group_replication_consistency', 'group_replication_single_primary_mode']) {
      if (s.has(key)) out.push(inertSetting(key, `${key} only applies with mode: group-replication; mode is ${mode}.`));
    }
  }
  if (mode !== 'semi-sync') {
    for (const key of [
      'rpl_semi_sync_source_wait_for_replica_count',
      'rpl_semi_sync_source_timeout',
      'rpl_semi_sync_source_wait_point',
      'rpl_semi_sync_source_wait_no_replica',
    ]) {
      if (s.has(key)) out.push(inertSetting(key, `${key} only applies with mode: semi-sync; mode is ${mode}.`));
    }
  }
  return out;
}

export const mysql: Engine = {
  id: 'mysql',
  displayName: 'MySQL',
  aliases: ['mysql-group-replication', 'innodb-cluster'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'Asynchronous source–replica replication by default; semisynchronous replication waits for replica receipt but falls back to asynchronous after a timeout; Group Replication (InnoDB Cluster) commits each transaction on a majority, with group_replication_consistency deciding whether reads wait.',
  sources: [
    { title: 'MySQL: Semisynchronous replication', url: DOCS.semisync },
    { title: 'MySQL: Group Replication transaction consistency guarantees', url: DOCS.consistency },
    { title: 'MySQL: Group Replication', url: DOCS.groupReplication },
  ],
  countSetting: { key: 'replica_servers', offset: 1 },
  settings: {
    mode: {
      values: ['async', 'semi-sync', 'group-replication'],
      valueDocs: {
        async: 'Asynchronous binary log replication (the default).',
        'semi-sync': 'Semisynchronous replication.',
        'group-replication': 'Group Replication (InnoDB Cluster).',
      },
      default: 'async',
      description: 'Which replication MySQL runs.',
      source: DOCS.replication,
    },
    replica_servers: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Replicas of the source (async and semi-sync modes).',
      source: DOCS.replication,
    },
    rpl_semi_sync_source_wait_for_replica_count: {
      type: 'integer',
      minimum: 1,
      default: 1,
      description: 'Replica acknowledgements the source waits for per transaction.',
      source: DOCS.semisync,
    },
    rpl_semi_sync_source_timeout: {
      type: 'integer',
      minimum: 0,
      default: 10000,
      description:
        'Milliseconds the source waits for acknowledgements before reverting to asynchronous replication (10 s by default). CAP Lens treats a day or more (the maximum is 4294967295) as never reverting.',
      source: DOCS.semisync,
    },
    rpl_semi_sync_source_wait_no_replica: {
      type: 'boolean',
      default: true,
      description:
        'ON (the default): the source waits out the timeout even when no semisynchronous replica is connected; OFF: it reverts to asynchronous replication as soon as too few are.',
      source: DOCS.semisync,
    },
    rpl_semi_sync_source_wait_point: {
      values: ['AFTER_SYNC', 'AFTER_COMMIT'],
      valueDocs: {
        AFTER_SYNC: 'Wait before committing to the storage engine (the default).',
        AFTER_COMMIT: 'Commit first, then wait: others can see a transaction a failover loses.',
      },
      default: 'AFTER_SYNC',
      description: 'When in the commit the source waits for acknowledgements.',
      source: DOCS.semisync,
    },
    group_members: {
      type: 'integer',
      minimum: 1,
      maximum: 9,
      description: 'Members of the replication group (at most 9).',
      source: DOCS.limits,
      example: 3,
    },
    group_replication_consistency: {
      values: GR_LEVELS,
      valueDocs: {
        EVENTUAL: 'No waiting; reads may be stale, also on a new primary.',
        BEFORE_ON_PRIMARY_FAILOVER: 'A new primary applies its backlog before serving (the default from 8.4.0).',
        BEFORE: 'Each transaction waits for all earlier group transactions to be applied locally.',
        AFTER: 'A read-write transaction returns once every member has applied it.',
        BEFORE_AND_AFTER: 'Both.',
      },
      default: 'BEFORE_ON_PRIMARY_FAILOVER',
      description: 'Transaction consistency guarantee of Group Replication.',
      source: DOCS.consistency,
    },
    group_replication_single_primary_mode: {
      type: 'boolean',
      default: true,
      description: 'One primary takes writes (true, the default) or every member does.',
      source: DOCS.groupReplication,
    },
    read_from_replicas: {
      type: 'boolean',
      default: false,
      description: 'Reads are served by replicas (or secondary group members).',
      source: DOCS.replication,
    },
  },
  example: { mode: 'group-replication', group_members: 3, group_replication_consistency: 'BEFORE' },
  translate: translateMysql,
  validate: validateMysql,
};
