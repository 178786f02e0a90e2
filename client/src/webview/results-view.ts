// The results strip (availability, stale reads, latency, refusals, lost writes, linearizability), the design's
// claims judged against the run with links back to the editor, and a failing check's counterexample as a
// timeline of the operations involved.

import type { ClaimModel, DatastoreModel, RevealTarget } from '../simulator/protocol';
import type { Counterexample, LinearizabilityResult, Operation } from './core';
import { attrs, clear, h, s, text } from './dom';
import { milliseconds, percent } from './core';
import type { OpStatus, OpView, Results } from './session';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';

interface Tile {
  root: HTMLElement;
  value: HTMLElement;
  detail: HTMLElement;
}

export type ClaimStatus = { tone: Tone; text: string };

export class ResultsView {
  readonly root: HTMLElement;
  private readonly tiles: Record<'availability' | 'stale' | 'latency' | 'refused' | 'lost' | 'leader' | 'linearizable', Tile>;
  private readonly claimList: HTMLElement;
  private readonly counterexample: HTMLElement;
  private lastClaimsKey = '';
  private lastCounterexample: Counterexample | undefined;

  constructor(private readonly reveal: (target: RevealTarget) => void) {
    const tile = (key: string, label: string): Tile => {
      const value = h('div', { class: 'tile-value' }, '–');
      const detail = h('div', { class: 'tile-detail' }, '');
      const root = h('div', { class: 'tile', 'data-tile': key }, h('div', { class: 'tile-label' }, label), value, detail);
      return { root, value, detail };
    };
    this.tiles = {
      availability: tile('availability', 'Availability'),
      stale: tile('stale', 'Stale reads'),
      latency: tile('latency', 'Latency p50 / p99'),
      refused: tile('refused', 'Refused'),
      lost: tile('lost', 'Lost writes'),
      leader: tile('leader', 'Leader'),
      linearizable: tile('linearizable', 'Linearizability'),
    };
    const strip = h(
      'div',
      { class: 'tiles', role: 'group', 'aria-label': 'Results of the run so far' },
      ...Object.values(this.tiles).map((t) => t.root),
    );
    this.claimList = h('ul', { class: 'claims' });
    this.counterexample = h('section', {
      class: 'counterexample',
      hidden: true,
      'aria-label': 'Counterexample to linearizability',
    });
    this.root = h(
      'section',
      { class: 'results', 'aria-label': 'Results' },
      strip,
      h('h2', { class: 'section-title' }, 'Claims against this run'),
      this.claimList,
      this.counterexample,
    );
  }

  update(results: Results, verdict: LinearizabilityResult | undefined, checking: boolean): void {
    const t = this.tiles;
    const empty = results.operations === 0;
    set(
      t.availability,
      empty ? '–' : percent(results.availability, 1),
      `${results.operations.toLocaleString('en-US')} operations`,
      empty ? 'neutral' : results.availability >= 0.999 ? 'good' : results.availability >= 0.9 ? 'warn' : 'bad',
    );
    set(
      t.stale,
      String(results.staleReads),
      empty ? 'reads that missed an acknowledged write' : `${percent(results.staleReadRate, 1)} of ok reads`,
      results.staleReads > 0 ? 'warn' : empty ? 'neutral' : 'good',
    );
    set(
      t.latency,
      empty ? '–' : `${milliseconds(results.p50, 0)} / ${milliseconds(results.p99, 0)}`,
      'of successful operations',
      'neutral',
    );
    const [minRefused, minTotal] = results.minority;
    set(
      t.refused,
      String(results.refused),
      minTotal > 0 ? `${minRefused} of ${minTotal} on a minority side` : 'failed or timed out',
      results.refused > 0 ? 'bad' : empty ? 'neutral' : 'good',
    );
    set(
      t.lost,
      String(results.lostWrites),
      'acknowledged, then discarded',
      results.lostWrites > 0 ? 'bad' : empty ? 'neutral' : 'good',
    );
    // Leader stores: time without a leader; leaderless stores: how long replicas took to catch up after a heal.
    const lead = results.leadership;
    const conv = results.convergence;
    if (lead) {
      text(t.leader.root.querySelector('.tile-label')!, 'Without a leader');
      set(
        t.leader,
        milliseconds(lead.withoutLeader, 0),
        lead.now
          ? `no leader now · ${lead.elections} election${lead.elections === 1 ? '' : 's'}`
          : `${lead.elections} election${lead.elections === 1 ? '' : 's'} so far`,
        lead.now ? 'bad' : lead.withoutLeader > 0 ? 'warn' : 'good',
      );
    } else {
      text(t.leader.root.querySelector('.tile-label')!, 'Convergence');
      if (!conv) set(t.leader, '–', 'after a heal, how long replicas take to catch up', 'neutral');
      else if (conv.converged === undefined) set(t.leader, 'converging…', `healed at ${milliseconds(conv.healed, 0)}`, 'warn');
      else
        set(t.leader, milliseconds(conv.converged - conv.healed, 0), `after the heal at ${milliseconds(conv.healed, 0)}`, 'good');
    }
    if (!verdict || empty) set(t.linearizable, checking ? 'checking…' : '–', 'Wing–Gong search over the history', 'neutral');
    else if (verdict.linearizable)
      set(t.linearizable, 'linearizable', `checked ${results.operations.toLocaleString('en-US')} operations`, 'good');
    else if (verdict.inconclusive) set(t.linearizable, 'inconclusive', 'the search budget ran out', 'warn');
    else set(t.linearizable, 'violated', 'see the counterexample below', 'bad');
  }

  /** Judge each claim of the datastore (and each component's need) against the run. */
  updateClaims(store: DatastoreModel, results: Results, verdict: LinearizabilityResult | undefined): void {
    const rows: { label: string; line: number; target: RevealTarget; status: ClaimStatus }[] = [];
    for (const c of store.claims)
      rows.push({
        label: `${c.key}: ${c.value}`,
        line: c.range.line,
        target: { datastore: store.name, claim: c.key },
        status: judgeClaim(c, results, verdict),
      });
    for (const u of store.usedBy)
      if (u.needs)
        rows.push({
          label: `${u.component} needs ${u.needs}`,
          line: u.range.line,
          target: { datastore: store.name, component: u.component },
          status: judgeNeed(u.needs, results, verdict),
        });
    const key = JSON.stringify(rows.map((r) => [r.label, r.line, r.status]));
    if (key === this.lastClaimsKey) return;
    this.lastClaimsKey = key;
    clear(this.claimList);
    if (rows.length === 0) {
      this.claimList.append(
        h(
          'li',
          { class: 'claim none' },
          'This datastore states no claims. Add ',
          h('code', {}, 'claims:'),
          ' (consistency, cap, loss_free…) to have them checked against the run here.',
        ),
      );
      return;
    }
    for (const r of rows) {
      const link = h(
        'button',
        { class: 'link-button', type: 'button', 'aria-label': `Go to ${r.label} on line ${r.line} in the editor` },
        `line ${r.line}`,
      );
      link.addEventListener('click', () => this.reveal(r.target));
      this.claimList.append(
        h(
          'li',
          { class: `claim ${r.status.tone}` },
          h('span', { class: 'claim-dot', 'aria-hidden': 'true' }),
          h('code', {}, r.label),
          h('span', { class: 'claim-status' }, r.status.text),
          link,
        ),
      );
    }
  }

  updateCounterexample(store: DatastoreModel, verdict: LinearizabilityResult | undefined): void {
    const ce = verdict?.counterexample;
    if (ce === this.lastCounterexample) return;
    this.lastCounterexample = ce;
    const root = this.counterexample;
    clear(root);
    attrs(root, { hidden: !ce });
    if (!ce) return;
    const claim = store.claims.find((c) => c.key === 'consistency') ?? store.claims.find((c) => c.key === 'cap');
    const header = h(
      'div',
      { class: 'ce-header' },
      h('h2', { class: 'section-title' }, 'Counterexample'),
      h('p', { class: 'ce-message' }, sentence(ce)),
    );
    root.append(header, timeline(ce));
    if (claim) {
      const go = h(
        'button',
        { class: 'secondary', type: 'button' },
        `Go to the claim it breaks: ${claim.key}: ${claim.value} (line ${claim.range.line})`,
      );
      go.addEventListener('click', () => this.reveal({ datastore: store.name, claim: claim.key }));
      root.append(h('div', { class: 'ce-actions' }, go));
    }
  }
}

function set(tile: Tile, value: string, detail: string, tone: Tone): void {
  text(tile.value, value);
  text(tile.detail, detail);
  attrs(tile.root, { class: `tile ${tone}` });
}

const LINEARIZABLE_FAMILY = new Set(['linearizable']);
const NO_STALE = new Set(['linearizable', 'strong']);

function judgeConsistency(model: string, results: Results, verdict: LinearizabilityResult | undefined): ClaimStatus {
  if (results.operations === 0) return { tone: 'neutral', text: 'no operations yet' };
  if (NO_STALE.has(model) && results.staleReads > 0)
    return { tone: 'bad', text: `broken: ${results.staleReads} stale read${results.staleReads === 1 ? '' : 's'}` };
  if (LINEARIZABLE_FAMILY.has(model)) {
    if (!verdict) return { tone: 'neutral', text: 'checking…' };
    if (verdict.inconclusive) return { tone: 'warn', text: 'undecided: the check ran out of budget' };
    return verdict.linearizable
      ? { tone: 'good', text: 'holds so far' }
      : { tone: 'bad', text: 'broken: the history is not linearizable' };
  }
  if (NO_STALE.has(model)) return { tone: 'good', text: 'holds so far: no stale reads' };
  return { tone: 'neutral', text: 'not checked by the simulator' };
}

export function judgeClaim(c: ClaimModel, results: Results, verdict: LinearizabilityResult | undefined): ClaimStatus {
  switch (c.key) {
    case 'consistency':
      return judgeConsistency(c.value, results, verdict);
    case 'cap':
      if (results.operations === 0) return { tone: 'neutral', text: 'no operations yet' };
      if (c.value === 'AP')
        return results.refused > 0
          ? { tone: 'bad', text: `broken: ${results.refused} request${results.refused === 1 ? '' : 's'} refused or timed out` }
          : { tone: 'good', text: 'holds so far: every request served' };
      if (c.value === 'CP') {
        if (results.staleReads > 0)
          return { tone: 'bad', text: `broken: served ${results.staleReads} stale read${results.staleReads === 1 ? '' : 's'}` };
        if (verdict && !verdict.linearizable && !verdict.inconclusive)
          return { tone: 'bad', text: 'broken: served a non-linearizable history' };
        return {
          tone: 'good',
          text: results.refused > 0 ? `holds so far: refused ${results.refused} rather than serve stale data` : 'holds so far',
        };
      }
      return { tone: 'neutral', text: 'not checked by the simulator' };
    case 'loss_free':
      if (c.value !== 'true') return { tone: 'neutral', text: 'no promise to check' };
      return results.lostWrites > 0
        ? { tone: 'bad', text: `broken: ${results.lostWrites} acknowledged write${results.lostWrites === 1 ? '' : 's'} lost` }
        : { tone: 'good', text: 'holds so far' };
    default:
      return { tone: 'neutral', text: 'not checked by the simulator' };
  }
}

function judgeNeed(needs: string, results: Results, verdict: LinearizabilityResult | undefined): ClaimStatus {
  return judgeConsistency(needs, results, verdict);
}

/** The core's message with times rounded for people (it prints raw simulated floats). */
function sentence(ce: Counterexample): string {
  const o = ce.op;
  const who = o.client ?? `process ${o.process}`;
  const fmt = (v: unknown) => (v === null || v === undefined ? 'nil' : String(v));
  const values = ce.possible.map(fmt);
  const possible = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  const when = `op ${o.id}, ${msFine(o.invoke)} → ${msFine(o.complete)}`;
  const ruledOut = ce.possible.length > 0 && ce.observed !== undefined && !ce.possible.includes(ce.observed);
  if (o.f === 'read' && ruledOut)
    return `A read by ${who} (${when}) returned ${fmt(ce.observed)}, but while it ran the register could only hold ${possible}.`;
  if (o.f === 'cas' && ruledOut)
    return `A compare-and-set by ${who} (${when}) succeeded expecting ${fmt(ce.observed)}, but while it ran the register could only hold ${possible}.`;
  const what =
    o.f === 'write' ? `A write of ${fmt(o.value)}` : o.f === 'read' ? `A read of ${fmt(o.value)}` : 'A compare-and-set';
  return `${what} by ${who} (${when}) cannot take effect: no order of the operations that completed before it did is consistent with what each of them observed.`;
}

/** One bar of a timeline: an operation from invocation to completion (open: pending, it may take effect later). */
export interface TimelineBar {
  lane: string;
  /** Written beside the bar. */
  label: string;
  /** The tooltip. */
  title: string;
  /** The operation's function, as a class: write and cas bars are coloured apart from reads. */
  f: string;
  invoke: number;
  complete: number;
  open: boolean;
  failing: boolean;
}

/** Lanes per client, a bar per operation from invocation to completion; the failing operation stands out. */
export function drawTimeline(bars: readonly TimelineBar[], ariaLabel: string, axis: (t: number) => string): SVGSVGElement {
  const lanes = [...new Set(bars.map((b) => b.lane))];
  const t0 = Math.min(...bars.map((b) => b.invoke));
  const ends = bars.map((b) => (b.open ? b.invoke : b.complete));
  const t1 = Math.max(...ends, ...bars.map((b) => b.invoke));
  const span = Math.max(t1 - t0, 1e-3);
  const left = 150;
  const width = 760;
  const laneH = 34;
  const top = 18;
  const height = top + lanes.length * laneH + 30;
  const x = (t: number) => left + ((t - t0) / span) * (width - left - 130);
  const svg = s('svg', { class: 'timeline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': ariaLabel });
  lanes.forEach((lane, i) => {
    const y = top + i * laneH;
    svg.append(
      s('line', { class: 'lane', x1: left - 8, x2: width - 10, y1: y + laneH / 2, y2: y + laneH / 2 }),
      s('text', { class: 'lane-label', x: left - 14, y: y + laneH / 2 + 4 }, lane),
    );
  });
  for (const b of bars) {
    const y = top + lanes.indexOf(b.lane) * laneH + 6;
    const x1 = x(b.invoke);
    const x2 = b.open ? width - 110 : Math.max(x(b.complete), x1 + 3);
    const cls = ['op-bar', b.f, b.failing ? 'failing' : '', b.open ? 'open' : ''].filter(Boolean).join(' ');
    const g = s('g', { class: cls }, s('title', {}, b.title), s('rect', { x: x1, y, width: x2 - x1, height: laneH - 12, rx: 3 }));
    g.append(s('text', { class: 'op-label', x: x2 + 6, y: y + (laneH - 12) / 2 + 4 }, b.label));
    svg.append(g);
  }
  svg.append(
    s('text', { class: 'axis-label', x: left, y: height - 8 }, axis(t0)),
    s('text', { class: 'axis-label end', x: width - 130, y: height - 8 }, axis(t0 + span)),
  );
  return svg;
}

function timeline(ce: Counterexample): SVGSVGElement {
  const ops = ce.ops.length > 0 ? ce.ops : [ce.op];
  const bars = ops.map((o) => ({
    lane: laneOf(o),
    label: barLabel(o),
    title: describe(o),
    f: o.f,
    invoke: o.invoke,
    complete: o.complete,
    open: o.outcome === 'info',
    failing: o.id === ce.op.id,
  }));
  return drawTimeline(bars, `Timeline of ${ops.length} operations around the failure: ${ce.message}`, (t) => milliseconds(t, 0));
}

/** Times an operation apart: two operations a fraction of a millisecond apart must not print the same. */
function msFine(x: number): string {
  return milliseconds(x, 2);
}

function laneOf(o: Operation): string {
  return o.client ?? `process ${o.process}`;
}

function barLabel(o: Operation): string {
  if (o.f === 'write') return `write ${o.value}${o.outcome === 'info' ? ' (unknown)' : ''}`;
  if (o.f === 'read') return o.outcome === 'ok' ? `read → ${o.value ?? 'nil'}` : 'read (failed)';
  return `cas ${JSON.stringify(o.value)}`;
}

function describe(o: Operation): string {
  return `op ${o.id}: ${barLabel(o)} by ${laneOf(o)}, ${msFine(o.invoke)} → ${o.outcome === 'info' ? 'unknown' : msFine(o.complete)}`;
}

/** The operations list beside the drawing: the latest first, coloured by what became of them; or only the anomalies. */
export class OpsLog {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private readonly latestButton: HTMLButtonElement;
  private readonly anomaliesButton: HTMLButtonElement;
  private filter: 'latest' | 'anomalies' = 'latest';
  private shown: string | undefined;
  private last: OpView[] = [];

  constructor() {
    this.list = h('ol', { class: 'ops', 'aria-label': 'Latest operations, newest first' });
    this.count = h('span', {}, '');
    this.latestButton = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'true' }, 'All');
    this.anomaliesButton = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'false' }, 'Anomalies');
    this.latestButton.append(this.count);
    this.latestButton.addEventListener('click', () => this.setFilter('latest'));
    this.anomaliesButton.addEventListener('click', () => this.setFilter('anomalies'));
    this.root = h(
      'aside',
      { class: 'ops-log', 'aria-label': 'Operations' },
      h(
        'div',
        { class: 'ops-head' },
        h('h2', { class: 'section-title' }, 'Operations'),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' }, this.latestButton, this.anomaliesButton),
      ),
      this.list,
    );
  }

  private setFilter(filter: 'latest' | 'anomalies'): void {
    this.filter = filter;
    attrs(this.latestButton, { 'aria-pressed': filter === 'latest' ? 'true' : 'false' });
    attrs(this.anomaliesButton, { 'aria-pressed': filter === 'anomalies' ? 'true' : 'false' });
    attrs(this.list, {
      'aria-label':
        filter === 'latest'
          ? 'Latest operations, newest first'
          : 'Stale reads, refused or timed-out requests and lost writes, newest first',
    });
    this.update(this.last);
  }

  update(ops: OpView[]): void {
    this.last = ops;
    const anomalies = ops.filter((o) => ANOMALY.has(o.status));
    const source = this.filter === 'latest' ? ops : anomalies;
    const latest = source.slice(-MAX_ROWS).reverse();
    text(this.count, ops.length > 0 ? ` ${ops.length.toLocaleString('en-US')}` : '');
    text(this.anomaliesButton, anomalies.length > 0 ? `Anomalies ${anomalies.length.toLocaleString('en-US')}` : 'Anomalies');
    attrs(this.anomaliesButton, { class: anomalies.length > 0 ? 'seg alert' : 'seg' });
    const key = `${this.filter}|${latest.map((o) => `${o.op.id}:${o.status}`).join(',')}`;
    if (key === this.shown) return;
    this.shown = key;
    clear(this.list);
    if (latest.length === 0) {
      this.list.append(
        h(
          'li',
          { class: 'op empty' },
          this.filter === 'latest'
            ? 'Press Play (Space) or Step (→) to start.'
            : 'No stale reads, refusals or lost writes so far.',
        ),
      );
      return;
    }
    for (const { op, status } of latest) {
      const what =
        op.f === 'write'
          ? `write ${op.value}`
          : op.f === 'read'
            ? op.outcome === 'ok'
              ? `read → ${op.value ?? '∅'}`
              : 'read'
            : 'cas';
      const tag = status === 'pending' ? '…' : status === 'ok' ? 'ok' : status === 'unknown' ? 'timed out' : status;
      // The reason (timeout, not-leader, no-quorum…) goes in the tooltip: the row keeps room for the value.
      const reason =
        (status === 'refused' || status === 'unknown') && op.error && op.error !== 'unfinished' ? ` (${op.error})` : '';
      this.list.append(
        h(
          'li',
          {
            class: `op ${status}`,
            title: `op ${op.id} by ${op.client ?? `process ${op.process}`}: ${milliseconds(op.invoke, 0)} → ${status === 'pending' ? 'running' : milliseconds(op.complete, 0)}, ${tag}${reason}`,
          },
          h('span', { class: 'op-time' }, milliseconds(op.invoke, 0)),
          h('span', { class: 'op-what' }, what),
          h('span', { class: 'op-tag' }, tag),
        ),
      );
    }
  }
}

const ANOMALY = new Set<OpStatus>(['stale', 'refused', 'unknown', 'lost']);
const MAX_ROWS = 14;
