// The topology drawing of the HTML report and of the review card, as inline SVG: components on the left,
// linked to the datastores they use (red where a need is not met), and each datastore's replicas as dots in
// its regions' columns. Plain geometry from the design summary; no layout engine, no script, no remote
// resource. Its neutral colours are CSS variables with light defaults, so a host page can follow a theme (the
// review card sets them from VS Code's theme) while a page that sets nothing looks as it always did.

import type { RatedFinding } from '../rules/findings';
import type { ReplicationFamily } from '../model/design';
import type { DesignSummary } from './summary';
import { escapeHtml } from '../text/escape-html';

const MARGIN = 16;
const COMPONENT_W = 170;
const COMPONENT_H = 48;
// Wide enough for a need's label ("read-your-writes") between a component and its datastore.
const GAP = 150;
const DS_W = 200;
const REGION_W = 132;
const ROW_H = 78;
const HEADER_H = 40;
const DOT_R = 6;
const DOTS_PER_LINE = 6;
const MAX_DOTS = 12;
const UNPLACED = '(no placement)';

export const FAMILY_COLOR: Record<ReplicationFamily, string> = { consensus: '#0969da', leader: '#8250df', leaderless: '#1b7c83' };
const EDGE_COLOR = { contradicted: 'bad', holds: 'ok', derived: 'neutral' } as const;
const SEVERITY_STROKE = { error: 'bad', warning: 'warn', info: 'info', none: 'neutral' } as const;

/** The light defaults of the themed colours: text, secondary text, box fill, region columns. */
export const TOPOLOGY_THEME = {
  fg: '#24292f',
  muted: '#57606a',
  canvas: '#ffffff',
  panel: '#f6f8fa',
  'panel-alt': '#eef2f6',
  ok: '#1a7f37',
  bad: '#cf222e',
  warn: '#bf8700',
  info: '#0969da',
  neutral: '#8c959f',
} as const;
type ThemeColor = keyof typeof TOPOLOGY_THEME;

/** `var(--cap-lens-fg, #24292f)`: a colour the page may override. */
function themed(color: ThemeColor): string {
  return `var(--cap-lens-${color},${TOPOLOGY_THEME[color]})`;
}

/** A `style` attribute: presentation attributes cannot hold CSS variables, style properties can. */
function paint(fill: ThemeColor | string, stroke?: ThemeColor | string): string {
  const value = (c: string) => (c in TOPOLOGY_THEME ? themed(c as ThemeColor) : c);
  return ` style="fill:${value(fill)}${stroke ? `;stroke:${value(stroke)}` : ''}"`;
}

const LEGEND_TEXTS = [
  'consensus replica',
  'leader replica',
  'leaderless replica',
  'primary',
  'need not met',
  'need met',
  'not judged',
];
/** A legend entry's width: swatch, gap and text (about 7 px a character at 12 px). */
const legendStep = (text: string) => 36 + text.length * 7;

/** XML text and attribute values: the HTML sink's escaping (core/text/escape-html). */
export const escapeXml = escapeHtml;

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function worst(findings: readonly RatedFinding[]): keyof typeof SEVERITY_STROKE {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return findings.length ? 'info' : 'none';
}

/** `id`: unique per page, for the SVG's accessible title (a page may hold several drawings). */
export function topologySvg(summary: DesignSummary, findings: readonly RatedFinding[], id = 'topology-title'): string {
  // Region columns: declared regions first, then any a placement names, then one for unplaced stores.
  const regions = [...summary.regions];
  for (const ds of summary.datastores)
    for (const p of ds.datastore.placement?.regions ?? []) if (!regions.includes(p.name)) regions.push(p.name);
  const placedFully = (ds: DesignSummary['datastores'][number]) => {
    const placed = ds.datastore.placement?.regions.reduce((t, p) => t + p.count.value, 0) ?? 0;
    const n = ds.analysis?.model?.n;
    return placed > 0 && (n === undefined || placed === n);
  };
  if (summary.datastores.some((ds) => !placedFully(ds))) regions.push(UNPLACED);

  const dsX = MARGIN + COMPONENT_W + GAP;
  const regionX = dsX + DS_W + 24;
  // Wide enough for the regions and for the legend's one line.
  const legendWidth = LEGEND_TEXTS.reduce((w, text) => w + legendStep(text), MARGIN);
  const width = Math.max(regionX + Math.max(1, regions.length) * REGION_W + MARGIN, legendWidth);
  const dsTop = (i: number) => HEADER_H + i * ROW_H;
  const compPitch = COMPONENT_H + 16;
  const bodyH = Math.max(summary.datastores.length * ROW_H, summary.components.length * compPitch, ROW_H);
  const legendY = HEADER_H + bodyH + 20;
  const height = legendY + 40;
  const out: string[] = [];
  const title = `Topology of ${summary.system ?? 'the design'}: ${summary.datastores.length} datastores, ${summary.components.length} components`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${escapeXml(id)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
  );
  out.push(`<title id="${escapeXml(id)}">${escapeXml(title)}</title>`);

  // Region columns behind everything.
  regions.forEach((name, i) => {
    const x = regionX + i * REGION_W;
    out.push(
      `<rect x="${x + 2}" y="8" width="${REGION_W - 4}" height="${HEADER_H + bodyH - 4}" rx="6"${paint(i % 2 ? 'panel' : 'panel-alt')}/>`,
    );
    out.push(
      `<text x="${x + REGION_W / 2}" y="28" text-anchor="middle" font-weight="600"${paint(name === UNPLACED ? 'muted' : 'fg')}>${escapeXml(clip(name, 18))}</text>`,
    );
  });
  out.push(`<text x="${MARGIN}" y="28" font-weight="600"${paint('fg')}>Components</text>`);
  out.push(`<text x="${dsX}" y="28" font-weight="600"${paint('fg')}>Datastores</text>`);

  const dsIndex = new Map(summary.datastores.map((ds, i) => [ds.name, i]));
  // Edges first, so boxes are drawn over their ends.
  const labels: string[] = [];
  summary.components.forEach((comp, ci) => {
    const y1 = HEADER_H + ci * compPitch + COMPONENT_H / 2 + 6;
    const x1 = MARGIN + COMPONENT_W;
    for (const use of comp.rows) {
      const di = dsIndex.get(use.datastore);
      if (di === undefined) continue;
      const x2 = dsX;
      const y2 = dsTop(di) + ROW_H / 2;
      const color = EDGE_COLOR[use.verdict];
      const mx = (x1 + x2) / 2;
      out.push(
        `<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" ${paint('none', color)} stroke-width="${use.verdict === 'contradicted' ? 2.5 : 1.5}"${use.verdict === 'derived' ? ' stroke-dasharray="4 3"' : ''}><title>${escapeXml(`${comp.name} needs ${use.needs} from ${use.datastore}; it provides ${use.provides}`)}</title></path>`,
      );
      // Labelled half-way (t = 0.5 on the curve): between the boxes, and half the vertical gap apart from any
      // other edge of the same component or datastore.
      const t = 0.5;
      const bx = (1 - t) ** 3 * x1 + 3 * (1 - t) ** 2 * t * mx + 3 * (1 - t) * t ** 2 * mx + t ** 3 * x2;
      const by = (1 - t) ** 3 * y1 + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t ** 2 * y2 + t ** 3 * y2;
      labels.push(
        `<text x="${bx.toFixed(1)}" y="${(by - 5).toFixed(1)}" text-anchor="middle"${paint(color, 'canvas')} stroke-width="3" paint-order="stroke" font-size="11">${escapeXml(use.needs)}</text>`,
      );
    }
  });

  summary.components.forEach((comp, ci) => {
    const y = HEADER_H + ci * compPitch + 6;
    const compFindings = findings.filter(
      (f) => f.span.start >= comp.component.span.start && f.span.start < comp.component.span.end,
    );
    const stroke = SEVERITY_STROKE[worst(compFindings)];
    out.push(`<g><title>${escapeXml(`${comp.name}${comp.choice ? ` (chose ${comp.choice})` : ''}`)}</title>`);
    out.push(
      `<rect x="${MARGIN}" y="${y}" width="${COMPONENT_W}" height="${COMPONENT_H}" rx="8"${paint('canvas', stroke)} stroke-width="1.5"/>`,
    );
    out.push(`<text x="${MARGIN + 10}" y="${y + 20}" font-weight="600"${paint('fg')}>${escapeXml(clip(comp.name, 22))}</text>`);
    out.push(
      `<text x="${MARGIN + 10}" y="${y + 37}"${paint('muted')}>${escapeXml(comp.choice ? `chose ${comp.choice}` : 'no CAP choice')}</text></g>`,
    );
  });

  summary.datastores.forEach((ds, i) => {
    const y = dsTop(i);
    const f = ds.analysis?.facts;
    const m = f?.model;
    const dsFindings = findings.filter((x) => x.span.start >= ds.datastore.span.start && x.span.start < ds.datastore.span.end);
    const stroke = SEVERITY_STROKE[worst(dsFindings)];
    const family: ReplicationFamily = m?.family ?? ds.datastore.replication?.value ?? 'leaderless';
    const color = FAMILY_COLOR[family];
    out.push(`<g><title>${escapeXml(`${ds.name}: ${ds.settings}`)}</title>`);
    out.push(
      `<rect x="${dsX}" y="${y + 6}" width="${DS_W}" height="${ROW_H - 12}" rx="8"${paint('canvas', stroke)} stroke-width="1.5"/>`,
    );
    out.push(`<rect x="${dsX}" y="${y + 6}" width="6" height="${ROW_H - 12}" rx="3" fill="${color}"/>`);
    out.push(`<text x="${dsX + 14}" y="${y + 25}" font-weight="600"${paint('fg')}>${escapeXml(clip(ds.name, 24))}</text>`);
    out.push(
      `<text x="${dsX + 14}" y="${y + 42}"${paint('muted')}>${escapeXml(m ? `${family} · N=${m.n} R=${m.r} W=${m.w}` : `${family} · settings unusable`)}</text>`,
    );
    out.push(
      `<text x="${dsX + 14}" y="${y + 58}"${paint('fg')}>${escapeXml(f && m ? `${f.cap === 'neither' ? 'neither CP nor AP' : f.cap} · ${f.pacelc} · ${m.consistency.provided.join(' + ')}` : '')}</text></g>`,
    );
    // Replicas per region; the primary (leader families) is assumed in the first placed region, as the analysis does.
    const counts = new Map<string, number>();
    if (placedFully(ds))
      for (const p of ds.datastore.placement!.regions) counts.set(p.name, (counts.get(p.name) ?? 0) + p.count.value);
    else if (m) counts.set(UNPLACED, m.n);
    const primaryRegion =
      family === 'leaderless' ? undefined : (ds.datastore.placement?.regions.find((p) => p.count.value > 0)?.name ?? UNPLACED);
    regions.forEach((region, ri) => {
      const n = counts.get(region) ?? 0;
      if (n === 0) return;
      const cx0 = regionX + ri * REGION_W + 18;
      const shown = Math.min(n, MAX_DOTS);
      for (let k = 0; k < shown; k++) {
        const cx = cx0 + (k % DOTS_PER_LINE) * (DOT_R * 2 + 5);
        const cy = y + 28 + Math.floor(k / DOTS_PER_LINE) * (DOT_R * 2 + 6);
        const primary = k === 0 && region === primaryRegion;
        out.push(
          `<circle cx="${cx}" cy="${cy}" r="${DOT_R}" ${primary ? `${paint(color, 'fg')} stroke-width="2.5"` : ` fill="${color}"`}><title>${escapeXml(`${ds.name} replica in ${region}${primary ? ' (primary)' : ''}`)}</title></circle>`,
        );
      }
      if (n > shown) out.push(`<text x="${cx0 - 6}" y="${y + 66}"${paint('muted')}>+${n - shown} more (${n} replicas)</text>`);
    });
  });
  out.push(...labels);

  // Legend.
  let lx = MARGIN;
  const legend = (swatch: string, text: string) => {
    out.push(
      swatch.replace(/\{x\}/g, String(lx)),
      `<text x="${lx + 18}" y="${legendY + 4}"${paint('fg')}>${escapeXml(text)}</text>`,
    );
    lx += legendStep(text);
  };
  for (const [family, color] of Object.entries(FAMILY_COLOR))
    legend(`<circle cx="{x}" cy="${legendY}" r="${DOT_R}" transform="translate(6,0)" fill="${color}"/>`, `${family} replica`);
  legend(
    `<circle cx="{x}" cy="${legendY}" r="${DOT_R}" transform="translate(6,0)"${paint('canvas', 'fg')} stroke-width="2.5"/>`,
    'primary',
  );
  legend(`<path d="M{x},${legendY} h14"${paint('none', EDGE_COLOR.contradicted)} stroke-width="2.5"/>`, 'need not met');
  legend(`<path d="M{x},${legendY} h14"${paint('none', EDGE_COLOR.holds)} stroke-width="1.5"/>`, 'need met');
  legend(
    `<path d="M{x},${legendY} h14"${paint('none', EDGE_COLOR.derived)} stroke-width="1.5" stroke-dasharray="4 3"/>`,
    'not judged',
  );
  out.push('</svg>');
  return out.join('\n');
}
