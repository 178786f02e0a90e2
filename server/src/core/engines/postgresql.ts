// PostgreSQL streaming replication: a primary ships WAL to standbys, asynchronously unless
// synchronous_standby_names lists synchronous ones; synchronous_commit says what a commit waits for
// (flush, write or replay on those standbys). Failover is done by an external tool (Patroni, …).

import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // on, remote_apply, remote_write, local, off: what a commit waits for; "off" can lose recent commits in a crash.
  synchronousCommit: 'https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT',
  // [FIRST] num_sync (names) | ANY num_sync (names) | names: how many synchronous standbys a commit waits for.
  standbyNames: 'https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES',
  // "If no synchronous standbys are available, commits wait": synchronous replication never falls back.
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
    return { method: (m[1]?.toUpperCase() as 'FIRST' | 'ANY' | undefined) ?? 'FIRST', num: Number(m[2]), names: m[3].split(',').map((x) => x.trim()).filter(Boolean) };
  }
  return { method: 'FIRST', num: 1, names: trimmed.split(',').map((x) => x.trim()).filter(Boolean) };
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
  b.line('standbys', `standbys: ${standbys} → N = ${n} (the primary and ${standbys} streaming ${standbys === 1 ? 'standby' : 'standbys'}).`);
  const spec = parseStandbyNames(s.str('synchronous_standby_names') ?? '');
  const commit = s.str('synchronous_commit') ?? 'on';
  const sync = spec ? Math.min(spec.num, standbys) : 0;
  const waitsForStandbys = sync > 0 && commit !== 'local' && commit !== 'off';
  const w = waitsForStandbys ? 1 + sync : 1;
  t.writeQuorum = w;
  b.origin('writeQuorum', 'synchronous_standby_names', 'synchronous_commit');
  if (!spec) b.line('synchronous_standby_names', "synchronous_standby_names is empty: replication is asynchronous, a commit returns once the primary's WAL is flushed (W = 1).");
  else b.line('synchronous_standby_names', `synchronous_standby_names: ${spec.method} ${spec.num} of (${spec.names.join(', ')}) → a commit waits for ${spec.num} synchronous ${spec.num === 1 ? 'standby' : 'standbys'}${spec.method === 'ANY' ? ', any of them (quorum commit)' : ', the first ones listed that are connected (priority)'}.`);
  const commitMeaning: Record<string, string> = {
    on: 'the synchronous standbys have flushed the commit record to disk',
    remote_apply: 'the synchronous standbys have replayed the commit, so it is visible to queries there',
    remote_write: 'the synchronous standbys have written the commit record to their operating system (lost if a standby host crashes)',
    local: 'only the local flush; standbys are not waited for',
    off: 'nothing: the commit returns before even the local WAL flush (a crash loses the last few hundred milliseconds of commits)',
  };
  b.line('synchronous_commit', `synchronous_commit: ${commit} → a commit waits for ${commitMeaning[commit]}${spec && waitsForStandbys ? ` (W = ${w})` : ''}.`);
  if (waitsForStandbys) b.line(['synchronous_standby_names', 'synchronous_commit'], 'If too few synchronous standbys are connected, commits wait: PostgreSQL does not fall back to asynchronous replication.');

  const standbyReads = s.bool('read_from_standbys') ?? false;
  if (standbyReads) {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.line('read_from_standbys', 'read_from_standbys: true — read-only queries run on hot standbys, which see only the WAL they have replayed.');
    const everyStandbyApplies = commit === 'remote_apply' && sync >= standbys;
    if (!everyStandbyApplies) {
      t.guarantee = {
        consistency: ['eventual'],
        reason:
          commit === 'remote_apply'
            ? `only the ${sync} synchronous ${sync === 1 ? 'standby has' : 'standbys have'} replayed a commit when it returns; a read on another of the ${standbys} standbys can miss it.`
            : `a standby replays WAL after ${commit === 'on' ? 'flushing' : 'receiving'} it; a commit returns without waiting for replay (only synchronous_commit remote_apply waits), so a read on a standby can miss it.`,
        setting: 'read_from_standbys',
        fix: { title: 'Wait for replay: synchronous_commit remote_apply', key: 'synchronous_commit', value: 'remote_apply' },
      };
    }
  } else {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line('read_from_standbys', 'Reads go to the primary.');
  }

  const maj = majority(n);
  if (commit === 'off') {
    t.writeLoss = { reason: 'synchronous_commit off acknowledges a commit before its WAL is flushed even locally: a crash of the primary loses it, failover or not.', setting: 'synchronous_commit', breaksCp: true, fix: { title: 'synchronous_commit on', key: 'synchronous_commit', value: 'on' } };
  } else if (w < maj) {
    t.writeLoss = {
      reason: `a commit is acknowledged once ${w === 1 ? 'the primary alone has' : `${w} of ${n} servers have`} it, fewer than a majority (${maj}); failing over to a standby that did not receive it loses it${sync === 0 ? ' (asynchronous replication)' : ''}.`,
      setting: sync === 0 ? 'synchronous_standby_names' : 'synchronous_commit',
      breaksCp: true,
      fix: standbys > 0 ? { title: `Wait for a majority: ANY ${maj - 1} synchronous standbys`, key: 'synchronous_standby_names', value: `ANY ${maj - 1} (*)` } : undefined,
    };
  }
  if (commit === 'remote_write' && w >= maj) b.line('synchronous_commit', 'remote_write survives a standby process crash, not an operating-system crash of the standby host.');
  return b.done();
}

function validatePostgres(ds: Datastore): Finding[] {
  const s = new Settings(postgresql, ds);
  const spec = parseStandbyNames(s.str('synchronous_standby_names') ?? '');
  const standbys = s.int('standbys') ?? 0;
  const out: Finding[] = [];
  if (spec && spec.num > standbys) {
    out.push(invalidSetting(ds, 'synchronous_standby_names', `Commits wait for ${spec.num} synchronous ${spec.num === 1 ? 'standby' : 'standbys'}, but there ${standbys === 1 ? 'is' : 'are'} ${standbys}: every commit blocks until more standbys connect.`));
  } else if (spec && !spec.names.includes('*') && spec.num > spec.names.length) {
    out.push(invalidSetting(ds, 'synchronous_standby_names', `num_sync ${spec.num} is more than the ${spec.names.length} standbys named: every commit blocks.`));
  }
  return out;
}

export const postgresql: Engine = {
  id: 'postgresql',
  displayName: 'PostgreSQL',
  aliases: ['postgres', 'pg'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'One primary streams WAL to hot standbys, asynchronously by default. With synchronous_standby_names covering a majority and synchronous_commit on, commits survive failover and wait rather than degrade; standby reads lag unless commits wait for remote_apply.',
  sources: [
    { title: 'PostgreSQL: synchronous_commit', url: DOCS.synchronousCommit },
    { title: 'PostgreSQL: synchronous_standby_names', url: DOCS.standbyNames },
    { title: 'PostgreSQL: Synchronous replication', url: DOCS.syncReplication },
  ],
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
      description: 'Synchronous standbys a commit waits for: `FIRST n (names)`, `ANY n (names)` (quorum commit), `*`, or empty for asynchronous replication.',
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
