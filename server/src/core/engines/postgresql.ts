// PostgreSQL streaming replication: a primary ships WAL to standbys, asynchronously unless
// synchronous_standby_names lists synchronous ones; synchronous_commit says what a commit waits for
// (flush, write or replay on those standbys). Failover is done by an external tool (Patroni, …).

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { invalidSetting, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // on, remote_apply, remote_write, local, off: what a commit waits for; "off" can lose recent commits in a crash.
  synchronousCommit: 'https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT',
  // [FIRST] num_sync (names) | ANY num_sync (names) | names: how many synchronous standbys a commit waits for.
  standbyNames: 'https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES',
  // "Such transaction commits may never be completed if any one of synchronous standbys should crash":
  // PostgreSQL never falls back to asynchronous replication by itself.
  syncReplication: 'https://www.postgresql.org/docs/current/warm-standby.html#SYNCHRONOUS-REPLICATION',
  // Read-only queries on a hot standby see the data it has replayed.
  hotStandby: 'https://www.postgresql.org/docs/current/hot-standby.html',
};

interface SyncSpec {
  method: 'FIRST' | 'ANY';
  num: number;
  names: string[];
}

/** Parses synchronous_standby_names: `FIRST 2 (a, b, c)`, `ANY 1 (a, b)`, `2 (a, b)`, `a, b` or `*`. */
export function parseStandbyNames(text: string): SyncSpec | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const m = /^(?:(FIRST|ANY)\s+)?(\d+)\s*\((.*)\)$/i.exec(trimmed);
  if (m) {
    return {
      method: (m[1]?.toUpperCase() as 'FIRST' | 'ANY' | undefined) ?? 'FIRST',
      num: Number(m[2]),
      names: m[3]
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    };
  }
  return {
    method: 'FIRST',
    num: 1,
    names: trimmed
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
}

export function translatePostgres(ds: Datastore): EngineTranslation {
  const s = new Settings(postgresql, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leader';
  const standbys = s.int('standbys') ?? 0;
  const n = standbys + 1;
  t.replicas = n;
  b.origin('replicas', 'standbys');
  b.line(
    'standbys',
    `standbys: ${standbys} → N = ${n} (the primary and ${standbys} streaming ${standbys === 1 ? 'standby' : 'standbys'}).`,
  );
  const spec = parseStandbyNames(s.str('synchronous_standby_names') ?? '');
  const commit = s.str('synchronous_commit') ?? 'on';
  const sync = spec ? Math.min(spec.num, standbys) : 0;
  const waitsForStandbys = sync > 0 && commit !== 'local' && commit !== 'off';
  const w = waitsForStandbys ? 1 + sync : 1;
  t.writeQuorum = w;
  b.origin('writeQuorum', 'synchronous_standby_names', 'synchronous_commit');
  if (!spec)
    b.line(
      'synchronous_standby_names',
      "synchronous_standby_names is empty: replication is asynchronous, a commit returns once the primary's WAL is flushed (W = 1).",
    );
  else
    b.line(
      'synchronous_standby_names',
      `synchronous_standby_names: ${spec.method} ${spec.num} of (${spec.names.join(', ')}) → a commit waits for ${spec.num} synchronous ${spec.num === 1 ? 'standby' : 'standbys'}${spec.method === 'ANY' ? ', any of them (quorum commit)' : ', the first ones listed that are connected (priority)'}.`,
    );
  // "If synchronous_standby_names is empty, the only meaningful settings are on and off; remote_apply,
  // remote_write and local all provide the same local synchronization level as on."
  const commitMeaning: Record<string, string> = spec
    ? {
        on: 'the synchronous standbys have flushed the commit record to disk',
        remote_apply: 'the synchronous standbys have replayed the commit, so it is visible to queries there',
        remote_write:
          'the synchronous standbys have written the commit record to their operating system (lost if a standby host crashes)',
        local: 'only the local flush; standbys are not waited for',
        off: 'nothing: the commit returns before even the local WAL flush (a crash loses up to three times wal_writer_delay of commits)',
      }
    : {
        on: 'the local WAL flush only (with no synchronous standbys, on, remote_write and remote_apply all mean that)',
        remote_apply: 'the local WAL flush only (with no synchronous standbys, on, remote_write and remote_apply all mean that)',
        remote_write: 'the local WAL flush only (with no synchronous standbys, on, remote_write and remote_apply all mean that)',
        local: 'the local WAL flush',
        off: 'nothing: the commit returns before even the local WAL flush (a crash loses up to three times wal_writer_delay of commits)',
      };
  b.line(
    'synchronous_commit',
    `synchronous_commit: ${commit} → a commit waits for ${commitMeaning[commit]}${spec && waitsForStandbys ? ` (W = ${w})` : ''}.`,
  );
  if (waitsForStandbys)
    b.line(
      ['synchronous_standby_names', 'synchronous_commit'],
      'If too few synchronous standbys are connected, commits wait: PostgreSQL itself never falls back to asynchronous replication ("Such transaction commits may never be completed if any one of synchronous standbys should crash").',
    );
  // PostgreSQL has no built-in failover and does not fence: a primary cut off by a partition keeps committing
  // whatever its own settings allow (Patroni demotes one that loses its DCS lease; CAP Lens does not assume it).
  if (standbys > 0)
    b.line(
      undefined,
      `Failover is done outside PostgreSQL (Patroni, repmgr, an operator): CAP Lens assumes it promotes a standby that holds every synchronously acknowledged commit. PostgreSQL does not fence the old primary: cut off by a partition, ${w === 1 ? 'it keeps committing on its side while a standby is promoted on the other, so both sides accept writes' : `it commits only while ${w - 1} synchronous ${w - 1 === 1 ? 'standby acknowledges' : 'standbys acknowledge'}, so only a side with ${w} servers accepts writes`}, and it keeps answering reads.`,
    );

  if (commit === 'off') {
    t.writeLoss = {
      reason:
        'synchronous_commit off acknowledges a commit before its WAL is flushed even locally: a crash of the primary loses it, failover or not.',
      setting: 'synchronous_commit',
      breaksCp: true,
      fix: { title: 'synchronous_commit on', key: 'synchronous_commit', value: 'on' },
    };
  } else if (!waitsForStandbys && standbys > 0) {
    t.writeLoss = {
      reason: `a commit is acknowledged once the primary alone has flushed it${sync > 0 ? ` (synchronous_commit ${commit} does not wait for the synchronous standbys)` : ' (asynchronous replication)'}; failing over to a standby that had not received it loses it.`,
      setting: sync === 0 ? 'synchronous_standby_names' : 'synchronous_commit',
      breaksCp: true,
      fix:
        sync === 0
          ? { title: 'Wait for one synchronous standby: ANY 1 (*)', key: 'synchronous_standby_names', value: 'ANY 1 (*)' }
          : { title: 'synchronous_commit on', key: 'synchronous_commit', value: 'on' },
    };
  } else if (standbys === 0 && commit !== 'off') {
    b.line(
      'standbys',
      'With no standby there is nothing to fail over to: losing the primary stops reads and writes until it is back (its WAL on disk keeps acknowledged commits).',
    );
  }
  if (commit === 'remote_write' && waitsForStandbys)
    b.line(
      'synchronous_commit',
      'remote_write survives a standby process crash, not an operating-system crash of the standby host.',
    );

  const standbyReads = s.bool('read_from_standbys') ?? false;
  if (standbyReads) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line(
      'read_from_standbys',
      'read_from_standbys: true — read-only queries run on hot standbys, which see only the WAL they have replayed.',
    );
    const everyStandbyApplies = commit === 'remote_apply' && sync >= standbys && standbys > 0;
    if (!everyStandbyApplies) {
      t.consistency = {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        reason:
          commit === 'remote_apply' && sync > 0
            ? `only the ${sync} synchronous ${sync === 1 ? 'standby has' : 'standbys have'} replayed a commit when it returns; a read on another of the ${plural(standbys, 'standby', 'standbys')} can miss it.`
            : 'a standby replays WAL asynchronously after the commit returns (only synchronous_commit remote_apply waits for replay, and only on the synchronous standbys), so a read on a standby can miss it. PostgreSQL\'s docs: "data on the standby is eventually consistent with the primary".',
        setting: 'read_from_standbys',
        fix: { title: 'Wait for replay: synchronous_commit remote_apply', key: 'synchronous_commit', value: 'remote_apply' },
      };
      t.staleness = {
        kind: 'unmodelled',
        reason:
          'a standby replays WAL after the commit returns; its replay lag has no fixed figure, and conflicting queries can hold replay back up to max_standby_streaming_delay (30 s by default)',
      };
    } else {
      t.consistency = t.writeLoss
        ? undefined
        : {
            provided: ['strong'],
            whileHealthy: ['strong'],
            reason:
              'synchronous_commit remote_apply with every standby synchronous: a commit returns only once every standby has replayed it, so a read on any standby sees it.',
            setting: 'synchronous_commit',
          };
      t.staleness = {
        kind: 'fresh',
        reason: 'with remote_apply on every standby, a commit returns only once each standby has replayed it',
      };
    }
  } else {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line('read_from_standbys', 'Reads go to the primary.');
    t.consistency = t.writeLoss
      ? {
          provided: ['eventual'],
          whileHealthy: ['linearizable'],
          reason: `reads go to the primary, which is current while it lives, but ${t.writeLoss.reason}`,
          setting: t.writeLoss.setting,
          fix: t.writeLoss.fix,
        }
      : standbys === 0
        ? undefined
        : {
            provided: ['eventual'],
            whileHealthy: ['linearizable'],
            reason: `reads go to the primary, and every acknowledged commit is also on ${sync} synchronous ${sync === 1 ? 'standby' : 'standbys'}, which the failover promotes, so no acknowledged commit is lost; but PostgreSQL does not fence the old primary: cut off by a partition, it keeps answering reads after a standby is promoted on the other side, and those reads miss every commit made there. Only fencing outside PostgreSQL (a failover manager that demotes or stops the old primary) bounds that.`,
          };
  }
  // The primary (or a standby the failover manager promotes) and the synchronous standbys a commit waits for.
  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    const all = topology.classes.map((c) => c.id);
    const promoted = standbys > 0 ? ' (or a standby promoted in its place)' : '';
    const write = everywhere(
      topology,
      atLeast(w, all),
      w === 1
        ? `the primary${promoted}`
        : `the primary and ${w - 1} synchronous ${w - 1 === 1 ? 'standby' : 'standbys'} connected`,
    );
    const read = everywhere(topology, atLeast(1, all), standbyReads ? 'any one standby' : `the primary${promoted}`);
    return { topology, write, read };
  };
  return b.done();
}

function validatePostgres(ds: Datastore): EngineProblem[] {
  const s = new Settings(postgresql, ds);
  const spec = parseStandbyNames(s.str('synchronous_standby_names') ?? '');
  const standbys = s.int('standbys') ?? 0;
  const out: EngineProblem[] = [];
  if (spec && spec.num > standbys) {
    out.push(
      invalidSetting(
        'synchronous_standby_names',
        `Commits wait for ${spec.num} synchronous ${spec.num === 1 ? 'standby' : 'standbys'}, but there ${standbys === 1 ? 'is' : 'are'} ${standbys}: every commit blocks until more standbys connect.`,
      ),
    );
  } else if (spec && !spec.names.includes('*') && spec.num > spec.names.length) {
    out.push(
      invalidSetting(
        'synchronous_standby_names',
        `num_sync ${spec.num} is more than the ${plural(spec.names.length, 'standby', 'standbys')} named: every commit blocks.`,
      ),
    );
  }
  return out;
}

export const postgresql: Engine = {
  id: 'postgresql',
  displayName: 'PostgreSQL',
  aliases: ['postgres', 'pg'],
  family: 'leader',
  usualCap: 'neither',
  usualPacelc: 'PC/EC',
  summary:
    'One primary streams WAL to hot standbys, asynchronously by default; failover is external (Patroni, repmgr). With synchronous standbys and synchronous_commit on, commits survive a failover that promotes a synchronous standby, and wait rather than degrade; standby reads lag unless commits wait for remote_apply. PostgreSQL does not fence the old primary: cut off by a partition it keeps answering reads after a standby is promoted, so it is neither CP nor AP unless the failover manager fences it.',
  sources: [
    { title: 'PostgreSQL: synchronous_commit', url: DOCS.synchronousCommit },
    { title: 'PostgreSQL: synchronous_standby_names', url: DOCS.standbyNames },
    { title: 'PostgreSQL: Synchronous replication', url: DOCS.syncReplication },
  ],
  countSetting: { key: 'standbys', offset: 1 },
  settings: {
    standbys: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Streaming-replication standbys of the primary.',
      source: DOCS.syncReplication,
    },
    synchronous_standby_names: {
      type: 'string',
      description:
        'Synchronous standbys a commit waits for: `FIRST n (names)`, `ANY n (names)` (quorum commit), `*`, or empty for asynchronous replication.',
      source: DOCS.standbyNames,
      example: 'ANY 1 (*)',
    },
    synchronous_commit: {
      values: ['on', 'remote_apply', 'remote_write', 'local', 'off'],
      valueDocs: {
        on: 'Wait for the local flush and for the synchronous standbys to flush (the default).',
        remote_apply: 'Also wait until the synchronous standbys have replayed the commit: it is visible in queries there.',
        remote_write: 'Wait until the synchronous standbys have written it to the OS, not flushed.',
        local: 'Wait for the local flush only.',
        off: 'Do not wait even for the local flush.',
      },
      default: 'on',
      description: 'What a commit waits for before reporting success.',
      source: DOCS.synchronousCommit,
    },
    read_from_standbys: {
      type: 'boolean',
      default: false,
      description: 'Read-only queries run on hot standbys.',
      source: DOCS.hotStandby,
    },
  },
  example: { standbys: 2, synchronous_standby_names: 'ANY 1 (*)', synchronous_commit: 'on' },
  translate: translatePostgres,
  validate: validatePostgres,
};
