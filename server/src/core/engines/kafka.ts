// Apache Kafka: each partition has a leader and followers; the in-sync replicas (ISR) are the followers that
// keep up. acks=all waits for the whole current ISR, which may have shrunk to min.insync.replicas, so that is
// the number of brokers guaranteed to hold an acknowledged record. Consumers read committed records from the
// leader. Unclean leader election lets an out-of-sync replica lead, discarding acknowledged records.

import { allOf, atLeast } from '../semantics/availability';
import type { Datastore } from '../model/design';
import type { Engine, EngineProblem, EngineTranslation } from './engine';
import { everywhere, placeReplicas } from './generic';
import { invalidSetting, majority, Settings, TranslationBuilder } from './settings';
import { plural } from '../text/format';

const DOCS = {
  // acks=0/1/all(-1); "acks=all … the leader will wait for the full set of in-sync replicas"; default "all"
  // since Kafka 3.0.
  acks: 'https://kafka.apache.org/documentation/#producerconfigs_acks',
  // "When a producer sets acks to "all" (or "-1"), min.insync.replicas specifies the minimum number of
  // replicas that must acknowledge a write … typical: replication factor of 3, min.insync.replicas 2, acks all."
  minIsr: 'https://kafka.apache.org/documentation/#topicconfigs_min.insync.replicas',
  // "Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort, even
  // though doing so may result in data loss." Default false.
  unclean: 'https://kafka.apache.org/documentation/#topicconfigs_unclean.leader.election.enable',
  // ISR, committed messages ("a message is considered committed when all in-sync replicas … have applied it").
  design: 'https://kafka.apache.org/documentation/#replication',
  // "Unclean leader election: What if they all die?"
  uncleanDesign: 'https://kafka.apache.org/documentation/#design_uncleanleader',
  // "A majority of the controllers must be alive in order to maintain availability."
  kraft: 'https://kafka.apache.org/documentation/#kraft_voter',
  // replication.factor of a topic (broker default.replication.factor = 1).
  topic: 'https://kafka.apache.org/documentation/#brokerconfigs_default.replication.factor',
};

export function translateKafka(ds: Datastore): EngineTranslation {
  const s = new Settings(kafka, ds);
  const b = new TranslationBuilder(s);
  const t = b.t;
  t.replication = 'leader';
  t.readFrom = 'leader';
  t.readQuorum = 1;
  const rf = s.int('replication.factor') ?? 1;
  const acks = s.str('acks') ?? 'all';
  const minIsr = s.int('min.insync.replicas') ?? 1;
  const unclean = s.bool('unclean.leader.election.enable') ?? false;
  const controllers = s.int('controllers') ?? 3;
  t.replicas = rf;
  b.origin('replicas', 'replication.factor');
  b.line(
    'replication.factor',
    `replication.factor: ${rf} → N = ${rf} (a leader and ${rf - 1} ${rf - 1 === 1 ? 'follower' : 'followers'} per partition).`,
  );
  const all = acks === 'all' || acks === '-1';
  const guaranteed = all ? Math.min(minIsr, rf) : 1;
  t.writeQuorum = guaranteed;
  b.origin('writeQuorum', all ? 'min.insync.replicas' : 'acks', 'acks');
  if (all) {
    b.line(
      ['acks', 'min.insync.replicas'],
      `acks: ${acks} → the leader acknowledges once every in-sync replica has the record. The ISR can shrink to min.insync.replicas (${minIsr}) before the leader refuses writes, so only ${guaranteed} ${guaranteed === 1 ? 'broker is' : 'brokers are'} guaranteed to hold an acknowledged record (W = ${guaranteed}).`,
    );
  } else if (acks === '1') {
    b.line('acks', 'acks: 1 → the leader acknowledges once it has written the record, before any follower fetches it (W = 1).');
  } else {
    b.line('acks', 'acks: 0 → the producer does not wait for the broker at all (modelled as W = 1, with writes losable).');
  }
  const maxDown = all ? rf - minIsr : rf - 1;
  b.line(
    ['min.insync.replicas', 'replication.factor'],
    all
      ? maxDown >= 0
        ? `With ${maxDown} ${maxDown === 1 ? 'broker' : 'brokers'} of ${rf} down, acks=${acks} produce requests still succeed; with ${maxDown + 1} down they fail with NotEnoughReplicas, while consumers keep reading committed records from the leader.`
        : 'min.insync.replicas exceeds the replication factor: every acks=all produce request fails.'
      : `Writes continue while the partition has a leader; the ISR is not consulted.`,
  );
  b.line(
    'unclean.leader.election.enable',
    unclean
      ? 'unclean.leader.election.enable: true — when every in-sync replica is down, a lagging replica becomes leader and the records it lacks are gone.'
      : 'unclean.leader.election.enable: false (the default) — only an in-sync replica can become leader; if all of them are down the partition stays unavailable until one returns.',
  );
  b.line(
    'controllers',
    `controllers: ${controllers} KRaft controllers — electing a new partition leader (and shrinking the ISR) needs a majority of them (${majority(controllers)}).`,
  );
  b.line(undefined, 'Consumers read from the partition leader and see only committed records (below the high watermark).');

  // An acknowledged record survives the loss of min.insync.replicas − 1 brokers (acks=all, clean election):
  // "a committed message will not be lost, as long as there is at least one in sync replica alive".
  const reasons: string[] = [];
  if (acks === '0') reasons.push('with acks=0 the producer does not learn whether the broker got the record');
  else if (acks === '1')
    reasons.push(
      'with acks=1 the leader acknowledges before any follower has the record; if it fails, an in-sync follower that had not fetched it yet becomes leader and the record is gone',
    );
  else if (guaranteed === 1 && rf > 1)
    reasons.push(
      `with acks=${acks} and min.insync.replicas=1, the ISR can shrink to the leader alone, which then acknowledges records no other broker has; losing that broker loses them (or leaves the partition offline with clean election)`,
    );
  if (unclean)
    reasons.push(
      'unclean leader election lets a replica outside the ISR become leader, truncating acknowledged records it never received',
    );
  if (reasons.length) {
    const setting =
      unclean && reasons.length === 1
        ? 'unclean.leader.election.enable'
        : acks !== 'all' && acks !== '-1'
          ? 'acks'
          : 'min.insync.replicas';
    t.writeLoss = {
      reason: `${reasons.join('; and ')}.`,
      setting,
      breaksCp: true,
      fix:
        setting === 'unclean.leader.election.enable'
          ? { title: 'Disable unclean leader election', key: 'unclean.leader.election.enable', value: false }
          : setting === 'acks'
            ? { title: 'Produce with acks=all', key: 'acks', value: 'all' }
            : rf >= 3
              ? { title: `min.insync.replicas ${majority(rf)}`, key: 'min.insync.replicas', value: majority(rf) }
              : undefined,
    };
    t.consistency = {
      provided: ['eventual'],
      whileHealthy: ['linearizable'],
      reason: `acknowledged records can disappear after a leader change: ${reasons.join('; and ')}.`,
      setting,
      fix: t.writeLoss.fix,
    };
  } else {
    t.consistency = {
      provided: ['strong'],
      whileHealthy: ['linearizable'],
      reason: `consumers read committed records from the partition leader, and every acknowledged record is on at least ${guaranteed} in-sync replicas, one of which becomes leader on failover (clean election); the leader is not confirmed by a quorum on each read, so it is strong, not linearizable.`,
      setting: 'acks',
    };
  }
  t.electorate = {
    voters: controllers,
    majority: majority(controllers),
    what: 'KRaft controllers',
    origin: s.countOrigin('controllers'),
  };
  t.availability = (placement) => {
    const topology = placeReplicas(rf, placement, false);
    const brokers = topology.classes.map((c) => c.id);
    // The controller quorum is assumed to run in the first region.
    const controllerId = `controller@${topology.groups[0]}`;
    topology.classes.push({ id: controllerId, group: topology.groups[0], role: 'controller', size: controllers });
    const quorum = atLeast(majority(controllers), [controllerId]);
    const produce = all ? Math.max(1, Math.min(minIsr, rf)) : 1;
    const electing = `a partition leader (elected by ${majority(controllers)} of ${plural(controllers, 'controller')})`;
    return {
      topology,
      write: everywhere(
        topology,
        allOf(quorum, atLeast(produce, brokers)),
        all
          ? `${electing} with at least min.insync.replicas = ${produce} in-sync ${produce === 1 ? 'replica' : 'replicas'}`
          : electing,
      ),
      read: everywhere(topology, allOf(quorum, atLeast(1, brokers)), electing),
    };
  };
  t.staleness =
    acks === '1' || acks === '0'
      ? {
          kind: 'unmodelled',
          reason:
            'an acks=1 record is acknowledged before followers fetch it, and consumers see it only once the high watermark passes it: no fixed figure',
        }
      : {
          kind: 'fresh',
          reason: 'consumers read from the leader, and an acks=all record is below the high watermark when it is acknowledged',
        };
  return b.done();
}

function validateKafka(ds: Datastore): EngineProblem[] {
  const s = new Settings(kafka, ds);
  const out: EngineProblem[] = [];
  const rf = s.int('replication.factor') ?? 1;
  const minIsr = s.int('min.insync.replicas') ?? 1;
  const acks = s.str('acks') ?? 'all';
  if (minIsr > rf && (acks === 'all' || acks === '-1')) {
    out.push(
      invalidSetting(
        'min.insync.replicas',
        `min.insync.replicas ${minIsr} is more than the ${plural(rf, 'replica')} of the partition: every acks=${acks} produce request fails with NotEnoughReplicas.`,
      ),
    );
  }
  return out;
}

export const kafka: Engine = {
  id: 'kafka',
  displayName: 'Apache Kafka',
  aliases: ['apache-kafka'],
  family: 'leader',
  usualCap: 'CP',
  usualPacelc: 'PC/EC',
  summary:
    'Each partition has a leader and in-sync replicas (ISR); a KRaft controller majority elects leaders. With acks=all, min.insync.replicas ≥ 2 and clean leader election, an acknowledged record survives the loss of min.insync.replicas − 1 brokers; acks=1, min.insync.replicas=1 or unclean election trade that for availability.',
  sources: [
    { title: 'Kafka design: replication', url: DOCS.design },
    { title: 'Kafka design: unclean leader election', url: DOCS.uncleanDesign },
    { title: 'Kafka: min.insync.replicas', url: DOCS.minIsr },
    { title: 'Kafka: producer acks', url: DOCS.acks },
  ],
  countSetting: { key: 'replication.factor' },
  settings: {
    controllers: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description:
        'KRaft controllers (the metadata quorum). "A majority of the controllers must be alive in order to maintain availability": without it no new partition leader can be elected.',
      source: DOCS.kraft,
    },
    'replication.factor': {
      type: 'integer',
      minimum: 1,
      default: 1,
      description:
        "Replicas of each partition of the topic (the broker's default.replication.factor, 1, when not given at creation).",
      source: DOCS.topic,
    },
    acks: {
      values: ['all', '-1', '1', '0'],
      valueDocs: {
        all: 'The leader waits for the full set of in-sync replicas (the default since Kafka 3.0).',
        '-1': 'Same as all.',
        '1': 'The leader alone.',
        '0': 'No acknowledgement at all.',
      },
      default: 'all',
      description: 'Producer `acks`: how many replicas must have a record before the produce request succeeds.',
      source: DOCS.acks,
    },
    'min.insync.replicas': {
      type: 'integer',
      minimum: 1,
      default: 1,
      description:
        'With acks=all: the fewest in-sync replicas with which the leader still accepts writes (NotEnoughReplicas below it).',
      source: DOCS.minIsr,
    },
    'unclean.leader.election.enable': {
      type: 'boolean',
      default: false,
      description: 'Let a replica outside the ISR become leader when no in-sync replica is alive, at the cost of losing records.',
      source: DOCS.unclean,
    },
  },
  example: { 'replication.factor': 3, acks: 'all', 'min.insync.replicas': 2 },
  translate: translateKafka,
  validate: validateKafka,
};
