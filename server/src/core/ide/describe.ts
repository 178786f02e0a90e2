// Markdown descriptions of derived facts, shared by hovers, the CLI's explain table and reports.

import { CONSISTENCY_COST, CONSISTENCY_MEANING, satisfies } from '../consistency';
import { providesConsistency, type DatastoreFacts, type RegionSide } from '../derive';
import { findEngine } from '../engines/registry';
import type { CapClass, Component, Datastore, PacelcClass, PartitionBehaviour } from '../model/design';
import { missProbability } from '../quorum';
import { percent } from '../rules/context';

export const CAP_MEANING: Record<CapClass, string> = {
  CP: 'On a partition it stays consistent: the side that cannot reach a quorum refuses (or blocks) instead of answering with stale data.',
  AP: 'On a partition every side keeps answering, at the price of stale reads and writes that must be merged later.',
  CA: 'Consistent and available only while no partition can happen, which in practice means a single node.',
};

export const PACELC_MEANING: Record<PacelcClass, string> = {
  'PA/EL': 'Under partition it stays available; otherwise it answers fast from nearby replicas and may be stale.',
  'PA/EC': 'Under partition it stays available; otherwise it waits for enough replicas to be consistent.',
  'PC/EL': 'Under partition it refuses rather than diverge; otherwise it answers fast and may be stale.',
  'PC/EC': 'Under partition it refuses rather than diverge; otherwise it waits for enough replicas to be consistent.',
};

export const PARTITION_MEANING: Record<PartitionBehaviour, string> = {
  'reject-writes': 'The side of a partition without a quorum refuses writes (a CP choice).',
  'serve-stale': 'Every side keeps serving reads, possibly stale (an AP choice).',
  block: 'Requests wait until the partition heals or they time out (a CP choice that costs latency).',
};

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function quorumWord(spec: unknown): string {
  return typeof spec === 'string' ? ` (${spec})` : '';
}

/** One line: `CP · PC/EC · survives 2 failures`, as shown in the code lens and outline. */
export function summaryLine(facts: DatastoreFacts): string {
  const f = facts.writeFailuresSurvived;
  return `${facts.cap} · ${facts.pacelc} · ${f === 0 ? 'no failure survived' : `survives ${f} ${f === 1 ? 'failure' : 'failures'}`}`;
}

export function settingsLine(ds: Datastore, facts: DatastoreFacts): string {
  const s = facts.settings;
  return `${s.family} · N = ${s.n}, R = ${s.r}${quorumWord(ds.readQuorum?.value)}, W = ${s.w}${quorumWord(ds.writeQuorum?.value)}${s.family !== 'leaderless' ? ` · reads from ${s.readFrom}` : ''}`;
}

export function datastoreCard(ds: Datastore, facts: DatastoreFacts | undefined): string {
  const engine = ds.engine ? findEngine(ds.engine.value) : undefined;
  const lines = [`### ${ds.name}${engine ? ` · ${engine.displayName}` : ds.engine ? ` · ${ds.engine.value}` : ''}`];
  if (!facts) {
    lines.push('', 'Derived facts are unavailable until replicas and quorums are valid (see the problems in this entry).');
    if (ds.why) lines.push('', `> ${ds.why.value}`);
    return lines.join('\n');
  }
  const c = ds.claims;
  lines.push('', settingsLine(ds, facts));
  if (facts.settings.translation.length) lines.push('', ...facts.settings.translation.map((t) => `- ${t}`));
  lines.push('', '| | claimed | derived |', '|---|---|---|');
  const guarantee = facts.settings.engineGuarantee?.length ? ` (engine: ${facts.settings.engineGuarantee.join(', ')})` : '';
  lines.push(`| consistency | ${c?.consistency?.value ?? '—'} | ${facts.consistency}${guarantee}${c?.consistency ? ` ${mark(providesConsistency(facts, c.consistency.value))}` : ''} |`);
  const capOk = c?.cap && (c.cap.value === facts.cap || (facts.cap === 'CA' && c.cap.value === 'CP'));
  lines.push(`| CAP | ${c?.cap?.value ?? '—'} | ${facts.cap}${c?.cap ? ` ${mark(!!capOk)}` : ''} |`);
  lines.push(`| PACELC | ${c?.pacelc?.value ?? '—'} | ${facts.pacelc}${c?.pacelc ? ` ${mark(c.pacelc.value === facts.pacelc)}` : ''} |`);
  lines.push(`| failures tolerated (writes) | ${c?.tolerates?.value ?? '—'} | ${facts.writeFailuresSurvived}${c?.tolerates ? ` ${mark(c.tolerates.value <= facts.writeFailuresSurvived)}` : ''} |`);
  lines.push(`| failures tolerated (reads) | | ${facts.readFailuresSurvived} |`);
  if (c?.onPartition) lines.push(`| on partition | ${c.onPartition.value} | ${facts.minorityRefusesWrites ? 'minority side refuses writes' : 'every side accepts writes'} |`);
  if (c?.lossFree) lines.push(`| no lost writes | ${c.lossFree.value ? 'yes' : 'no'} | ${facts.losesAcknowledgedWrites ? 'failover can lose acknowledged writes ✗' : 'acknowledged writes survive failover ✓'} |`);
  lines.push('', `**Consistency:** ${facts.consistencyReason}`);
  if (facts.consistencyWhileHealthy !== facts.consistency) lines.push(`While nothing fails it is ${facts.consistencyWhileHealthy}.`);
  lines.push('', `**Staleness:** a read right after an acknowledged write misses it with probability ${percent(facts.staleReadProbability)}${facts.staleReadProbability > 0 ? ` = C(N−W, R)/C(N, R) = C(${facts.settings.n - facts.settings.w}, ${facts.settings.r})/C(${facts.settings.n}, ${facts.settings.r})` : ''}.`);
  if (facts.regionSplits.length) {
    lines.push('', '**Region splits:**');
    for (const split of facts.regionSplits.slice(0, 6)) {
      lines.push(`- ${split.sides.map((side) => `${side.regions.join('+')} (${side.replicas}): ${sideAbilities(side)}`).join(' ‖ ')}`);
    }
    if (facts.regionSplits.length > 6) lines.push(`- … ${facts.regionSplits.length - 6} more splits`);
  }
  if (ds.why) lines.push('', `> ${ds.why.value}`);
  return lines.join('\n');
}

/** What one side of a region split can still do, e.g. `reads (may be stale), no writes`. Shared with the CLI. */
export function sideAbilities(side: Pick<RegionSide, 'canRead' | 'canWrite' | 'readsMayBeStale'>): string {
  const read = side.canRead ? (side.readsMayBeStale ? 'reads (may be stale)' : 'reads') : 'no reads';
  return `${read}, ${side.canWrite ? 'writes' : 'no writes'}`;
}

export function quorumArithmetic(which: 'n' | 'r' | 'w', ds: Datastore, facts: DatastoreFacts): string {
  const { n, r, w, family } = facts.settings;
  const lines: string[] = [];
  if (which === 'n') {
    lines.push(`**N = ${n} replicas** · majority = ⌊${n}/2⌋+1 = ${facts.majority}`);
    lines.push('', `Writes survive ${facts.writeFailuresSurvived} and reads survive ${facts.readFailuresSurvived} replica failures.`);
    if (n % 2 === 0 && n > 1) lines.push('', `An even N tolerates no more majority failures than N−1 = ${n - 1}.`);
  } else {
    const label = which === 'r' ? 'R' : 'W';
    const value = which === 'r' ? r : w;
    const spec = which === 'r' ? ds.readQuorum?.value : ds.writeQuorum?.value;
    const derivation = spec === 'majority' ? ` = ⌊${n}/2⌋+1` : spec === 'all' ? ' = N' : spec === 'one' ? '' : '';
    lines.push(`**${label} = ${typeof spec === 'string' ? `${spec}${derivation} = ` : ''}${value}** of N = ${n}`);
  }
  lines.push('', `- R+W = ${r}+${w} = ${r + w} ${r + w > n ? '>' : '≤'} N = ${n}: ${r + w > n ? 'every read quorum overlaps every write quorum, so a read sees the latest acknowledged write' : 'a read quorum can miss every replica that holds the latest write'}`);
  lines.push(`- 2W = ${2 * w} ${2 * w > n ? '>' : '≤'} N = ${n}: ${2 * w > n ? 'two write quorums overlap, so concurrent writes are ordered' : 'two writes can be acknowledged by disjoint replicas and must be merged'}`);
  if (family !== 'leaderless' && facts.settings.readFrom === 'leader') lines.push(`- reads go to the leader, which holds every acknowledged write`);
  lines.push(`- reads survive N−R = ${n - r}, writes survive N−W = ${n - w} failures${family === 'consensus' ? ` (consensus needs a majority of ${facts.majority} either way)` : ''}`);
  lines.push(`- P(read right after a write misses it) = ${percent(missProbability(n, r, w))}`);
  return lines.join('\n');
}

export function claimCard(kind: 'consistency' | 'cap' | 'pacelc' | 'on_partition' | 'tolerates' | 'loss_free', value: string, facts: DatastoreFacts | undefined): string {
  const lines: string[] = [];
  if (kind === 'consistency' && value in CONSISTENCY_MEANING) {
    const model = value as keyof typeof CONSISTENCY_MEANING;
    lines.push(`**${model}** — ${CONSISTENCY_MEANING[model]}`, '', `*Cost:* ${CONSISTENCY_COST[model]}`);
    if (facts) lines.push('', `${mark(satisfies(facts.consistency, model))} These settings provide **${facts.consistency}**.`);
  } else if (kind === 'cap' && value in CAP_MEANING) {
    lines.push(`**${value}** — ${CAP_MEANING[value as CapClass]}`);
    if (facts) lines.push('', `${mark(value === facts.cap || (facts.cap === 'CA' && value === 'CP'))} These settings make it **${facts.cap}**.`);
  } else if (kind === 'pacelc' && value in PACELC_MEANING) {
    lines.push(`**${value}** — ${PACELC_MEANING[value as PacelcClass]}`);
    if (facts) lines.push('', `${mark(value === facts.pacelc)} These settings give **${facts.pacelc}**.`);
  } else if (kind === 'on_partition' && value in PARTITION_MEANING) {
    lines.push(`**${value}** — ${PARTITION_MEANING[value as PartitionBehaviour]}`);
  } else if (kind === 'tolerates') {
    lines.push(`**tolerates ${value}** — the design claims writes stay available after ${value} replica failures.`);
    if (facts) lines.push('', `${mark(Number(value) <= facts.writeFailuresSurvived)} Writes survive ${facts.writeFailuresSurvived} failures with these quorums.`);
  } else if (kind === 'loss_free') {
    lines.push(`**loss_free: ${value}** — the design claims an acknowledged write is never lost.`);
    if (facts) lines.push('', `${mark(!facts.losesAcknowledgedWrites || value !== 'true')} ${facts.losesAcknowledgedWrites ? 'Failover can lose acknowledged writes with these settings.' : 'Acknowledged writes survive failover with these settings.'}`);
  }
  return lines.join('\n');
}

export function componentCard(component: Component, datastores: ReadonlyMap<string, Datastore>, facts: ReadonlyMap<string, DatastoreFacts | undefined>): string {
  const lines = [`### ${component.name}${component.choice ? ` · chose ${component.choice.value}` : ''}`];
  if (component.uses.length) {
    lines.push('', '| datastore | needs | provides | |', '|---|---|---|---|');
    for (const use of component.uses) {
      const f = facts.get(use.datastore);
      const known = datastores.has(use.datastore);
      const ok = f && use.needs ? satisfies(f.consistency, use.needs.value) : undefined;
      lines.push(`| ${use.datastore} | ${use.needs?.value ?? '—'} | ${known ? (f ? `${f.consistency} (${f.cap}, ${f.pacelc})` : 'unknown') : 'not declared'} | ${ok === undefined ? '' : mark(ok)} |`);
    }
  }
  if (component.why) lines.push('', `> ${component.why.value}`);
  return lines.join('\n');
}

export function engineCard(name: string): string | undefined {
  const engine = findEngine(name);
  if (!engine) return undefined;
  const lines = [`### ${engine.displayName}`, '', `Usually **${engine.usualCap}** · **${engine.usualPacelc}** · ${engine.family} replication`, '', engine.summary];
  if (engine.sources.length) lines.push('', ...engine.sources.map((s) => `Source: [${s.title}](${s.url})`));
  return lines.join('\n');
}
