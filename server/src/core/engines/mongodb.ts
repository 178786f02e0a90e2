// MongoDB replica sets: one primary takes writes and replicates its oplog to secondaries; writeConcern w/j
// says when a write is acknowledged, readConcern what a read may return, readPreference where it goes.
// Modelled as leader replication (a primary that steps down can still answer), and as consensus only for
// readConcern "linearizable", which confirms the primary with a majority before answering.

import type { Consistency } from '../consistency';
import type { Finding } from '../findings';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';

const DOCS = {
  // w: <number> | "majority"; j; implicit default write concern {w: "majority"} since MongoDB 5.0.
  writeConcern: 'https://www.mongodb.com/docs/manual/reference/write-concern/',
  // local, available, majority, linearizable ("for read operations on the primary only"), snapshot.
  readConcern: 'https://www.mongodb.com/docs/manual/reference/read-concern/',
  linearizable: 'https://www.mongodb.com/docs/manual/reference/read-concern-linearizable/',
  readPreference: 'https://www.mongodb.com/docs/manual/core/read-preference/',
  // Which of read-your-writes, monotonic reads, monotonic writes and writes-follow-reads hold for each pair of
  // read and write concern in a causally consistent session: all four only with "majority"/"majority".
  causal: 'https://www.mongodb.com/docs/manual/core/causal-consistency-read-write-concerns/',
  // Writes acknowledged with w:1 that no secondary replicated are rolled back when the old primary rejoins.
  rollbacks: 'https://www.mongodb.com/docs/manual/core/replica-set-rollbacks/',
  architecture: 'https://www.mongodb.com/docs/manual/core/replica-set-architectures/',
};

const READ_PREFS = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'] as const;

export function translateMongo(ds: Datastore): EngineTranslation {
  const s = new Settings(mongodb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leader';
  const n = s.int('members');
  if (n === undefined) {
    b.line('members', 'members is not set: write the number of data-bearing voting members (e.g. 3) so CAP Lens knows N.');
    return b.done();
  }
  const maj = majority(n);
  t.replicas = n;
  b.origin('replicas', 'members');
  b.line('members', `members: N = ${n} (one primary, ${n - 1} ${n - 1 === 1 ? 'secondary' : 'secondaries'}); an election needs ${maj} votes.`);

  const wRaw = s.raw('w') ?? 'majority';
  const journaled = s.bool('j');
  const unacknowledged = wRaw === 0;
  const w = wRaw === 'majority' ? maj : Math.max(1, Math.min(n, Number(wRaw)));
  t.writeQuorum = w;
  b.origin('writeQuorum', 'w');
  b.line(
    'w',
    wRaw === 'majority'
      ? `w: majority → W = ${maj}: acknowledged once a majority (${maj} of ${n}) has the write${s.has('w') ? '' : ' (the implicit default since MongoDB 5.0)'}; it survives any failover.`
      : unacknowledged
        ? 'w: 0 → unacknowledged: the driver does not wait for the primary at all (modelled as W = 1).'
        : `w: ${wRaw} → W = ${w}: acknowledged once ${w === 1 ? 'the primary alone has' : `${w} members have`} the write${w < maj ? `, fewer than a majority (${maj}): if the primary fails first, the write is rolled back when it rejoins` : ''}.`,
  );
  if (journaled === false && wRaw !== 'majority') b.line('j', 'j: false — acknowledged before the write reaches the on-disk journal: even a restart of the primary can lose it.');
  else if (journaled) b.line('j', 'j: true — acknowledged only after the journal is on disk on the acknowledging members.');

  const rc = s.str('read_concern') ?? 'local';
  const pref = (s.str('read_preference') ?? 'primary') as (typeof READ_PREFS)[number];
  const sessions = s.bool('causal_consistency') ?? false;
  const onPrimary = pref === 'primary';

  if (rc === 'linearizable' && onPrimary) {
    t.replication = 'consensus';
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.origin('readQuorum', 'read_concern');
    b.line('read_concern', `read_concern: linearizable — the primary confirms with a majority that it is still primary before answering (modelled as consensus, R = ${maj}); it reflects every w: majority write acknowledged before the read started, for a query on a single document.`);
  } else if (onPrimary) {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line(['read_preference', 'read_concern'], `read_preference: primary, read_concern: ${rc} — answered by the primary alone (R = 1)${rc === 'majority' ? ', from its majority-committed snapshot: never data that can be rolled back, but it may lag the newest writes' : ', from its newest data, which may include writes later rolled back'}. A primary cut off from the majority can keep answering until it notices and steps down.`);
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'read_preference');
    b.line('read_preference', `read_preference: ${pref} — ${pref === 'primaryPreferred' ? 'the primary while there is one, a secondary during failover' : pref === 'secondaryPreferred' ? 'a secondary when one is available' : pref === 'nearest' ? 'the member with the lowest latency, primary or secondary' : 'a secondary'}; secondaries apply the oplog asynchronously and may lag (R = 1).`);
  }
  if (sessions) b.line('causal_consistency', 'causal_consistency: true — operations carry the session\'s cluster time, and a member waits until it has caught up to it before answering.');

  // What the documentation promises, where it says more or less than the quorum maths.
  let guarantee: { consistency: Consistency[]; reason: string; setting: string } | undefined;
  if (rc === 'linearizable' && w >= maj && onPrimary) {
    guarantee = { consistency: ['linearizable'], reason: 'readConcern "linearizable" on the primary reflects every majority-acknowledged write completed before the read started.', setting: 'read_concern' };
  } else if (w < maj && (rc === 'majority' || rc === 'snapshot')) {
    guarantee = {
      consistency: ['monotonic-reads'],
      reason: `a w: ${wRaw} write is acknowledged before a majority has it, and a "${rc}" read shows only majority-committed data, so a client can read right after its own acknowledged write and not see it. MongoDB's table of read and write concerns gives read-your-writes only with w: majority; with w: 1 and readConcern majority, only monotonic reads and writes-follow-reads hold.`,
      setting: 'w',
    };
  } else if (sessions && w >= maj && (rc === 'majority' || rc === 'snapshot')) {
    guarantee = {
      consistency: ['causal'],
      reason: 'in a causally consistent session with readConcern "majority" and writeConcern "majority", MongoDB guarantees read-your-writes, monotonic reads, monotonic writes and writes-follow-reads, even across failover and on secondaries.',
      setting: 'causal_consistency',
    };
  } else if (onPrimary && w >= maj && rc !== 'linearizable') {
    guarantee = {
      consistency: ['strong'],
      reason: `reads go to the primary, which has every w: majority write, but with readConcern "${rc}" it answers without confirming it is still primary: a primary cut off from the majority keeps serving reads until it steps down, while a new primary accepts writes. Only readConcern "linearizable" rules that out.`,
      setting: 'read_concern',
    };
  } else if (!onPrimary && !sessions) {
    guarantee = { consistency: ['eventual'], reason: `reads with readPreference ${pref} can go to a secondary that has not applied the latest writes, and two reads can go to different secondaries.`, setting: 'read_preference' };
  }
  if (guarantee) {
    t.guarantee = {
      ...guarantee,
      fix:
        guarantee.setting === 'w'
          ? { title: 'Write with w: majority', key: 'w', value: 'majority' }
          : guarantee.setting === 'read_preference'
            ? { title: 'Read from the primary', key: 'read_preference', value: 'primary' }
            : guarantee.setting === 'read_concern' && guarantee.consistency[0] === 'strong'
              ? { title: 'Read with readConcern linearizable', key: 'read_concern', value: 'linearizable' }
              : undefined,
    };
  }

  if (unacknowledged || w < maj || journaled === false) {
    t.writeLoss = {
      reason: unacknowledged
        ? 'with w: 0 the client never learns whether the primary applied the write.'
        : w < maj
          ? `with w: ${wRaw} a write is acknowledged once ${w === 1 ? 'the primary has' : `${w} of ${n} members have`} it; if the primary fails before a majority replicates it, the new primary never sees it and the old one rolls it back when it rejoins.`
          : 'with j: false the write is acknowledged before it is journaled, so a crash of the acknowledging members loses it.',
      setting: unacknowledged || w < maj ? 'w' : 'j',
      breaksCp: true,
      fix: { title: 'Write with w: majority', key: 'w', value: 'majority' },
    };
  }
  b.line(undefined, `A primary failure triggers an election among the ${n - 1} others; the side of a partition without ${maj} members cannot elect a primary and refuses writes.`);
  return b.done();
}

function validateMongo(ds: Datastore): Finding[] {
  const s = new Settings(mongodb, ds);
  const out: Finding[] = [];
  const pref = s.str('read_preference') ?? 'primary';
  if (s.str('read_concern') === 'linearizable' && pref !== 'primary') {
    out.push(
      invalidSetting(ds, 'read_preference', `readConcern "linearizable" is available for read operations on the primary only; with readPreference ${pref} the read fails or, with primaryPreferred during failover, cannot be served. Read from the primary, or use readConcern "majority" on secondaries.`, [
        { title: 'Read from the primary', edits: [{ span: ds.settings!.value.read_preference.span, newText: 'primary' }], preferred: true },
      ]),
    );
  }
  if (s.str('read_concern') === 'linearizable' && s.bool('causal_consistency')) {
    out.push(invalidSetting(ds, 'causal_consistency', 'readConcern "linearizable" is unavailable in causally consistent sessions; use readConcern "majority" in the session, or linearizable reads outside it.'));
  }
  const n = s.int('members');
  const w = s.raw('w');
  if (n !== undefined && typeof w === 'number' && w > n) {
    out.push(invalidSetting(ds, 'w', `w: ${w} asks more members to acknowledge than the replica set has (${n}): every write waits for its wtimeout and then reports an error.`));
  }
  return out;
}

export const mongodb: Engine = {
  id: 'mongodb',
  displayName: 'MongoDB',
  aliases: ['mongo'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'A replica set: one elected primary takes writes and secondaries replicate its oplog. With the default write concern (majority, since 5.0) acknowledged writes survive failover; reads from the primary are strong but only readConcern "linearizable" rules out a deposed primary.',
  sources: [
    { title: 'MongoDB: Write concern', url: DOCS.writeConcern },
    { title: 'MongoDB: Read concern', url: DOCS.readConcern },
    { title: 'MongoDB: Causal consistency and read and write concerns', url: DOCS.causal },
  ],
  settings: {
    members: {
      type: 'integer',
      minimum: 1,
      maximum: 50,
      description: 'Data-bearing voting members of the replica set (primary and secondaries). An odd number; 3 or 5 is usual.',
      source: DOCS.architecture,
      example: 3,
    },
    w: {
      values: ['majority', 0, 1],
      integers: true,
      minimum: 0,
      valueDocs: { majority: 'Acknowledged once a majority of voting members has the write: it survives failover.', '0': 'Unacknowledged.', '1': 'Acknowledged by the primary alone: rolled back if it fails before replicating.' },
      default: 'majority',
      description: 'writeConcern `w`: how many members must have the write before it is acknowledged.',
      source: DOCS.writeConcern,
    },
    j: {
      type: 'boolean',
      description: 'writeConcern `j`: acknowledge only once the write is in the on-disk journal. With w: "majority" the journal is implied by default (writeConcernMajorityJournalDefault).',
      source: DOCS.writeConcern,
    },
    read_concern: {
      values: ['local', 'available', 'majority', 'linearizable', 'snapshot'],
      valueDocs: {
        local: "The member's newest data, which may later be rolled back (the default).",
        available: 'Like local; on sharded clusters may also return orphaned documents.',
        majority: 'Only data acknowledged by a majority: never rolled back, but possibly not the newest.',
        linearizable: 'On the primary only: every majority-acknowledged write that completed before the read began.',
        snapshot: 'A majority-committed snapshot at one point in time (transactions and some reads).',
      },
      default: 'local',
      description: 'readConcern level: which data a read may return.',
      source: DOCS.readConcern,
    },
    read_preference: {
      values: READ_PREFS,
      valueDocs: {
        primary: 'Always the primary (the default).',
        primaryPreferred: 'The primary, or a secondary when there is no primary.',
        secondary: 'A secondary.',
        secondaryPreferred: 'A secondary, or the primary when no secondary is available.',
        nearest: 'The member with the lowest network latency.',
      },
      default: 'primary',
      description: 'readPreference: which members serve reads.',
      source: DOCS.readPreference,
    },
    causal_consistency: {
      type: 'boolean',
      default: false,
      description: 'Reads and writes run in causally consistent client sessions, so every operation waits for the cluster time of the ones before it.',
      source: DOCS.causal,
    },
  },
  example: { members: 3, w: 'majority', read_concern: 'majority', read_preference: 'primary' },
  translate: translateMongo,
  validate: validateMongo,
};
