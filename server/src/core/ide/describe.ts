// Markdown descriptions of a datastore's one analysis, shared by hovers, code lenses, the outline, the CLI's
// explain table and reports: the card, the one-line summary, the quorum arithmetic and claim cards.

import { CONSISTENCY_COST, CONSISTENCY_MEANING } from '../semantics/consistency';
import type { DatastoreAnalysis } from '../derive/datastore';
import type { DatastoreFacts, RegionSide } from '../derive/facts';
import { describeConsistency, judgeUse, type ClaimKey } from '../derive/verdicts';
import { findEngine } from '../engines/registry';
import type { CapClass, Component, PacelcClass, PartitionBehaviour } from '../model/design';
import { missProbability } from '../semantics/quorum';
import { percent, plural } from '../text/format';
import { claimRows, VERDICT_MARK } from './claim-rows';
import { escapeMarkdown, markdownMessage } from '../text/escape-markdown';

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

function quorumWord(spec: unknown): string {
  return typeof spec === 'string' ? ` (${spec})` : '';
}

/** One line: `CP · PC/EC · survives 2 failures`, as shown in the code lens and outline. */
export function summaryLine(facts: DatastoreFacts): string {
  const f = facts.writeFailuresSurvived;
  const cap = facts.cap === 'neither' ? 'neither CP nor AP' : facts.cap;
  return `${cap} · ${facts.pacelc} · ${f === 0 ? 'no failure survived' : `survives ${plural(f, 'failure')}`}`;
}

/** `leaderless · N = 3, R = 2, W = 2`, from the analysis's effective numbers. */
export function settingsLine(a: DatastoreAnalysis): string {
  const m = a.model;
  if (!m) return '';
  const ds = a.ds;
  return `${m.family} · N = ${m.n}, R = ${m.r}${quorumWord(ds.readQuorum?.value)}, W = ${m.w}${quorumWord(ds.writeQuorum?.value)}${m.family !== 'leaderless' ? ` · reads from ${m.readFrom}` : ''}`;
}

export function datastoreCard(a: DatastoreAnalysis): string {
  const { ds, engine } = a;
  // Names, values and `why:` come from the design: escaped, so they render as text (core/text/escape-markdown).
  const lines = [
    `### ${escapeMarkdown(ds.name)}${engine ? ` · ${engine.displayName}` : ds.engine ? ` · ${escapeMarkdown(ds.engine.value)}` : ''}`,
  ];
  const f = a.facts;
  if (!f) {
    lines.push(
      '',
      'Derived facts are unavailable until replicas, quorums and engine settings are valid (see the problems in this entry).',
    );
    if (ds.why) lines.push('', `> ${escapeMarkdown(ds.why.value)}`);
    return lines.join('\n');
  }
  const m = f.model;
  lines.push('', settingsLine(a));
  if (m.explanation.length) lines.push('', ...m.explanation.map((t) => `- ${markdownMessage(t)}`));
  lines.push('', '| | claimed | derived |', '|---|---|---|');
  for (const row of claimRows(a))
    lines.push(
      `| ${row.property} | ${escapeMarkdown(row.claimed)} | ${escapeMarkdown(row.derived)}${row.verdict === 'derived' ? '' : ` ${VERDICT_MARK[row.verdict]}`} |`,
    );
  lines.push('', `**Consistency:** ${markdownMessage(m.consistency.reason)}`);
  lines.push('', `**A read right after a write:** ${markdownMessage(f.staleRead.summary)}.`);
  lines.push('', `**Writes need** ${markdownMessage(m.write.needs)}; **reads need** ${markdownMessage(m.read.needs)}.`);
  if (f.regionSplits.length) {
    lines.push('', '**Region splits:**');
    for (const split of f.regionSplits.slice(0, 6))
      lines.push(
        `- ${split.sides.map((side) => `${side.regions.map(escapeMarkdown).join('+')} (${side.replicas}): ${sideAbilities(side)}`).join(' ‖ ')}`,
      );
    if (f.regionSplits.length > 6) lines.push(`- … ${f.regionSplits.length - 6} more splits`);
  }
  if (ds.why) lines.push('', `> ${escapeMarkdown(ds.why.value)}`);
  return lines.join('\n');
}

/** What one side of a region split can still do, e.g. `reads (may be stale), no writes`. Shared with the CLI. */
export function sideAbilities(
  side: Pick<RegionSide, 'canRead' | 'canWrite' | 'readsMayBeStale' | 'staleUntilNoticed'> & { hasClients?: boolean },
): string {
  if (side.hasClients === false) return 'no clients here';
  const read = side.canRead
    ? side.readsMayBeStale
      ? 'reads (may be stale)'
      : 'reads'
    : side.staleUntilNoticed
      ? 'no reads (stale ones until its nodes notice the partition)'
      : 'no reads';
  return `${read}, ${side.canWrite ? 'writes' : 'no writes'}`;
}

export function quorumArithmetic(which: 'n' | 'r' | 'w', a: DatastoreAnalysis): string {
  const f = a.facts!;
  const m = f.model;
  const { n, r, w, family } = m;
  const ds = a.ds;
  const lines: string[] = [];
  if (which === 'n') {
    lines.push(`**N = ${plural(n, 'replica')}** · majority = ⌊${n}/2⌋+1 = ${f.majority}`);
    lines.push(
      '',
      `Writes survive ${plural(f.writeFailuresSurvived, 'failure')} and reads ${plural(f.readFailuresSurvived, 'failure')} (writes need ${m.write.needs}; reads need ${m.read.needs}).`,
    );
    if (m.electorate && m.electorate.voters % 2 === 0 && m.electorate.voters > 1)
      lines.push('', `An even number of ${m.electorate.what} tolerates no more majority failures than one fewer.`);
  } else {
    const label = which === 'r' ? 'R' : 'W';
    const value = which === 'r' ? r : w;
    const spec = which === 'r' ? ds.readQuorum?.value : ds.writeQuorum?.value;
    const derivation = spec === 'majority' ? ` = ⌊${n}/2⌋+1` : spec === 'all' ? ' = N' : '';
    lines.push(`**${label} = ${typeof spec === 'string' ? `${spec}${derivation} = ` : ''}${value}** of N = ${n}`);
  }
  lines.push(
    '',
    `- R+W = ${r}+${w} = ${r + w} ${r + w > n ? '>' : '≤'} N = ${n}: ${r + w > n ? 'every read quorum overlaps every write quorum, so a read sees the latest acknowledged write' : 'a read quorum can miss every replica that holds the latest write'}`,
  );
  lines.push(
    `- 2W = ${2 * w} ${2 * w > n ? '>' : '≤'} N = ${n}: ${2 * w > n ? 'two write quorums overlap' : 'two writes can be acknowledged by disjoint replicas and must be merged'}`,
  );
  if (family !== 'leaderless' && m.readFrom === 'leader')
    lines.push(`- reads go to the ${family === 'leader' ? 'primary' : 'leader'}, which holds every acknowledged write`);
  lines.push(
    `- failures survived: writes ${f.writeFailuresSurvived}, reads ${f.readFailuresSurvived}, from the conditions each path needs`,
  );
  lines.push(`- a read right after a write: ${f.staleRead.summary}`);
  if (m.staleness.kind !== 'uniform')
    lines.push(`- (the uniform pick of R of N would say ${percent(missProbability(n, r, w))}; it does not describe these reads)`);
  return lines.join('\n');
}

/** The card for one claim: what it means, what it costs, and its verdict. */
export function claimCard(kind: ClaimKey, value: string, a: DatastoreAnalysis | undefined): string {
  const lines: string[] = [];
  const row = a ? claimRows(a).find((r) => r.key === kind) : undefined;
  const verdict = row?.judged;
  const mark = verdict ? `${verdict.holds ? '✓' : '✗'} ` : '';
  if (kind === 'consistency' && value in CONSISTENCY_MEANING) {
    const model = value as keyof typeof CONSISTENCY_MEANING;
    lines.push(`**${model}** — ${CONSISTENCY_MEANING[model]}`, '', `*Cost:* ${CONSISTENCY_COST[model]}`);
    if (row) lines.push('', `${mark}These settings provide **${row.derived}**.`);
  } else if (kind === 'cap' && value in CAP_MEANING) {
    lines.push(`**${value}** — ${CAP_MEANING[value as CapClass]}`);
    if (row) lines.push('', `${mark}These settings make it **${row.derived}**.`);
  } else if (kind === 'pacelc' && value in PACELC_MEANING) {
    lines.push(`**${value}** — ${PACELC_MEANING[value as PacelcClass]}`);
    if (row) lines.push('', `${mark}These settings give **${row.derived}**.`);
  } else if (kind === 'on_partition' && value in PARTITION_MEANING) {
    lines.push(`**${value}** — ${PARTITION_MEANING[value as PartitionBehaviour]}`);
    if (row) lines.push('', `${mark}With these settings ${row.derived}.`);
  } else if (kind === 'tolerates') {
    lines.push(`**tolerates ${value}** — the design claims writes stay available after ${value} node failures.`);
    if (row) lines.push('', `${mark}Writes survive ${row.derived} with these settings (they need ${a!.model!.write.needs}).`);
  } else if (kind === 'loss_free') {
    lines.push(`**loss_free: ${value}** — the design claims an acknowledged write is never lost.`);
    const loss = a?.model?.writeLoss;
    if (a?.model)
      lines.push(
        '',
        `${mark}${loss ? `Acknowledged writes can be lost: ${markdownMessage(loss.reason)}` : 'Acknowledged writes survive failover with these settings.'}`,
      );
  } else if (kind === 'survives_region_loss') {
    lines.push(
      `**survives_region_loss: ${escapeMarkdown(value)}** — the design claims clients in the other regions keep reading and writing when a region is lost.`,
    );
    if (row) lines.push('', `${mark}With this placement it ${escapeMarkdown(row.derived)}.`);
  }
  return lines.join('\n');
}

export function componentCard(component: Component, analyses: ReadonlyMap<string, DatastoreAnalysis>): string {
  const lines = [`### ${escapeMarkdown(component.name)}${component.choice ? ` · chose ${component.choice.value}` : ''}`];
  if (component.uses.length) {
    lines.push('', '| datastore | needs | provides | |', '|---|---|---|---|');
    for (const use of component.uses) {
      const a = analyses.get(use.datastore);
      const f = a?.facts;
      const v = f ? judgeUse(use, f) : undefined;
      const provides = !a
        ? 'not declared'
        : f
          ? `${v?.derived ?? describeConsistency(f.model.consistency)} (${f.cap === 'neither' ? 'neither CP nor AP' : f.cap}, ${f.pacelc})`
          : 'unknown';
      lines.push(
        `| ${escapeMarkdown(use.datastore)} | ${use.needs?.value ?? '—'}${use.session?.value === 'separate' ? ' (separate session)' : ''} | ${provides} | ${v ? VERDICT_MARK[v.holds ? 'holds' : 'contradicted'] : ''} |`,
      );
    }
  }
  if (component.why) lines.push('', `> ${escapeMarkdown(component.why.value)}`);
  return lines.join('\n');
}

export function engineCard(name: string): string | undefined {
  const engine = findEngine(name);
  if (!engine) return undefined;
  const usual = engine.usualCap === 'neither' ? 'neither CP nor AP' : engine.usualCap;
  const lines = [
    `### ${engine.displayName}`,
    '',
    `Usually **${usual}** · **${engine.usualPacelc}** · ${engine.family} replication`,
    '',
    engine.summary,
  ];
  if (engine.sources.length) lines.push('', ...engine.sources.map((s) => `Source: [${s.title}](${s.url})`));
  return lines.join('\n');
}
