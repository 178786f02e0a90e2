// etcd: a Raft-replicated key-value store. Writes commit on a majority; reads are linearizable by default
// (the member confirms the leader's commit index with a quorum first) or, when the request asks for
// serializable reads, answered from the member's local state without that round trip.

import { atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineTranslation } from './engine';
import { consensusElectorate, everywhere, placeReplicas } from './generic';
import { majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // "etcd ensures … strict serializability for all KV api calls"; serializable reads (`--consistency=s`,
  // Range `serializable: true`) may be served from a member's local, possibly stale, state.
  guarantees: 'https://etcd.io/docs/latest/learning/api_guarantees/',
  // Cluster size and failure tolerance: 3 members tolerate 1 failure, 5 tolerate 2.
  faq: 'https://etcd.io/docs/latest/faq/',
  // "By default, etcd uses a 100ms heartbeat interval" and "a 1000ms election timeout".
  tuning: 'https://etcd.io/docs/v3.6/tuning/',
};

/** etcd's documented clocks: --heartbeat-interval 100 ms, --election-timeout 1000 ms. */
export const ETCD_TIMERS = {
  election: { ms: 1000, setting: '--election-timeout', source: DOCS.tuning },
  heartbeat: { ms: 100, setting: '--heartbeat-interval', source: DOCS.tuning },
};

export function translateEtcd(ds: Datastore): EngineTranslation {
  const s = new Settings(etcd, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'consensus';
  t.timers = ETCD_TIMERS;
  const n = s.int('members');
  if (n === undefined) {
    b.line('members', 'members is not set: write the number of voting members (3 or 5) so CAP Lens knows N.');
    return b.done();
  }
  const maj = majority(n);
  t.replicas = n;
  t.writeQuorum = maj;
  t.electorate = consensusElectorate(n, 'voting members');
  b.origin('replicas', 'members');
  b.line(
    'members',
    `members: N = ${n}; a write commits once ${plural(maj, 'member')} ${maj === 1 ? 'has' : 'have'} it in their Raft log, so ${n - maj} ${n - maj === 1 ? 'failure is' : 'failures are'} tolerated.`,
  );
  if ((s.str('read_consistency') ?? 'linearizable') === 'serializable') {
    t.readFrom = 'followers';
    t.readQuorum = 1;
    b.origin('readQuorum', 'read_consistency');
    b.line(
      'read_consistency',
      'read_consistency: serializable — the member you ask answers from its own applied state, without checking with the leader: fast and available on the minority side, but possibly stale (R = 1).',
    );
    t.consistency = {
      provided: ['eventual'],
      reason:
        "a serializable read is answered from the local state of whichever member receives it, which may lag the leader or sit on the minority side of a partition; etcd's API guarantees call only the default reads linearizable.",
      setting: 'read_consistency',
      fix: { title: 'Use linearizable reads (the default)', key: 'read_consistency', value: 'linearizable' },
    };
    // Any member (or learner) answers from its local state, on either side of a partition.
    t.availability = (placement) => {
      const topology = placeReplicas(n, placement, false);
      const all = topology.classes.map((c) => c.id);
      return {
        topology,
        write: everywhere(
          topology,
          atLeast(maj, all),
          `a leader elected by ${maj} of ${plural(n, 'member')}, committing on ${maj}`,
        ),
        read: everywhere(topology, atLeast(1, all), 'any one member, from its local state'),
      };
    };
    t.staleness = {
      kind: 'unmodelled',
      reason:
        "a serializable read returns the serving member's applied state, which lags the leader by its apply delay, and on a member cut off from the quorum by the whole partition: no fixed figure",
    };
  } else {
    t.readFrom = 'leader';
    t.readQuorum = maj;
    b.line(
      'read_consistency',
      `read_consistency: linearizable (the default) — the member confirms the leader's commit index with a quorum before answering (ReadIndex, R = ${maj}); the minority side of a partition cannot serve reads, and a leader cut off from the quorum steps down after an election timeout (1 s by default).`,
    );
  }
  return b.done();
}

export const etcd: Engine = {
  id: 'etcd',
  displayName: 'etcd',
  family: 'consensus',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'A Raft-replicated key-value store: writes commit on a majority and reads are linearizable by default; serializable reads trade that for latency and may be stale.',
  sources: [
    { title: 'etcd API guarantees', url: DOCS.guarantees },
    { title: 'etcd FAQ: cluster size and failure tolerance', url: DOCS.faq },
  ],
  countSetting: { key: 'members' },
  settings: {
    members: {
      type: 'integer',
      minimum: 1,
      description: 'Voting members of the cluster (3 or 5 is usual).',
      source: DOCS.faq,
      example: 3,
    },
    read_consistency: {
      values: ['linearizable', 'serializable'],
      valueDocs: {
        linearizable: 'Confirmed with a quorum through the leader (the default).',
        serializable: 'From the local member only; may be stale.',
      },
      default: 'linearizable',
      description: 'Read consistency of Range requests (`etcdctl get --consistency=l|s`, `serializable` in the API).',
      source: DOCS.guarantees,
    },
  },
  example: { members: 3 },
  translate: translateEtcd,
};
