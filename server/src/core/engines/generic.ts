// The three replication families as store models, from N, R, W and where reads go. A store without an engine
// is exactly this; an engine starts from it and replaces what its own protocol does differently.
//
// Assumptions, stated in docs/language.md: a leader store elects a new primary with a majority of its replicas,
// and with W ≥ majority the old primary is fenced (it cannot gather W acknowledgements on a minority side and
// stops serving); with W < majority it keeps serving on whatever side it is. Consensus leaders are elected by a
// majority; one that answers reads without a quorum keeps answering after it is deposed.

import { allOf, anyOf, atLeast, type Condition, type NodeClass } from '../semantics/availability';
import type { ConflictResolution, ReadSource, ReplicationFamily, Span } from '../model/design';
import { majorityOf } from '../semantics/quorum';
import type { AccessPath, ConsistencyStatement, StalenessModel, StoreModel, Topology, WriteLoss } from './store-model';
import { plural } from '../text/format';

export interface GenericInput {
  n: number;
  r: number;
  w: number;
  family: ReplicationFamily;
  readFrom: ReadSource;
  conflicts: ConflictResolution | undefined;
  /** Replicas per region, when the design places them and the counts add up to N. */
  placement?: readonly { region: string; count: number }[];
  origin?: { n?: Span; r?: Span; w?: Span };
}

export const CLUSTER_GROUP = 'the cluster';

/**
 * Replica classes for `n` nodes: one per placed region (or one anonymous group), with a single `leader` node of
 * its own in the first group when the family has a leader, so failure sets can choose to include it.
 */
export function placeReplicas(
  n: number,
  placement: GenericInput['placement'],
  withLeader: boolean,
  leaderRole = 'leader',
): Topology {
  const placed = (placement ?? []).filter((p) => p.count > 0);
  const sum = placed.reduce((t, p) => t + p.count, 0);
  const groups =
    placed.length > 0 && sum === n
      ? placed.map((p) => ({ name: p.region, count: p.count }))
      : [{ name: CLUSTER_GROUP, count: n }];
  const classes: NodeClass[] = [];
  groups.forEach((g, i) => {
    if (withLeader && i === 0) {
      classes.push({ id: `${leaderRole}@${g.name}`, group: g.name, role: leaderRole, size: 1 });
      if (g.count > 1) classes.push({ id: `replica@${g.name}`, group: g.name, role: 'replica', size: g.count - 1 });
    } else {
      classes.push({ id: `replica@${g.name}`, group: g.name, role: 'replica', size: g.count });
    }
  });
  return {
    classes,
    groups: groups.map((g) => g.name),
    clientGroups: groups.map((g) => g.name),
    placed: groups[0].name !== CLUSTER_GROUP,
  };
}

export const ids = (classes: readonly NodeClass[], pick: (c: NodeClass) => boolean = () => true): string[] =>
  classes.filter(pick).map((c) => c.id);

/** The same condition for a client anywhere. */
export function everywhere(topology: Topology, condition: Condition, needs: string): AccessPath {
  return { byClient: new Map(topology.clientGroups.map((g) => [g, condition])), needs };
}

/** The electorate of a consensus group of `n` voters. */
export function consensusElectorate(n: number, what = 'consensus replicas'): { voters: number; majority: number; what: string } {
  return { voters: n, majority: majorityOf(n), what };
}

const replicas = (k: number) => `${k} ${k === 1 ? 'replica' : 'replicas'}`;

export function genericModel(input: GenericInput): StoreModel {
  const { n, r, w, family, readFrom } = input;
  const maj = majorityOf(n);
  const hasLeader = family !== 'leaderless' && n > 1;
  const topology = placeReplicas(n, input.placement, hasLeader, family === 'leader' ? 'primary' : 'leader');
  const all = ids(topology.classes);
  const leader = ids(topology.classes, (c) => c.role === 'primary' || c.role === 'leader');
  const asyncAcks = family === 'leader' && w < maj;

  let write: AccessPath;
  let read: AccessPath;
  if (family === 'leaderless' || n === 1) {
    write = everywhere(topology, atLeast(w, all), `W = ${w} of the ${plural(n, 'replica')} acknowledging`);
    read = everywhere(topology, atLeast(r, all), `R = ${r} of the ${plural(n, 'replica')} answering`);
  } else if (family === 'consensus') {
    if (w >= maj)
      write = everywhere(
        topology,
        atLeast(w, all),
        `a leader elected by a majority (${maj} of ${n}), committing on ${replicas(w)}`,
      );
    // Acknowledging before a majority has the entry: the current leader keeps acknowledging wherever it is.
    else
      write = everywhere(
        topology,
        allOf(anyOf(atLeast(1, leader), atLeast(maj, all)), atLeast(w, all)),
        `a leader (the current one, or one elected by a majority, ${maj} of ${n}) and W = ${replicas(w)}`,
      );
    if (readFrom === 'followers')
      read = everywhere(topology, atLeast(r, all), `any ${replicas(r)} answering from ${r === 1 ? 'its' : 'their'} applied log`);
    else if (r >= maj)
      read = everywhere(topology, atLeast(r, all), `the leader confirming with ${replicas(r)} that it still leads`);
    else
      read = everywhere(
        topology,
        anyOf(atLeast(1, leader), atLeast(maj, all)),
        `a leader: the current one answering alone, or one elected by a majority (${maj} of ${n})`,
      );
  } else {
    const elected = atLeast(maj, all);
    if (asyncAcks) {
      // The primary is not fenced: wherever it is, it keeps acknowledging with W replicas around it.
      const primaryOrElected = anyOf(atLeast(1, leader), elected);
      write = everywhere(
        topology,
        allOf(primaryOrElected, atLeast(w, all)),
        `a primary (the current one, or one elected by a majority, ${maj} of ${n}) and W = ${replicas(w)}`,
      );
      read =
        readFrom === 'followers'
          ? everywhere(topology, atLeast(r, all), `any ${replicas(r)}`)
          : everywhere(topology, primaryOrElected, `a primary: the current one, or one elected by a majority (${maj} of ${n})`);
    } else {
      write = everywhere(
        topology,
        atLeast(w, all),
        `a primary with a majority behind it and W = ${replicas(w)} of ${n} acknowledging`,
      );
      read =
        readFrom === 'followers'
          ? everywhere(topology, atLeast(r, all), `any ${replicas(r)}`)
          : everywhere(topology, elected, `a primary with a majority (${maj} of ${n}) behind it`);
    }
  }

  const { consistency, writeLoss } = genericConsistency(input, maj);
  return {
    n,
    r,
    w,
    family,
    readFrom,
    conflicts: input.conflicts,
    electorate:
      family === 'leaderless'
        ? undefined
        : { voters: n, majority: maj, what: family === 'leader' ? 'replicas electing a primary' : 'consensus replicas' },
    topology,
    write,
    read,
    consistency,
    writeLoss,
    staleness: genericStaleness(input),
    explanation: [],
    bySetting: {},
    origin: input.origin ?? {},
  };
}

function genericConsistency(input: GenericInput, maj: number): { consistency: ConsistencyStatement; writeLoss?: WriteLoss } {
  const { n, r, w, family, readFrom } = input;
  const overlap = r + w > n;
  if (n === 1 && r === 1 && w === 1) {
    return {
      consistency: {
        provided: ['linearizable'],
        whileHealthy: ['linearizable'],
        cause: 'none',
        reason:
          'With a single replica every read and write goes to the same copy, in one order: trivially linearizable (and unavailable while that node is down).',
      },
    };
  }
  if (family === 'leaderless') {
    const writeLoss: WriteLoss | undefined =
      2 * w <= n && input.conflicts === 'last-write-wins'
        ? {
            cause: 'last-write-wins',
            breaksCp: false,
            reason: `2W = ${2 * w} ≤ N = ${n} lets two writes be acknowledged concurrently on disjoint replicas, and last-write-wins keeps only the one with the later timestamp: the other is silently dropped.`,
          }
        : undefined;
    return overlap
      ? {
          consistency: {
            provided: ['strong'],
            whileHealthy: ['strong'],
            cause: 'no-consensus',
            reason: `R+W = ${r}+${w} = ${r + w} > N = ${n}, so every read quorum meets every write quorum; without a leader there is no single real-time order, so it is strong but not linearizable.`,
          },
          writeLoss,
        }
      : {
          consistency: {
            provided: ['eventual'],
            whileHealthy: ['eventual'],
            cause: 'quorum-overlap',
            reason: `R+W = ${r}+${w} = ${r + w} ≤ N = ${n}, so a read quorum can miss every replica that acknowledged the last write.`,
          },
          writeLoss,
        };
  }
  if (family === 'leader') {
    const asyncAcks = w < maj;
    const writeLoss: WriteLoss | undefined = asyncAcks
      ? {
          cause: 'async-acks',
          breaksCp: true,
          reason: `the primary acknowledges a write once W = ${w} of ${plural(n, 'replica')} hold it, fewer than a majority (${maj}); if the primary fails, failover can promote a replica that never received it.`,
        }
      : undefined;
    if (readFrom === 'leader') {
      return {
        consistency: asyncAcks
          ? {
              provided: ['eventual'],
              whileHealthy: ['linearizable'],
              cause: 'async-acks',
              reason: `Reads go to the primary, which is linearizable while it lives; but writes are acknowledged once W = ${w} < majority ${plural(maj, 'replica')} hold them, so a failover can promote a replica that lacks acknowledged writes.`,
            }
          : {
              provided: ['strong'],
              whileHealthy: ['linearizable'],
              cause: 'no-consensus',
              reason: `Reads go to the primary and every acknowledged write is on a majority (W = ${w} ≥ ${maj}), so failover keeps it. This assumes failover fences the old primary (it cannot gather W acks on the minority side); without consensus confirming each read, it is strong, not linearizable.`,
            },
        writeLoss,
      };
    }
    if (!overlap) {
      return {
        consistency: {
          provided: ['eventual'],
          whileHealthy: ['eventual'],
          cause: 'quorum-overlap',
          reason: `Reads are served by followers (R = ${r}) that replicate asynchronously: R+W = ${r + w} ≤ N = ${n}, so a read can miss the latest acknowledged write.`,
        },
        writeLoss,
      };
    }
    return asyncAcks
      ? {
          consistency: {
            provided: ['eventual'],
            whileHealthy: ['strong'],
            cause: 'async-acks',
            reason: `Reads ask R = ${plural(r, 'replica')} and W = ${w} hold each acknowledged write, and R+W > N = ${n}, so a read sees the latest write while the primary lives; failover can lose writes acknowledged by fewer than a majority.`,
          },
          writeLoss,
        }
      : {
          consistency: {
            provided: ['strong'],
            whileHealthy: ['strong'],
            cause: 'no-consensus',
            reason: `Reads ask R = ${plural(r, 'replica')} and W = ${w} hold each acknowledged write, and R+W > N = ${n}, so a read sees the latest write; followers answer without a leader's confirmation, so it is strong, not linearizable.`,
          },
        };
  }
  // consensus
  if (w < maj) {
    return {
      consistency: {
        provided: ['eventual'],
        whileHealthy: ['eventual'],
        cause: 'consensus-minority',
        reason: `Writes are acknowledged by W = ${w} < majority ${maj}, before the consensus log commits them, so a new leader can lack them.`,
      },
      writeLoss: {
        cause: 'consensus-minority',
        breaksCp: true,
        reason: `writes are acknowledged by W = ${w} of ${n}, fewer than the majority (${maj}) that commits a consensus log entry, so a leader elected without them discards them.`,
      },
    };
  }
  if (readFrom === 'followers') {
    return {
      consistency: {
        provided: ['eventual'],
        whileHealthy: [overlap ? 'strong' : 'eventual'],
        cause: 'follower-reads',
        reason:
          'Followers apply the committed log in order but lag the leader, and a client that switches followers can see an older state: reads are not linearizable.',
      },
    };
  }
  if (r < maj) {
    return {
      consistency: {
        provided: ['eventual'],
        whileHealthy: ['linearizable'],
        cause: 'consensus-minority',
        reason: `Reads are answered by the leader alone (R = ${r} < majority ${maj}) without confirming it still leads; a deposed leader on the minority side serves stale reads.`,
      },
    };
  }
  return {
    consistency: {
      provided: ['linearizable'],
      whileHealthy: ['linearizable'],
      cause: 'none',
      reason: `Writes commit on a majority (W = ${w} ≥ ${maj}) through one leader's log and reads are confirmed by a majority (R = ${r}), so all operations take effect in one real-time order.`,
    },
  };
}

/**
 * The uniform-pick model where it applies: leaderless reads pick R of all N replicas, W of which hold the write;
 * follower reads pick R of the N−1 followers, W−1 of which hold it (the primary's own copy counts in W but is
 * never read). Reads served by the leader are fresh while it leads.
 */
function genericStaleness(input: GenericInput): StalenessModel {
  const { n, r, w, family, readFrom } = input;
  if (family === 'leaderless' || n === 1) return { kind: 'uniform', pool: n, r, w };
  if (readFrom === 'followers') {
    const pool = Math.max(1, n - 1);
    // More replicas than there are followers: the read includes the primary, which has every acknowledged write.
    if (r > pool)
      return {
        kind: 'fresh',
        reason: `a read of R = ${r} of ${n} replicas includes the ${family === 'leader' ? 'primary' : 'leader'}, which holds every acknowledged write`,
      };
    return { kind: 'uniform', pool, r, w: Math.max(0, w - 1) };
  }
  return {
    kind: 'fresh',
    reason: `reads go to the ${family === 'leader' ? 'primary' : 'leader'}, which holds every acknowledged write while it leads`,
  };
}
