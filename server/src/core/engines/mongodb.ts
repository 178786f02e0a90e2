// MongoDB replica sets: one primary takes writes and replicates its oplog to secondaries; writeConcern w/j
// says when a write is acknowledged, readConcern what a read may return, readPreference where it goes.
// A primary exists only where a majority of the voting members (arbiters included) elects it; reads are current
// while it leads, and only readConcern "linearizable" rules out a deposed primary and rolled-back reads.

import type { Consistency } from '../semantics/consistency';
import { allOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // w: <number> | "majority"; j; "majority" = min(voting majority, data-bearing voters); with w: "majority" the
  // journal is required even with j: false (writeConcernMajorityJournalDefault).
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
  // "a replica set can have up to 50 members, but only 7 voting members"; a primary that "can only see a
  // minority of nodes … steps down"; secondaries call an election after electionTimeoutMillis (10 s).
  elections: 'https://www.mongodb.com/docs/manual/core/replica-set-elections/',
  // settings.electionTimeoutMillis (default 10000) and settings.heartbeatIntervalMillis (default 2000).
  configuration: 'https://www.mongodb.com/docs/manual/reference/replica-configuration/',
  arbiter: 'https://www.mongodb.com/docs/manual/core/replica-set-arbiter/',
  // The implicit default write concern: {w: "majority"}, or {w: 1} with arbiters when non-arbiters ≤ majority.
  defaults: 'https://www.mongodb.com/docs/manual/reference/mongodb-defaults/',
  // "local"/"available" are read uncommitted and can return data later rolled back.
  isolation: 'https://www.mongodb.com/docs/manual/core/read-isolation-consistency-recency/',
};

const READ_PREFS = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'] as const;

export function translateMongo(ds: Datastore): EngineTranslation {
  const s = new Settings(mongodb, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  // Secondaries call an election after electionTimeoutMillis without the primary; a primary that cannot see a
  // majority for as long steps down (elections page; TopologyCoordinator::checkMemberTimeouts).
  t.timers = {
    election: { ms: 10_000, setting: 'settings.electionTimeoutMillis', source: DOCS.configuration },
    heartbeat: { ms: 2000, setting: 'settings.heartbeatIntervalMillis', source: DOCS.configuration },
    stepDown: { ms: 10_000, setting: 'settings.electionTimeoutMillis', source: DOCS.elections },
  };
  t.replication = 'leader';
  const n = s.int('members');
  if (n === undefined) {
    b.line('members', 'members is not set: write the number of data-bearing voting members (e.g. 3) so CAP Lens knows N.');
    return b.done();
  }
  const arbiters = s.int('arbiters') ?? 0;
  const voters = n + arbiters;
  const electionMajority = majority(voters);
  // "The majority for write concern "majority" is calculated as the smaller of" the voting majority and the
  // number of data-bearing voting members (write-concern docs).
  const writeMajority = Math.min(electionMajority, n);
  t.replicas = n;
  b.origin('replicas', 'members');
  b.line(
    ['members', 'arbiters'],
    `members: N = ${plural(n, 'data-bearing voting member')}${arbiters ? ` and ${plural(arbiters, 'arbiter')} (vote, hold no data)` : ''}; ${voters === 1 ? 'the one member is always primary' : `electing a primary takes ${electionMajority} of ${voters} votes`}.`,
  );
  // "Avoid deploying more than one arbiter in a replica set" (core/replica-set-arbiter): an even count is fixed by
  // dropping the arbiter, not adding one.
  t.electorate = {
    voters,
    majority: electionMajority,
    what: arbiters ? `voting members (${n} data-bearing, ${plural(arbiters, 'arbiter')})` : 'voting members',
    origin: arbiters ? { ...s.countOrigin('arbiters')!, max: 1 } : s.countOrigin('members'),
  };

  // Since 5.0 the implicit default is w: "majority", except with arbiters where the data-bearing members are no
  // more than a voting majority: then it is w: 1 (mongodb-defaults docs).
  const implicitW = arbiters > 0 && n <= electionMajority ? 1 : 'majority';
  const wRaw = s.has('w') ? s.raw('w')! : implicitW;
  const journaled = s.bool('j');
  const unacknowledged = wRaw === 0;
  const w = wRaw === 'majority' ? writeMajority : Math.max(1, Math.min(n, Number(wRaw)));
  t.writeQuorum = w;
  b.origin('writeQuorum', 'w');
  b.line(
    'w',
    wRaw === 'majority'
      ? `w: majority → W = ${writeMajority}: acknowledged once ${writeMajority} of the ${n} data-bearing members have the write${s.has('w') ? '' : ' (the implicit default since MongoDB 5.0)'}; it survives any failover.`
      : unacknowledged
        ? 'w: 0 → unacknowledged: the driver does not wait for the primary at all (modelled as W = 1).'
        : `w: ${wRaw} → W = ${w}: acknowledged once ${w === 1 ? 'the primary alone has' : `${plural(w, 'member')} ${w === 1 ? 'has' : 'have'}`} the write${s.has('w') ? '' : ` (the implicit default: with ${arbiters === 1 ? 'an arbiter' : 'arbiters'} the data-bearing members are only ${n} of ${plural(voters, 'voter')})`}${w < writeMajority ? `, fewer than a majority (${writeMajority}): if the primary fails before a majority has it, the write can be rolled back` : ''}.`,
  );
  if (journaled === false && wRaw === 'majority')
    b.line(
      'j',
      'j: false — with w: "majority" the journal is still required (writeConcernMajorityJournalDefault is true by default).',
    );
  else if (journaled === false)
    b.line('j', 'j: false — acknowledged before the write reaches the on-disk journal: a crash of the primary can lose it.');
  else if (journaled) b.line('j', 'j: true — acknowledged only after the journal is on disk on the acknowledging members.');

  const rc = s.str('read_concern') ?? 'local';
  const pref = (s.str('read_preference') ?? 'primary') as (typeof READ_PREFS)[number];
  const sessions = s.bool('causal_consistency') ?? false;
  const onPrimary = pref === 'primary';
  const majorityWrites = w >= writeMajority;
  const majorityReads = rc === 'majority' || rc === 'snapshot';

  if (rc === 'linearizable' && onPrimary) {
    t.replication = 'consensus';
    t.readFrom = 'leader';
    t.readQuorum = writeMajority;
    b.origin('readQuorum', 'read_concern');
    b.line(
      'read_concern',
      `read_concern: linearizable — the primary confirms with a majority that it is still primary before answering (modelled as consensus, R = ${writeMajority}); it reflects every w: majority write acknowledged before the read started, for a query on a single document.`,
    );
  } else if (onPrimary) {
    t.readFrom = 'leader';
    t.readQuorum = 1;
    b.line(
      ['read_preference', 'read_concern'],
      `read_preference: primary, read_concern: ${rc} — answered by the primary alone (R = 1)${majorityReads ? ', from its majority-committed snapshot: never data that can be rolled back, but it may lag the newest writes' : ', from its newest data, which may include writes later rolled back (read uncommitted)'}. A primary cut off from the majority keeps answering until it notices it cannot see a majority and steps down (about electionTimeoutMillis, 10 s by default), while the majority side elects a new one.`,
    );
  } else {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'read_preference');
    b.line(
      'read_preference',
      `read_preference: ${pref} — ${pref === 'primaryPreferred' ? 'the primary while there is one, a secondary during failover' : pref === 'secondaryPreferred' ? 'a secondary when one is available' : pref === 'nearest' ? 'the member with the lowest latency, primary or secondary' : 'a secondary'}; secondaries apply the oplog asynchronously and may lag (R = 1).`,
    );
  }
  if (sessions)
    b.line(
      'causal_consistency',
      "causal_consistency: true — operations carry the session's cluster time, and a member waits until it has caught up to it before answering.",
    );

  // What the documentation promises, per read concern, read preference and session (see DOCS).
  const sessionModels: Consistency[] | undefined = !sessions
    ? undefined
    : majorityReads && majorityWrites
      ? ['causal']
      : majorityReads
        ? ['monotonic-reads']
        : undefined;
  const sessionNote = sessions
    ? sessionModels?.includes('causal')
      ? ' In a causally consistent session with readConcern "majority" and writeConcern "majority", MongoDB guarantees read-your-writes, monotonic reads, monotonic writes and writes-follow-reads within the session, even across failover and on secondaries.'
      : ` In a causally consistent session, read-your-writes, monotonic reads, monotonic writes and writes-follow-reads all need readConcern "majority" and writeConcern "majority" (MongoDB's table of read and write concerns)${majorityReads ? `; with w: ${String(wRaw)} only monotonic reads and writes-follow-reads hold` : `; with readConcern "${rc}"${majorityWrites ? '' : ` and w: ${wRaw}`} none of them does, because ${majorityWrites ? '' : `w: ${wRaw} writes and `}"${rc}" reads can be rolled back`}.`
    : '';
  if (voters === 1) {
    // No election and no other member: nothing is rolled back and no second primary can exist.
    t.consistency = {
      provided: ['linearizable'],
      reason:
        'a single member and no arbiter: every read and write goes to the one copy, in one order, and with no election nothing is ever rolled back.',
    };
  } else if (rc === 'linearizable' && onPrimary && majorityWrites) {
    t.consistency = {
      provided: ['linearizable'],
      reason:
        'readConcern "linearizable" on the primary reflects every majority-acknowledged write completed before the read started, and confirms with a majority that the primary still leads.',
      setting: 'read_concern',
    };
  } else if (onPrimary) {
    const rollback = !majorityWrites
      ? `a w: ${wRaw} write is acknowledged before a majority has it, so a failover can roll it back, and reads that saw it are contradicted`
      : majorityReads
        ? `reads come from the primary's majority-committed snapshot, but a primary cut off on the minority side keeps answering (stale) reads until it steps down`
        : `readConcern "${rc}" is read uncommitted: a read can return a write that a failover later rolls back, and a primary cut off on the minority side keeps answering reads until it steps down`;
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['linearizable'],
      session: sessionModels,
      reason: `${rollback}; only readConcern "linearizable" with w: "majority" rules that out.${sessionNote}`,
      setting: majorityWrites ? 'read_concern' : 'w',
      fix: majorityWrites
        ? { title: 'Read with readConcern linearizable', key: 'read_concern', value: 'linearizable' }
        : { title: 'Write with w: majority', key: 'w', value: 'majority' },
    };
  } else {
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['eventual'],
      session: sessionModels,
      reason: `reads with readPreference ${pref} can go to a secondary that has not applied the latest writes, and two reads can go to different secondaries.${sessionNote}`,
      setting: 'read_preference',
      fix: { title: 'Read from the primary', key: 'read_preference', value: 'primary' },
    };
  }

  if (unacknowledged || w < writeMajority || (journaled === false && wRaw !== 'majority')) {
    t.writeLoss = {
      reason: unacknowledged
        ? 'with w: 0 the client never learns whether the primary applied the write.'
        : w < writeMajority
          ? `with w: ${wRaw} a write is acknowledged once ${w === 1 ? 'the primary has' : `${w} of ${plural(n, 'member')} ${n === 1 ? 'has' : 'have'}`} it; if the primary fails before a majority replicates it, a new primary can be elected without it and the old one rolls it back when it rejoins.`
          : 'with j: false and w below "majority" the write is acknowledged before it is journaled, so a crash of the acknowledging members loses it.',
      setting: unacknowledged || w < writeMajority ? 'w' : 'j',
      breaksCp: true,
      fix: { title: 'Write with w: majority', key: 'w', value: 'majority' },
    };
  }

  t.availability = (placement) => {
    const topology = placeReplicas(n, placement, false);
    if (arbiters > 0)
      topology.classes.push({ id: `arbiter@${topology.groups[0]}`, group: topology.groups[0], role: 'arbiter', size: arbiters });
    const data = topology.classes.filter((c) => c.role !== 'arbiter').map((c) => c.id);
    const votersIds = topology.classes.map((c) => c.id);
    // A primary exists only where a majority of the voting members elects (or keeps) one; a primary that cannot
    // see a majority steps down.
    const primary = allOf(atLeast(electionMajority, votersIds), atLeast(1, data));
    const acks = wRaw === 'majority' ? writeMajority : w;
    const electedNeeds = `a primary elected by ${electionMajority} of ${voters} voting members`;
    const write = everywhere(
      topology,
      allOf(primary, atLeast(acks, data)),
      acks > 1 ? `${electedNeeds}, and ${acks} data-bearing members acknowledging` : electedNeeds,
    );
    const read = onPrimary
      ? everywhere(topology, primary, electedNeeds)
      : everywhere(topology, atLeast(1, data), 'any data-bearing member');
    // Only readConcern "linearizable" confirms with a majority; other primary reads go on until the step-down.
    if (onPrimary && rc !== 'linearizable')
      read.untilItNotices =
        'the old primary keeps answering stale reads until it notices it cannot see a majority and steps down (about electionTimeoutMillis, 10 s by default)';
    return { topology, write, read };
  };
  t.staleness = onPrimary
    ? { kind: 'fresh', reason: 'reads go to the primary, which has every acknowledged write while it leads' }
    : sessions && sessionModels?.includes('causal')
      ? {
          kind: 'per-reader',
          readers: [
            {
              where: "in the writer's causally consistent session",
              probability: 0,
              note: "the member waits for the session's cluster time before answering",
            },
            {
              where: 'outside that session',
              probability: undefined,
              note: "a secondary's replication lag, which has no fixed bound (maxStalenessSeconds, at least 90 s, limits which secondaries a driver picks)",
            },
          ],
        }
      : {
          kind: 'unmodelled',
          reason:
            'a secondary applies the oplog asynchronously; its lag has no fixed bound (maxStalenessSeconds, at least 90 s, limits which secondaries a driver picks)',
        };
  b.line(
    undefined,
    `A primary failure triggers an election among the ${voters - 1} other voters; the side of a partition without ${electionMajority} voting members cannot elect a primary and refuses writes.`,
  );
  return b.done();
}

function validateMongo(ds: Datastore): EngineProblem[] {
  const s = new Settings(mongodb, ds);
  const out: EngineProblem[] = [];
  const pref = s.str('read_preference') ?? 'primary';
  if (s.str('read_concern') === 'linearizable' && pref !== 'primary') {
    out.push(
      invalidSetting(
        'read_preference',
        `readConcern "linearizable" is available for read operations on the primary only; with readPreference ${pref} the read fails or, with primaryPreferred during failover, cannot be served. Read from the primary, or use readConcern "majority" on secondaries.`,
        {
          title: 'Read from the primary',
          key: 'read_preference',
          value: 'primary',
        },
      ),
    );
  }
  if (s.str('read_concern') === 'linearizable' && s.bool('causal_consistency')) {
    out.push(
      invalidSetting(
        'causal_consistency',
        'readConcern "linearizable" is unavailable in causally consistent sessions; use readConcern "majority" in the session, or linearizable reads outside it.',
      ),
    );
  }
  const n = s.int('members');
  const w = s.raw('w');
  if (n !== undefined && typeof w === 'number' && w > n) {
    out.push(
      invalidSetting(
        'w',
        `w: ${w} asks more members to acknowledge than the replica set has (${n}): every write waits for its wtimeout and then reports an error.`,
      ),
    );
  }
  const arbiters = s.int('arbiters') ?? 0;
  if (n !== undefined && n + arbiters > 7) {
    out.push(
      invalidSetting(
        s.has('arbiters') ? 'arbiters' : 'members',
        `A replica set has at most 7 voting members; ${n} data-bearing members and ${arbiters} ${arbiters === 1 ? 'arbiter' : 'arbiters'} make ${n + arbiters}. Members beyond 7 must be non-voting (votes: 0).`,
      ),
    );
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
    'A replica set: a primary elected by a majority of the voting members takes writes and secondaries replicate its oplog. With w: "majority" acknowledged writes survive failover; reads from the primary are current while it leads, but only readConcern "linearizable" rules out a deposed primary and reads of writes later rolled back.',
  sources: [
    { title: 'MongoDB: Write concern', url: DOCS.writeConcern },
    { title: 'MongoDB: Read concern', url: DOCS.readConcern },
    { title: 'MongoDB: Causal consistency and read and write concerns', url: DOCS.causal },
  ],
  countSetting: { key: 'members' },
  settings: {
    members: {
      type: 'integer',
      minimum: 1,
      maximum: 7,
      description:
        'Data-bearing voting members of the replica set (primary and secondaries): at most 7 vote. With arbiters, an odd number of voters; 3 or 5 is usual.',
      source: DOCS.elections,
      example: 3,
    },
    arbiters: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description:
        'Arbiters: they vote in elections but hold no data and never become primary. With arbiters the implicit default write concern can be w: 1.',
      source: DOCS.arbiter,
    },
    w: {
      values: ['majority', 0, 1],
      integers: true,
      minimum: 0,
      valueDocs: {
        majority: 'Acknowledged once a majority of voting members has the write: it survives failover.',
        '0': 'Unacknowledged.',
        '1': 'Acknowledged by the primary alone: can be rolled back if it fails before a majority has it.',
      },
      default: 'majority',
      description:
        'writeConcern `w`: how many members must have the write before it is acknowledged. The implicit default is "majority", or 1 when arbiters make the data-bearing members no more than a voting majority.',
      source: DOCS.writeConcern,
    },
    j: {
      type: 'boolean',
      description:
        'writeConcern `j`: acknowledge only once the write is in the on-disk journal. With w: "majority" the journal is implied by default (writeConcernMajorityJournalDefault).',
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
      description:
        'Reads and writes run in causally consistent client sessions, so every operation waits for the cluster time of the ones before it.',
      source: DOCS.causal,
    },
  },
  example: { members: 3, w: 'majority', read_concern: 'linearizable', read_preference: 'primary' },
  translate: translateMongo,
  validate: validateMongo,
};
