// The staleness tab: Probabilistically Bounded Staleness for the datastore's latency. A line chart of
// t-visibility (the chance a read t ms after a write commits sees it) for the current R/W and a few
// alternatives, and a table with the closed-form k-staleness beside the Monte Carlo figures.

import type { DatastoreModel } from '../simulator/protocol';
import { visibilityModel, visibilityOptions } from '../../../server/src/core/simulation/staleness-sites';
import { majorityOf, missProbability } from '../../../server/src/core/semantics/quorum';
import { milliseconds, percent, tVisibility, type TVisibilityResult } from './core';
import { clear, h, s } from './dom';

export interface QuorumChoice {
  r: number;
  w: number;
  current: boolean;
}

export interface StalenessRow extends QuorumChoice {
  n: number;
  k: [number, number, number];
  visibility: TVisibilityResult;
}

const TRIALS = 20_000;
const COLOURS = 5;

/** The current R/W first, then the common alternatives, at most five. */
export function quorumChoices(n: number, r: number, w: number): QuorumChoice[] {
  const maj = majorityOf(n);
  const candidates: [number, number][] = [
    [r, w],
    [1, 1],
    [1, maj],
    [maj, 1],
    [maj, maj],
    [1, n],
  ];
  const seen = new Set<string>();
  const out: QuorumChoice[] = [];
  for (const [cr, cw] of candidates) {
    const key = `${cr}/${cw}`;
    if (seen.has(key) || cr < 1 || cw < 1 || cr > n || cw > n) continue;
    seen.add(key);
    out.push({ r: cr, w: cw, current: out.length === 0 });
    if (out.length === 5) break;
  }
  return out;
}

/**
 * The lines of the chart, from the analysis's PBS inputs (the same as `cap-lens staleness`): the store's own
 * reads first, then alternatives; for a store whose reads go to a leader every line is a follower what-if; none
 * where PBS's uniform pick does not describe the reads.
 */
export function computeStaleness(store: DatastoreModel): StalenessRow[] {
  const pbs = store.derived.pbs;
  if (pbs.kind === 'none' || pbs.pool === undefined || pbs.r === undefined || pbs.w === undefined) return [];
  const { pool, r, w } = pbs;
  // Readers and writers where PBS puts them: each in a random region holding a replica.
  const where = visibilityOptions(visibilityModel(pool, store.placement, store.latency));
  return quorumChoices(pool, r, w).map((c) => ({
    ...c,
    current: c.current && pbs.kind === 'actual',
    n: pool,
    k: [1, 2, 3].map((k) => missProbability(pool, c.r, c.w) ** k) as [number, number, number],
    visibility: tVisibility({ n: pool, r: c.r, w: c.w, ...where, trials: TRIALS, seed: 1 }),
  }));
}

export class StalenessView {
  readonly root: HTMLElement;
  private key = '';

  constructor() {
    this.root = h('div', { class: 'staleness' });
  }

  /** Recompute only when the settings that matter changed (a Monte Carlo run is a few tens of ms). */
  render(store: DatastoreModel): void {
    const key = JSON.stringify([
      store.name,
      store.derived.pbs,
      store.derived.staleReadSummary,
      store.n,
      store.placement,
      store.latency,
    ]);
    if (key === this.key) return;
    this.key = key;
    const root = this.root;
    clear(root);
    const rows = computeStaleness(store);
    const pbs = store.derived.pbs;
    if (rows.length === 0) {
      root.append(
        h('p', { class: 'intro' }, h('strong', {}, 'A read right after a write: '), `${store.derived.staleReadSummary}.`),
        h(
          'p',
          { class: 'intro' },
          'PBS (Bailis et al., VLDB 2012) assumes a read asks R replicas picked at random among those that may hold the write; that does not describe these reads, so there is no chart.',
        ),
      );
      return;
    }
    const current = rows[0];
    const intro = h(
      'p',
      { class: 'intro' },
      `The chance that a read issued t ms after a write commits returns it, for ${pbs.kind === 'actual' && current.n === store.n ? `N = ${store.n}` : `the ${current.n} ${current.n === 1 ? 'follower' : 'followers'}`} with the ${store.latencyLabel} latency model (${TRIALS.toLocaleString('en-US')} Monte Carlo trials per line; PBS, Bailis et al., VLDB 2012). `,
    );
    if (pbs.kind === 'what-if')
      intro.append(
        h('strong', {}, `A read right after a write: ${store.derived.staleReadSummary}; `),
        'the lines show what reading from one follower would give.',
      );
    else if (current.r + current.w > current.n)
      intro.append(
        h(
          'strong',
          {},
          `R + W = ${current.r + current.w} > ${current.n}: read and write quorums always overlap, so a read after commit always sees the write.`,
        ),
      );
    else
      intro.append(
        h(
          'strong',
          {},
          `R + W = ${current.r + current.w} ≤ ${current.n}: a read right after commit misses the write with probability ${prob(current.k[0])}.`,
        ),
      );
    root.append(intro, chart(rows), table(rows));
  }
}

function chart(rows: StalenessRow[]): SVGSVGElement {
  const width = 720;
  const height = 300;
  const m = { l: 58, r: 170, t: 14, b: 44 };
  const tMax = niceCeil(Math.max(0.1, ...rows.map((r) => Math.max(r.visibility.t999, r.visibility.t99 * 1.5))));
  const lowest = Math.min(...rows.map((r) => r.visibility.probabilityAt(0)));
  const yMin = Math.max(0, Math.floor(lowest * 10 - 1e-9) / 10);
  const x = (t: number) => m.l + (t / tMax) * (width - m.l - m.r);
  const y = (p: number) => m.t + (1 - (p - yMin) / (1 - yMin || 1)) * (height - m.t - m.b);
  const current = rows[0];
  const svg = s('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `t-visibility: for R=${current.r} W=${current.w}, ${prob(current.visibility.probabilityAt(0))} of reads right after commit are consistent; 99.9% after ${milliseconds(current.visibility.t999, 0)}. The table below lists every line.`,
  });
  const grid = s('g', { class: 'grid' });
  for (let i = 0; i <= 5; i++) {
    const t = (tMax * i) / 5;
    grid.append(
      s('line', { x1: x(t), x2: x(t), y1: m.t, y2: height - m.b }),
      s('text', { class: 'tick x', x: x(t), y: height - m.b + 16 }, tick(t)),
    );
  }
  const ySteps = Math.round((1 - yMin) * 10) || 1;
  for (let i = 0; i <= ySteps; i++) {
    const p = yMin + ((1 - yMin) * i) / ySteps;
    grid.append(
      s('line', { x1: m.l, x2: width - m.r, y1: y(p), y2: y(p) }),
      s('text', { class: 'tick y', x: m.l - 8, y: y(p) + 4 }, percent(p, 0)),
    );
  }
  svg.append(
    grid,
    s('text', { class: 'axis-title', x: (m.l + width - m.r) / 2, y: height - 8 }, 'ms after the write commits'),
    s(
      'text',
      { class: 'axis-title', transform: `translate(14 ${(m.t + height - m.b) / 2}) rotate(-90)` },
      'P(read is consistent)',
    ),
  );
  // Draw the current choice last, so it is on top.
  [...rows].reverse().forEach((row) => {
    const i = rows.indexOf(row);
    const steps = 160;
    let d = '';
    for (let k = 0; k <= steps; k++) {
      const t = (tMax * k) / steps;
      d += `${k === 0 ? 'M' : 'L'} ${x(t).toFixed(1)} ${y(Math.max(yMin, row.visibility.probabilityAt(t))).toFixed(1)} `;
    }
    svg.append(
      s('path', { class: `series c${i % COLOURS}${row.current ? ' current' : ''}`, d, 'data-r': row.r, 'data-w': row.w }),
    );
  });
  const legend = s('g', { class: 'legend', transform: `translate(${width - m.r + 18} ${m.t + 6})` });
  rows.forEach((row, i) => {
    legend.append(
      s('line', { class: `series c${i % COLOURS}${row.current ? ' current' : ''}`, x1: 0, x2: 22, y1: i * 22, y2: i * 22 }),
      s('text', { class: 'legend-text', x: 30, y: i * 22 + 4 }, `R=${row.r} W=${row.w}${row.current ? ' (yours)' : ''}`),
    );
  });
  svg.append(legend);
  return svg;
}

function table(rows: StalenessRow[]): HTMLTableElement {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'R / W'),
    h('th', { scope: 'col' }, 'R + W > N'),
    h('th', { scope: 'col', title: 'Closed form: the read misses the last k acknowledged versions' }, 'P(stale), k = 1'),
    h('th', { scope: 'col' }, 'k = 2'),
    h('th', { scope: 'col' }, 'k = 3'),
    h('th', { scope: 'col', title: 'Monte Carlo: a read issued as the write commits' }, 'Consistent at commit'),
    h('th', { scope: 'col' }, '99% after'),
    h('th', { scope: 'col' }, '99.9% after'),
  );
  const body = rows.map((row, i) =>
    h(
      'tr',
      { class: row.current ? 'current' : '' },
      h(
        'th',
        { scope: 'row' },
        h('span', { class: `swatch c${i % COLOURS}`, 'aria-hidden': 'true' }),
        `R=${row.r} W=${row.w}`,
        row.current ? h('span', { class: 'yours' }, ' yours') : '',
      ),
      h('td', {}, row.r + row.w > row.n ? 'yes' : 'no'),
      h('td', { class: 'num' }, prob(row.k[0])),
      h('td', { class: 'num' }, prob(row.k[1])),
      h('td', { class: 'num' }, prob(row.k[2])),
      h('td', { class: 'num' }, prob(row.visibility.atCommit)),
      h('td', { class: 'num' }, milliseconds(row.visibility.t99, 0)),
      h('td', { class: 'num' }, milliseconds(row.visibility.t999, 0)),
    ),
  );
  return h(
    'table',
    { class: 'staleness-table' },
    h('caption', {}, `Quorum choices for N = ${rows[0].n}`),
    h('thead', {}, head),
    h('tbody', {}, ...body),
  );
}

/** A probability that may be tiny: 1.2×10^−7 reads better than <0.1%. */
function prob(x: number): string {
  if (x > 0 && x < 0.001) return x.toExponential(1).replace('e', '×10^').replace('^-', '^−');
  return percent(x, x >= 0.1 ? 1 : 2);
}

/** Axis numbers: as few digits as the scale needs. */
function tick(t: number): string {
  return t === 0
    ? '0'
    : t >= 10
      ? String(Math.round(t))
      : t >= 1
        ? t.toFixed(1).replace(/\.0$/, '')
        : String(Number(t.toPrecision(2)));
}

/** 1, 2, 5 × 10^k at or above x. */
function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= x) return f * p;
  return 10 * p;
}
