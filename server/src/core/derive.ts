// What a datastore's settings actually give: effective N, R and W; whether quorums overlap; the
// consistency provided; the CAP side and PACELC class; failure tolerance; what each side of a region split
// can still do; and the chance a read right after an acknowledged write misses it.

import { satisfies, type Consistency } from './consistency';
import { findEngine } from './engines/registry';
import type { CapClass, ConflictResolution, Datastore, PacelcClass, ReadSource, ReplicationFamily, Span } from './model/design';
import { majorityOf, readModel, resolveQuorum, staleReadProbability } from './quorum';

export interface EffectiveSettings {
  n: number;
  r: number;
  w: number;
  family: ReplicationFamily;
  readFrom: ReadSource;
  conflicts: ConflictResolution | undefined;
  /** Where each number was written (the generic key, or the engine setting it was translated from). */
  origin: { n?: Span; r?: Span; w?: Span };
  /** How engine settings were translated, one line each (empty for generic settings). */
  translation: string[];
  /** Failover can lose acknowledged writes whatever W is (an engine fact, e.g. unclean leader election). */
  engineLosesWrites: boolean;
  /** What the engine documents for reads under these settings, when it knows more than N, R and W say. */
  engineGuarantee?: readonly Consistency[];
}

export interface RegionSide {
  regions: string[];
  replicas: number;
  canWrite: boolean;
  canRead: boolean;
  /** Reads on this side may return stale data. */
  readsMayBeStale: boolean;
}

export interface RegionSplit {
  sides: [RegionSide, RegionSide];
}

export interface DatastoreFacts {
  settings: EffectiveSettings;
  majority: number;
  readWriteOverlap: boolean;
  writeWriteOverlap: boolean;
  /** Guaranteed across partitions and failover. */
  consistency: Consistency;
  /** Why it is that, in one sentence. */
  consistencyReason: string;
  /** What holds while nothing fails (the E of PACELC). */
  consistencyWhileHealthy: Consistency;
  cap: CapClass;
  pacelc: PacelcClass;
  /** Failures (of any replicas) after which reads, resp. writes, still succeed. */
  readFailuresSurvived: number;
  writeFailuresSurvived: number;
  /** The side of a partition without a quorum refuses writes. */
  minorityRefusesWrites: boolean;
  /** Failover (or merging) can lose acknowledged writes. */
  losesAcknowledgedWrites: boolean;
  /** Probability a read issued right after a write is acknowledged misses it. */
  staleReadProbability: number;
  regionSplits: RegionSplit[];
}

/** Does the store give `needed`, by the quorum maths or by what its engine documents? */
export function providesConsistency(facts: DatastoreFacts, needed: Consistency): boolean {
  return satisfies(facts.consistency, needed) || (facts.settings.engineGuarantee ?? []).some((g) => satisfies(g, needed));
}

/** Upper bound on what the maths is asked to model; larger counts get a schema diagnostic instead. */
export const MAX_REPLICAS = 10_000;

export function effectiveSettings(ds: Datastore): EffectiveSettings | undefined {
  const engine = ds.engine ? findEngine(ds.engine.value) : undefined;
  const translated = engine?.translate?.(ds);
  const family = ds.replication?.value ?? translated?.replication ?? engine?.family ?? 'leaderless';
  const n = ds.replicas?.value ?? translated?.replicas;
  if (n === undefined || n < 1 || n > MAX_REPLICAS) return undefined;
  const defaultQuorum = family === 'consensus' ? majorityOf(n) : 1;
  const r = ds.readQuorum ? resolveQuorum(ds.readQuorum.value, n) : (translated?.readQuorum ?? defaultQuorum);
  const w = ds.writeQuorum ? resolveQuorum(ds.writeQuorum.value, n) : (translated?.writeQuorum ?? defaultQuorum);
  return {
    n,
    r,
    w,
    family,
    readFrom: ds.readFrom?.value ?? translated?.readFrom ?? 'leader',
    conflicts: ds.conflicts?.value ?? translated?.conflicts,
    engineGuarantee: translated?.guarantee?.consistency,
    origin: {
      n: ds.replicas?.span ?? translated?.origin?.replicas,
      r: ds.readQuorum?.span ?? translated?.origin?.readQuorum,
      w: ds.writeQuorum?.span ?? translated?.origin?.writeQuorum,
    },
    // The translation explains the numbers only when it supplied some: native settings were written, or a
    // generic key was left out. Generic keys alone override the engine's defaults entirely.
    translation: translated && (Object.keys(ds.settings?.value ?? {}).length > 0 || !ds.replicas || !ds.readQuorum || !ds.writeQuorum) ? translated.explanation : [],
    engineLosesWrites: translated?.writeLoss !== undefined,
  };
}

export function quorumsInRange(s: EffectiveSettings): boolean {
  return s.r >= 1 && s.r <= s.n && s.w >= 1 && s.w <= s.n;
}

/** Derived facts, or undefined when N is unknown or a quorum is out of range (reported by its own rule). */
export function deriveFacts(ds: Datastore): DatastoreFacts | undefined {
  const settings = effectiveSettings(ds);
  if (!settings || !quorumsInRange(settings)) return undefined;
  const { n, r, w, family, readFrom } = settings;
  const majority = majorityOf(n);
  const readWriteOverlap = r + w > n;
  const writeWriteOverlap = 2 * w > n;
  const regionCount = ds.placement?.regions.filter((p) => p.count.value > 0).length ?? 0;

  let consistency: Consistency;
  let consistencyWhileHealthy: Consistency;
  let reason: string;
  let losesAcknowledgedWrites = settings.engineLosesWrites;
  let minorityRefusesWrites: boolean;
  let readFailuresSurvived: number;
  let writeFailuresSurvived: number;

  if (family === 'leaderless') {
    consistency = consistencyWhileHealthy = readWriteOverlap ? 'strong' : 'eventual';
    reason = readWriteOverlap
      ? `R+W = ${r}+${w} = ${r + w} > N = ${n}, so every read quorum meets every write quorum; without a leader there is no single real-time order, so it is strong but not linearizable.`
      : `R+W = ${r}+${w} = ${r + w} ≤ N = ${n}, so a read quorum can miss every replica that acknowledged the last write.`;
    minorityRefusesWrites = writeWriteOverlap;
    readFailuresSurvived = n - r;
    writeFailuresSurvived = n - w;
    // Concurrent writes on disjoint replicas are merged by timestamp: one of them is silently dropped.
    if (!writeWriteOverlap && settings.conflicts === 'last-write-wins') losesAcknowledgedWrites = true;
  } else if (family === 'leader') {
    const asyncAcks = w < majority;
    losesAcknowledgedWrites ||= asyncAcks;
    minorityRefusesWrites = !asyncAcks;
    writeFailuresSurvived = n - w;
    if (readFrom === 'leader') {
      consistencyWhileHealthy = 'linearizable';
      consistency = asyncAcks ? 'eventual' : 'strong';
      reason = asyncAcks
        ? `Reads go to the primary, which is linearizable while it lives; but writes are acknowledged once W = ${w} < majority ${majority} replicas hold them, so a failover can promote a replica that lacks acknowledged writes.`
        : `Reads go to the primary and every acknowledged write is on a majority (W = ${w} ≥ ${majority}), so failover keeps it. This assumes failover fences the old primary (it cannot gather W acks on the minority side); without consensus confirming each read, it is strong, not linearizable.`;
      readFailuresSurvived = n - 1;
    } else {
      const followerOverlap = r + w > n;
      consistency = consistencyWhileHealthy = followerOverlap && !asyncAcks ? 'strong' : 'eventual';
      if (followerOverlap && asyncAcks) consistencyWhileHealthy = 'strong';
      reason = followerOverlap
        ? `Reads ask R = ${r} replicas and W = ${w} hold each acknowledged write, and R+W > N = ${n}, so a read sees the latest write${asyncAcks ? ' while the primary lives; failover can lose writes acknowledged by fewer than a majority' : ''}.`
        : `Reads are served by followers (R = ${r}) that replicate asynchronously: R+W = ${r + w} ≤ N = ${n}, so a read can miss the latest acknowledged write.`;
      readFailuresSurvived = n - r;
    }
  } else {
    // consensus
    const commits = w >= majority;
    // Below a majority a leader cut off on the minority side still acknowledges writes (to lose them later).
    minorityRefusesWrites = commits;
    writeFailuresSurvived = n - Math.max(w, majority);
    if (!commits) losesAcknowledgedWrites = true;
    if (!commits) {
      consistency = consistencyWhileHealthy = 'eventual';
      reason = `Writes are acknowledged by W = ${w} < majority ${majority}, before the consensus log commits them, so a new leader can lack them.`;
      readFailuresSurvived = n - r;
    } else if (readFrom === 'followers') {
      consistency = 'eventual';
      consistencyWhileHealthy = r + w > n ? 'strong' : 'eventual';
      reason = `Followers apply the committed log in order but lag the leader, and a client that switches followers can see an older state: reads are not linearizable.`;
      readFailuresSurvived = n - r;
    } else if (r < majority) {
      consistency = 'eventual';
      consistencyWhileHealthy = 'linearizable';
      reason = `Reads are answered by the leader alone (R = ${r} < majority ${majority}) without confirming it still leads; a deposed leader on the minority side serves stale reads.`;
      readFailuresSurvived = n - majority;
    } else {
      consistency = consistencyWhileHealthy = 'linearizable';
      reason = `Writes commit on a majority (W = ${w} ≥ ${majority}) through one leader's log and reads are confirmed by a majority (R = ${r}), so all operations take effect in one real-time order.`;
      readFailuresSurvived = n - Math.max(r, majority);
    }
  }

  if (n === 1 && w === 1 && r === 1) {
    // One copy: every operation hits the same replica in one order, whatever the family says.
    consistency = consistencyWhileHealthy = 'linearizable';
    reason = 'With a single replica every read and write goes to the same copy, in one order: trivially linearizable (and unavailable while that node is down).';
    losesAcknowledgedWrites = settings.engineLosesWrites;
  }
  const staleRead = staleReadProbability(readModel(family, readFrom, n, r, w));
  const singleCopy = n === 1 && regionCount <= 1;
  const consistent = consistency === 'linearizable' || consistency === 'strong';
  const cap: CapClass = singleCopy ? 'CA' : consistent ? 'CP' : 'AP';
  const partitionLetter = cap !== 'AP' || minorityRefusesWrites ? 'PC' : 'PA';
  const elseLetter = consistencyWhileHealthy === 'linearizable' || consistencyWhileHealthy === 'strong' ? 'EC' : 'EL';
  const pacelc = `${partitionLetter}/${elseLetter}` as PacelcClass;

  return {
    settings,
    majority,
    readWriteOverlap,
    writeWriteOverlap,
    consistency,
    consistencyReason: reason,
    consistencyWhileHealthy,
    cap,
    pacelc,
    readFailuresSurvived: Math.max(0, readFailuresSurvived),
    writeFailuresSurvived: Math.max(0, writeFailuresSurvived),
    minorityRefusesWrites,
    losesAcknowledgedWrites,
    staleReadProbability: staleRead,
    regionSplits: regionSplits(ds, settings, majority),
  };
}

/** Every way to cut the placed regions in two (single-region isolations only beyond eight regions). */
function regionSplits(ds: Datastore, s: EffectiveSettings, majority: number): RegionSplit[] {
  const placed = (ds.placement?.regions ?? []).filter((p) => p.count.value > 0);
  if (placed.length < 2) return [];
  const sum = placed.reduce((t, p) => t + p.count.value, 0);
  if (sum !== s.n) return [];
  // The primary is assumed to live in the first region listed in the placement.
  const primaryRegion = placed[0].name;
  const masks: number[] = [];
  if (placed.length <= 8) {
    for (let mask = 1; mask < 1 << (placed.length - 1); mask++) masks.push(mask);
  } else {
    for (let i = 0; i < placed.length; i++) masks.push(1 << i);
  }
  return masks.map((mask) => {
    const a = placed.filter((_, i) => mask & (1 << i));
    const b = placed.filter((_, i) => !(mask & (1 << i)));
    return { sides: [side(a), side(b)] as [RegionSide, RegionSide] };
  });

  function side(regions: typeof placed): RegionSide {
    const replicas = regions.reduce((t, p) => t + p.count.value, 0);
    const names = regions.map((p) => p.name);
    const hasPrimary = names.includes(primaryRegion);
    let canWrite: boolean;
    let canRead: boolean;
    let readsMayBeStale: boolean;
    if (s.family === 'leaderless') {
      canWrite = replicas >= s.w;
      canRead = replicas >= s.r;
      // Only when quorums need not overlap can the other side complete a write this side's reads miss.
      readsMayBeStale = s.r + s.w <= s.n;
    } else if (s.family === 'consensus') {
      canWrite = replicas >= Math.max(s.w, majority);
      canRead = s.readFrom === 'followers' ? replicas >= 1 : replicas >= Math.max(s.r, majority) || (s.r < majority && replicas >= 1);
      readsMayBeStale = s.readFrom === 'followers' || (s.r < majority && replicas < majority);
    } else {
      // A side with a majority can fail over and elect a new primary. With majority acks the old primary on a
      // minority side is assumed fenced (it can no longer gather W acks and stops serving); with asynchronous
      // acks it keeps serving, and what it serves can miss the new primary's writes.
      const leads = replicas >= majority || (hasPrimary && s.w < majority);
      canWrite = leads && replicas >= s.w;
      canRead = s.readFrom === 'followers' ? replicas >= s.r : leads;
      readsMayBeStale = s.readFrom === 'followers' || (hasPrimary && replicas < majority);
    }
    return { regions: names, replicas, canWrite, canRead, readsMayBeStale: canRead && readsMayBeStale };
  }
}
