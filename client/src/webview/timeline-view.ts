// The timeline of a scenario run: partitions and crashes as bands, each leader store's leadership (elections
// started, leaders elected, stretches without a leader), each leaderless store's convergence after a heal, and one
// lane per component client and datastore with what became of its requests over time — a gap of refusals shows
// where an election was under way. Few operations are drawn one by one with their values; many are binned.

import { duration, findStaleReads, type Operation, type SimReport } from './core';
import { s } from './dom';

export type OpFate = 'ok' | 'stale' | 'refused' | 'unknown' | 'lost';
const FATES: OpFate[] = ['ok', 'stale', 'lost', 'unknown', 'refused'];

/** What became of each operation, as the panel colours it. */
export function fatesOf(history: readonly Operation[], report: SimReport): Map<number, OpFate> {
  const stale = new Set(findStaleReads(history));
  const lost = new Set(report.stores.flatMap((st) => st.lostWriteIds));
  const out = new Map<number, OpFate>();
  for (const op of history) {
    if (op.outcome === 'fail') out.set(op.id, op.error === 'cas-mismatch' ? 'ok' : 'refused');
    else if (op.outcome === 'info') out.set(op.id, 'unknown');
    else out.set(op.id, stale.has(op.id) ? 'stale' : lost.has(op.id) ? 'lost' : 'ok');
  }
  return out;
}

const WIDTH = 960;
const RIGHT = 16;
const ROW = 26;
const BINS = 160;
/** A lane with at most this many operations draws each one, with its value. */
const EACH_OP = 40;

/** Tick spacing so that about eight ticks fit. */
function tickStep(end: number): number {
  const raw = end / 8;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((f) => f * p).find((v) => v >= raw) ?? raw;
}

function label(op: Operation): string {
  const v = Array.isArray(op.value)
    ? op.f === 'cas'
      ? `${op.value[0]}→${op.value[1]}`
      : `{${op.value.join(',')}}`
    : op.value === null || op.value === undefined
      ? '∅'
      : String(op.value);
  if (op.f === 'read') return op.outcome === 'ok' ? `R→${op.siblings ? op.siblings.join('|') : v}` : 'R';
  if (op.f === 'add') return `+${v}`;
  if (op.f === 'remove') return `−${v}`;
  return `W ${v}`;
}

export function drawTimeline(history: readonly Operation[], report: SimReport, fates: Map<number, OpFate>): SVGSVGElement {
  const end = Math.max(report.endTime, 1);
  // Room for the longest row label (monospace, about 6.7 px a character at 11 px), within reason.
  const longest = Math.max(
    ...report.stores.map((st) => st.store.length + 10),
    ...history.map((op) => (op.client ?? '').length + (op.store ?? '').length + 3),
    10,
  );
  const LEFT = Math.min(340, Math.max(150, Math.ceil(longest * 6.7) + 20));
  const x = (t: number) => LEFT + (Math.max(0, Math.min(end, t)) / end) * (WIDTH - LEFT - RIGHT);
  const rows: { label: string; draw: (g: SVGGElement, y: number) => void; kind: string }[] = [];

  // Leadership rows.
  for (const st of report.stores) {
    if (!st.leadership) continue;
    const events = report.timeline.filter(
      (e) => 'store' in e && e.store === st.store && (e.kind === 'election' || e.kind === 'leader' || e.kind === 'step-down'),
    );
    if (st.leadership.intervals.length === 0 && events.length === 0) continue;
    rows.push({
      kind: 'leader',
      label: `${st.store} · leader`,
      draw: (g, y) => {
        g.append(s('rect', { class: 'tl-leader', x: x(0), y: y + 8, width: x(end) - x(0), height: 10 }));
        for (const [a, b] of st.leadership!.intervals)
          g.append(
            s(
              'rect',
              { class: 'tl-no-leader', x: x(a), y: y + 6, width: Math.max(2, x(b) - x(a)), height: 14 },
              s('title', {}, `no leader reaching a majority: ${duration(a)} – ${duration(b)} (${duration(b - a)})`),
            ),
          );
        // Markers closer than their width (an election and its result, within a millisecond) stand side by side.
        let lastX = -Infinity;
        for (const e of events) {
          if (!('node' in e) || !('term' in e)) continue;
          const cx = e.kind === 'step-down' ? x(e.at) : Math.max(x(e.at), lastX + 13);
          if (e.kind !== 'step-down') lastX = cx;
          const glyph =
            e.kind === 'election'
              ? 'M -5 4 L 0 -5 L 5 4 Z'
              : e.kind === 'leader'
                ? 'M -6 3 L -6 -4 L -3 -1 L 0 -6 L 3 -1 L 6 -4 L 6 3 Z'
                : 'M -5 -4 L 5 -4 L 0 5 Z';
          const what =
            e.kind === 'election'
              ? `election started by ${e.node} (term ${e.term})`
              : e.kind === 'leader'
                ? `${e.node} leads (term ${e.term})`
                : `${e.node} stepped down (term ${e.term})`;
          // Above the bar, so a marker never hides in the red of a leaderless stretch; step-downs below it.
          const cy = e.kind === 'step-down' ? y + 24 : y + 3;
          g.append(
            s(
              'path',
              { class: `tl-event tl-mark-${e.kind}`, d: glyph, transform: `translate(${cx.toFixed(1)} ${cy})` },
              s('title', {}, `${duration(e.at)}: ${what}`),
            ),
          );
        }
      },
    });
  }
  // Convergence rows.
  for (const st of report.stores) {
    const episodes = (st.convergence ?? []).filter((e) => e.converged === undefined || e.converged > e.healed);
    if (episodes.length === 0 || st.operations.total === 0) continue;
    rows.push({
      kind: 'convergence',
      label: `${st.store} · replicas`,
      draw: (g, y) => {
        for (const e of episodes) {
          const stop = e.converged ?? e.interrupted ?? end;
          const text =
            e.converged !== undefined
              ? `converged in ${duration(e.converged - e.healed)}`
              : e.interrupted !== undefined
                ? 'interrupted'
                : 'not converged';
          g.append(
            s(
              'rect',
              {
                class: e.converged !== undefined ? 'tl-converging' : 'tl-diverged',
                x: x(e.healed),
                y: y + 8,
                width: Math.max(2, x(stop) - x(e.healed)),
                height: 10,
              },
              s('title', {}, `${duration(e.healed)}: healed; ${text}`),
            ),
            s('text', { class: 'tl-note', x: x(stop) + 4, y: y + 17 }, text),
          );
        }
      },
    });
  }
  // One lane per client and datastore.
  const lanes = new Map<string, Operation[]>();
  for (const op of history) {
    const key = `${op.client ?? `process ${op.process}`} → ${op.store ?? ''}`;
    let list = lanes.get(key);
    if (!list) lanes.set(key, (list = []));
    list.push(op);
  }
  for (const [name, ops] of lanes) {
    rows.push({
      kind: 'lane',
      label: name,
      draw: (g, y) => {
        g.append(s('line', { class: 'tl-lane', x1: x(0), x2: x(end), y1: y + 13, y2: y + 13 }));
        if (ops.length <= EACH_OP) {
          // Labels that would run into the previous one go up a line (a read and the merge it writes back
          // follow each other within a millisecond).
          let labelEnd = -Infinity;
          let raised = false;
          for (const op of ops) {
            const fate = fates.get(op.id) ?? 'ok';
            const x1 = x(op.invoke);
            const x2 = Math.max(x1 + 3, x(op.complete));
            const text = label(op);
            raised = x2 + 3 < labelEnd + 4 && !raised;
            const ly = raised ? y + 5 : y + 17;
            if (!raised) labelEnd = x2 + 3 + text.length * 6.7;
            g.append(
              s(
                'g',
                { class: `tl-op ${fate}` },
                s(
                  'title',
                  {},
                  `op ${op.id}: ${text} by ${op.client}, ${duration(op.invoke)} → ${duration(op.complete)}: ${fate}${op.error ? ` (${op.error})` : ''}`,
                ),
                s('rect', { x: x1, y: y + 6, width: x2 - x1, height: 14, rx: 2 }),
                s('text', { class: 'tl-op-label', x: x2 + 3, y: ly }, text),
              ),
            );
          }
          return;
        }
        // Binned: per bin, the share of each fate, stacked bottom to top.
        const bin = end / BINS;
        const counts = Array.from({ length: BINS }, () => new Map<OpFate, number>());
        for (const op of ops) {
          const i = Math.min(BINS - 1, Math.floor(op.invoke / bin));
          const fate = fates.get(op.id) ?? 'ok';
          counts[i].set(fate, (counts[i].get(fate) ?? 0) + 1);
        }
        const w = (WIDTH - LEFT - RIGHT) / BINS;
        counts.forEach((c, i) => {
          const total = [...c.values()].reduce((a, b) => a + b, 0);
          if (total === 0) return;
          let y0 = y + 20;
          for (const fate of FATES) {
            const n = c.get(fate) ?? 0;
            if (n === 0) continue;
            const hgt = (14 * n) / total;
            y0 -= hgt;
            g.append(
              s('rect', {
                class: `tl-bin ${fate}`,
                x: (LEFT + i * w).toFixed(1),
                y: y0.toFixed(1),
                width: Math.max(1, w - 0.5).toFixed(1),
                height: hgt.toFixed(1),
              }),
            );
          }
        });
      },
    });
  }

  const top = 24;
  const height = top + rows.length * ROW + 30;
  const svg = s('svg', {
    class: 'timeline-view',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': `Timeline of the run: ${rows.length} rows over ${duration(end)}`,
  });
  // Fault bands behind everything.
  const open = new Map<string, number>();
  for (const e of report.timeline) {
    if (e.kind === 'partition') open.set(e.label, e.at);
    else if (e.kind === 'heal') {
      const at = open.get(e.label);
      open.delete(e.label);
      if (at !== undefined)
        svg.append(band(x(at), x(e.at), height, top, `partition ${e.label}: ${duration(at)} – ${duration(e.at)}`));
    }
  }
  for (const [name, at] of open)
    svg.append(band(x(at), x(end), height, top, `partition ${name}: from ${duration(at)}, not healed`));
  for (const e of report.timeline)
    if (e.kind === 'crash' || e.kind === 'restart')
      svg.append(
        s(
          'line',
          { class: `tl-${e.kind}`, x1: x(e.at), x2: x(e.at), y1: top - 6, y2: height - 24 },
          s('title', {}, `${duration(e.at)}: ${e.node} ${e.kind === 'crash' ? 'crashed' : 'restarted'}`),
        ),
      );
  rows.forEach((r, i) => {
    const y = top + i * ROW;
    const g = s('g', { class: `tl-row tl-row-${r.kind}` }, s('text', { class: 'tl-label', x: LEFT - 10, y: y + 17 }, r.label));
    r.draw(g, y);
    svg.append(g);
  });
  const step = tickStep(end);
  for (let t = 0; t <= end + 1e-9; t += step)
    svg.append(
      s('line', { class: 'tl-tick', x1: x(t), x2: x(t), y1: height - 24, y2: height - 20 }),
      s('text', { class: 'tl-axis', x: x(t), y: height - 8 }, duration(t)),
    );
  return svg;
}

function band(x1: number, x2: number, height: number, top: number, title: string): SVGGElement {
  return s(
    'g',
    { class: 'tl-partition' },
    s('title', {}, title),
    s('rect', { x: x1, y: top - 10, width: Math.max(2, x2 - x1), height: height - top - 14 }),
    s('text', { class: 'tl-band-label', x: x1 + 4, y: top - 13 }, 'partition'),
  );
}
