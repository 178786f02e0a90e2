// What a store model gives, derived once: failures survived (by evaluating the write and read conditions over
// failure sets), whether both sides of a partition keep writing or reading, the CAP side and
// PACELC class with their reasons, region splits and region losses, and the staleness of a read right after a
// write. Every surface prints these values; none computes its own.

import { failuresSurvived, holds, splitBrain, type Condition } from '../semantics/availability';
import { satisfies, type Consistency } from '../semantics/consistency';
import type { PacelcClass } from '../model/design';
import type { StoreModel, StalenessModel } from '../engines/store-model';
import { majorityOf, missProbability } from '../semantics/quorum';
import { percent } from '../text/format';

/** CP, AP or CA as CAP names them, or `neither` for a store that refuses on the minority side yet is not consistent. */
export type DerivedCap = 'CP' | 'AP' | 'CA' | 'neither';

export interface RegionSide {
  regions: string[];
  replicas: number;
  /** Some client runs in a region on this side. */
  hasClients: boolean;
  canWrite: boolean;
  canRead: boolean;
  /** Reads on this side may return stale data. */
  readsMayBeStale: boolean;
  /** No reads here once the cut-off nodes notice, but stale ones until then (a deposed leader stepping down). */
  staleUntilNoticed?: boolean;
}

export interface RegionSplit {
  sides: [RegionSide, RegionSide];
}

/** What clients in the other regions can still do when every node of `region` is lost. */
export interface RegionLoss {
  region: string;
  replicas: number;
  writes: boolean;
  reads: boolean;
}

export interface StaleReadFacts {
  model: StalenessModel;
  /** The one figure, when a single one applies (uniform pick or fresh). */
  probability?: number;
  /** One line: "67% of reads right after a write", "0% in dc1, up to 100% in dc2 …", "no figure: …". */
  summary: string;
  /** The figures alone, for table cells: "67%", "0% (writer's datacenter) · up to 100% (another datacenter)", "no figure". */
  short: string;
}

export interface DatastoreFacts {
  model: StoreModel;
  majority: number;
  readWriteOverlap: boolean;
  writeWriteOverlap: boolean;
  readFailuresSurvived: number;
  writeFailuresSurvived: number;
  /** Some partition leaves two sides that both accept writes: the store keeps writing on both and diverges. */
  writesOnBothSides: boolean;
  /** Some partition leaves two sides that both serve reads. */
  readsOnBothSides: boolean;
  /** Some partition lets one side serve reads while the other accepts writes: reads there can be stale. */
  staleReadsOnPartition: boolean;
  /** Set when those stale reads last only until a cut-off node notices (a deposed leader stepping down): what it does. */
  staleReadsUntilNoticed?: string;
  cap: DerivedCap;
  capReason: string;
  pacelc: PacelcClass;
  /** Why each letter is what it is. */
  pacelcReasons: { partition: string; otherwise: string };
  staleRead: StaleReadFacts;
  regionSplits: RegionSplit[];
  regionLosses: RegionLoss[];
}

/** Do any of `models` give `needed`? */
export function providesAny(models: readonly Consistency[], needed: Consistency): boolean {
  return models.some((m) => satisfies(m, needed));
}

/** Consistent under partition, as CAP's C is used in practice: linearizable, strong, or sequential with the minority refusing. */
const CONSISTENT: readonly Consistency[] = ['linearizable', 'strong', 'sequential'];

/** The worst case over client locations: every client must be able to complete the operation. */
function conditionsOf(path: StoreModel['write']): Condition[] {
  return [...path.byClient.values()];
}

export function deriveFacts(model: StoreModel): DatastoreFacts {
  const { n, r, w } = model;
  const classes = model.topology.classes;
  const nodes = classes.reduce((t, c) => t + c.size, 0);
  const survived = (path: StoreModel['write']) => Math.min(...conditionsOf(path).map((c) => failuresSurvived(c, classes)));
  // Two sides of one partition that can both do their part, each for a client standing on it.
  const bothSides = (left: StoreModel['write'], right: StoreModel['write']) =>
    conditionsOf(left).some((a) => conditionsOf(right).some((b) => splitBrain(a, b, classes)));
  const writesOnBothSides = bothSides(model.write, model.write);
  const readsOnBothSides = bothSides(model.read, model.read);
  const writeFailuresSurvived = survived(model.write);
  // A cut-off leader is only deposed if the rest can elect another: writes must survive losing a node.
  const staleWhileNoticing =
    model.read.untilItNotices !== undefined && writeFailuresSurvived >= 1 && !bothSides(model.read, model.write);
  const staleReadsOnPartition = staleWhileNoticing || bothSides(model.read, model.write);

  const c = model.consistency;
  const consistent = CONSISTENT.some((m) => providesAny(c.provided, m));
  // One copy that nothing stands in for (Riak's fallback vnodes do): no partition between copies to choose a side in.
  const singleCopy = nodes === 1 && model.topology.groups.length <= 1 && writeFailuresSurvived === 0;
  let cap: DerivedCap;
  let capReason: string;
  if (singleCopy) {
    cap = 'CA';
    capReason =
      'it is a single replica in one place, so there is no partition between copies to choose a side in: it is consistent, and simply unavailable while its one node is unreachable.';
  } else if (consistent && !(model.writeLoss?.breaksCp ?? false)) {
    cap = 'CP';
    capReason = `it stays consistent (${c.provided.join(', ')}) ${writesOnBothSides ? 'although both sides of a partition keep accepting writes' : 'by refusing writes on the side of a partition that cannot reach a quorum'}.`;
  } else if (writesOnBothSides && readsOnBothSides) {
    cap = 'AP';
    capReason = `every side of a partition keeps answering, and reads are not consistent (${c.provided.join(', ')}): ${c.reason}`;
  } else {
    cap = 'neither';
    const refuses = !writesOnBothSides
      ? `the side of a partition without ${model.write.needs} refuses writes`
      : `the side of a partition without ${model.read.needs} refuses reads`;
    capReason = `${refuses}, so it is not available there, and it is not consistent either (${c.provided.join(', ')}): ${model.writeLoss?.breaksCp ? model.writeLoss.reason : c.reason}`;
  }
  const partitionLetter = writesOnBothSides ? 'PA' : 'PC';
  const elseLetter = providesAny(c.whileHealthy, 'strong') ? 'EC' : 'EL';
  const pacelcReasons = {
    partition: writesOnBothSides
      ? `on a partition both sides keep accepting writes (each has ${model.write.needs}), so it chooses availability (PA)`
      : `on a partition the side without ${model.write.needs} refuses writes, so it chooses consistency (PC)`,
    otherwise:
      elseLetter === 'EC'
        ? `with no partition, requests wait for enough replicas that reads see the latest write (${c.whileHealthy.join(', ')}), so it pays latency for consistency (EC)`
        : `with no partition, reads can still return stale data (${c.whileHealthy.join(', ')}), so it chooses latency (EL)`,
  };
  return {
    model,
    majority: majorityOf(n),
    readWriteOverlap: r + w > n,
    writeWriteOverlap: 2 * w > n,
    readFailuresSurvived: survived(model.read),
    writeFailuresSurvived,
    writesOnBothSides,
    readsOnBothSides,
    staleReadsOnPartition,
    staleReadsUntilNoticed: staleWhileNoticing ? model.read.untilItNotices : undefined,
    cap,
    capReason,
    pacelc: `${partitionLetter}/${elseLetter}` as PacelcClass,
    pacelcReasons,
    staleRead: staleReadFacts(model.staleness),
    regionSplits: regionSplits(model),
    regionLosses: regionLosses(model),
  };
}

function staleReadFacts(m: StalenessModel): StaleReadFacts {
  switch (m.kind) {
    case 'uniform': {
      const p = missProbability(m.pool, m.r, m.w);
      return {
        model: m,
        probability: p,
        short: percent(p),
        summary: `${percent(p)} of reads right after a write miss it${p > 0 ? ` (C(${m.pool}−${m.w}, ${m.r})/C(${m.pool}, ${m.r}): a read of ${m.r} of ${m.pool} misses the ${m.w} that have it)` : ''}${m.note ? `; ${m.note}` : ''}`,
      };
    }
    case 'fresh':
      return { model: m, probability: 0, short: '0%', summary: `0%: ${m.reason}` };
    case 'per-reader': {
      // "up to 100%" where the note gives a bound but no single figure.
      const figure = (x: (typeof m.readers)[number]) =>
        x.probability !== undefined ? percent(x.probability) : (/^up to \d+%/.exec(x.note ?? '')?.[0] ?? 'no figure');
      return {
        model: m,
        short: m.readers.map((x) => `${figure(x)} (${x.where.replace(/^in /, '')})`).join(' · '),
        summary: m.readers
          .map(
            (x) =>
              `${x.probability === undefined ? 'no figure' : percent(x.probability)} for a reader ${x.where}${x.note ? ` (${x.note})` : ''}`,
          )
          .join('; '),
      };
    }
    case 'unmodelled':
      return { model: m, short: 'no figure', summary: `no figure: ${m.reason}` };
  }
}

/** Nodes of the classes in `groups` stay alive; everything else is cut off. */
function aliveIn(model: StoreModel, groups: ReadonlySet<string>): (id: string) => number {
  const sizes = new Map(model.topology.classes.map((c) => [c.id, groups.has(c.group) ? c.size : 0]));
  return (id) => sizes.get(id) ?? 0;
}

/** Can every client in `clientGroups` complete the path with only these nodes? False when no client is there. */
function serves(path: StoreModel['write'], clientGroups: readonly string[], alive: (id: string) => number): boolean {
  const conds = clientGroups.map((g) => path.byClient.get(g)).filter((c): c is Condition => c !== undefined);
  return conds.length > 0 && conds.every((c) => holds(c, alive));
}

/** Every way to cut the placed groups in two (single-group isolations only beyond eight groups). */
function regionSplits(model: StoreModel): RegionSplit[] {
  const { groups, classes, clientGroups, placed } = model.topology;
  if (!placed || groups.length < 2) return [];
  const masks: number[] = [];
  if (groups.length <= 8) for (let mask = 1; mask < 1 << (groups.length - 1); mask++) masks.push(mask);
  else for (let i = 0; i < groups.length; i++) masks.push(1 << i);
  const freshWhileHealthy = providesAny(model.consistency.whileHealthy, 'strong');
  return masks.map((mask) => {
    const a = groups.filter((_, i) => mask & (1 << i));
    const b = groups.filter((_, i) => !(mask & (1 << i)));
    const sideOf = (names: string[]): RegionSide => {
      const set = new Set(names);
      const alive = aliveIn(model, set);
      const clients = clientGroups.filter((g) => set.has(g));
      return {
        regions: names,
        replicas: classes.filter((c) => set.has(c.group)).reduce((t, c) => t + c.size, 0),
        hasClients: clients.length > 0,
        canWrite: serves(model.write, clients, alive),
        canRead: serves(model.read, clients, alive),
        readsMayBeStale: false,
      };
    };
    const sa = sideOf(a);
    const sb = sideOf(b);
    // A side's reads can be stale when the other side keeps writing, or when reads are stale even while healthy.
    sa.readsMayBeStale = sa.canRead && (sb.canWrite || !freshWhileHealthy);
    sb.readsMayBeStale = sb.canRead && (sa.canWrite || !freshWhileHealthy);
    if (model.read.untilItNotices) {
      sa.staleUntilNoticed = !sa.canRead && sa.replicas > 0 && sb.canWrite;
      sb.staleUntilNoticed = !sb.canRead && sb.replicas > 0 && sa.canWrite;
    }
    return { sides: [sa, sb] as [RegionSide, RegionSide] };
  });
}

function regionLosses(model: StoreModel): RegionLoss[] {
  const { groups, classes, clientGroups, placed } = model.topology;
  if (!placed || groups.length < 2) return [];
  return groups.map((lost) => {
    const rest = new Set(groups.filter((g) => g !== lost));
    const alive = aliveIn(model, rest);
    const clients = clientGroups.filter((g) => rest.has(g));
    return {
      region: lost,
      replicas: classes.filter((c) => c.group === lost).reduce((t, c) => t + c.size, 0),
      writes: serves(model.write, clients, alive),
      reads: serves(model.read, clients, alive),
    };
  });
}
