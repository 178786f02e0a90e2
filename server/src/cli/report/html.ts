// `report --format html`: one self-contained page (inline CSS and SVG, a CSP that forbids every remote
// load) to attach to a design doc: verdict, topology, summary tables, findings, claims vs derived facts.

import type { AnalyzedFile } from '../analysis';
import { VERDICT_MARK, type DesignSummary, type SummaryRow } from '../../core/review/summary';
import {
  COMPONENT_SUMMARY_HEADERS,
  componentSummaryRows,
  DATASTORE_SUMMARY_HEADERS,
  datastoreSummaryRows,
  headline,
  reportFindings,
} from './common';
import { escapeXml as esc, topologySvg } from '../../core/review/topology';

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #24292f; margin: 0; background: #ffffff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta, .desc { color: #57606a; margin: 4px 0; }
.verdict { font-weight: 600; padding: 10px 14px; border-radius: 6px; margin: 16px 0; }
.verdict.ok { background: #dafbe1; color: #1a7f37; }
.verdict.bad { background: #ffebe9; color: #cf222e; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 5px 9px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.bad { color: #cf222e; }
td.good { color: #1a7f37; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f6f8fa; padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
.finding { border-left: 4px solid #8c959f; padding: 2px 0 2px 14px; margin: 18px 0; }
.finding.error { border-color: #cf222e; }
.finding.warning { border-color: #bf8700; }
.finding.info { border-color: #0969da; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; color: #ffffff; background: #8c959f; margin-right: 6px; }
.badge.error { background: #cf222e; }
.badge.warning { background: #9a6700; }
.badge.info { background: #0969da; }
figure { margin: 12px 0; overflow-x: auto; }
figcaption { color: #57606a; font-size: 13px; }
blockquote { color: #57606a; border-left: 3px solid #d0d7de; margin: 8px 0; padding: 0 12px; }
@media print { main { padding: 0; } .finding, table, figure { break-inside: avoid; } }
`;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => `<td${c.includes('✗') ? ' class="bad"' : c.startsWith('✓') ? ' class="good"' : ''}>${esc(c)}</td>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

function verdictCell(v: { verdict: SummaryRow['verdict']; rules: string[] }): string {
  const mark = VERDICT_MARK[v.verdict];
  return v.rules.length ? `${mark} ${v.rules.join(', ')}` : mark;
}

export function reportHtml(file: AnalyzedFile, summary: DesignSummary, version: string): string {
  const title = `Design review: ${summary.system ?? file.source.displayPath}`;
  const verdict = headline(file);
  const body: string[] = [`<h1>${esc(title)}</h1>`];
  if (summary.description) body.push(`<p class="desc">${esc(summary.description)}</p>`);
  body.push(`<p class="meta">Checked by CAP Lens ${esc(version)} from <code>${esc(file.source.displayPath)}</code>.</p>`);
  body.push(`<p class="verdict ${verdict.ok ? 'ok' : 'bad'}">${verdict.ok ? '✓' : '✗'} ${esc(verdict.text)}</p>`);

  if (summary.datastores.length || summary.components.length) {
    body.push(
      '<h2>Topology</h2>',
      `<figure>${topologySvg(summary, file.findings)}<figcaption>Replicas by region (primary ringed, assumed in the first region of the placement); lines show what each component needs from each datastore.</figcaption></figure>`,
    );
  }

  body.push('<h2>Summary</h2>');
  if (summary.regions.length) body.push(`<p>Regions: ${summary.regions.map((r) => `<code>${esc(r)}</code>`).join(', ')}</p>`);
  if (summary.datastores.length) body.push(table(DATASTORE_SUMMARY_HEADERS, datastoreSummaryRows(summary, file)));
  if (summary.components.length) body.push(table(COMPONENT_SUMMARY_HEADERS, componentSummaryRows(summary, file)));

  body.push('<h2>Findings</h2>');
  const findings = reportFindings(file);
  if (findings.length === 0) body.push('<p>None.</p>');
  for (const f of findings) {
    const sev = f.finding.severity;
    body.push(`<section class="finding ${sev}" id="finding-${f.index}">`);
    body.push(
      `<h3><span class="badge ${sev}">${sev}</span>${f.index}. <code>${esc(f.finding.rule)}</code> · line ${f.line}, column ${f.column}</h3>`,
    );
    body.push(`<p>${esc(f.finding.message)}</p>`, `<pre>${esc(f.frame)}</pre>`, '<ul>');
    if (f.related.length) body.push(`<li><strong>Related:</strong> ${esc(f.related.join('; '))}</li>`);
    if (f.fixes.length) body.push(`<li><strong>Possible fixes:</strong> ${esc(f.fixes.join('; '))}</li>`);
    body.push(
      `<li><strong>Rule:</strong> ${esc(f.ruleSummary)} <a href="${esc(f.docs)}">Documentation</a></li>`,
      '</ul>',
      '</section>',
    );
  }

  if (summary.datastores.length || summary.components.length) body.push('<h2>Claims and derived facts</h2>');
  for (const ds of summary.datastores) {
    body.push(`<h3>Datastore <code>${esc(ds.name)}</code></h3>`, `<p class="meta">${esc(ds.settings)}</p>`);
    if (ds.engine) body.push(`<p>Engine: ${esc(ds.engine)}</p>`);
    if (ds.translation.length) body.push(`<ul>${ds.translation.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`);
    body.push(
      table(
        ['Property', 'Claimed', 'Derived', 'Verdict'],
        ds.rows.map((r) => [r.property, r.claimed, r.derived, verdictCell(r)]),
      ),
    );
    if (ds.reason) body.push(`<p><strong>Why:</strong> ${esc(ds.reason)}</p>`);
    if (ds.why) body.push(`<blockquote>${esc(ds.why)}</blockquote>`);
    if (ds.splits.length)
      body.push(
        table(
          ['Region split', 'One side', 'Other side'],
          ds.splits.map((s) => [s.description, s.sides[0], s.sides[1]]),
        ),
      );
  }
  for (const comp of summary.components) {
    body.push(
      `<h3>Component <code>${esc(comp.name)}</code></h3>`,
      `<p>${comp.choice ? `Chose <strong>${esc(comp.choice)}</strong>.` : 'No CAP choice stated.'}</p>`,
    );
    if (comp.rows.length)
      body.push(
        table(
          ['Uses', 'Needs', 'Provides', 'Store is', 'Verdict'],
          comp.rows.map((r) => [r.datastore, r.needs, r.provides, r.cap, verdictCell(r)]),
        ),
      );
    if (comp.why) body.push(`<blockquote>${esc(comp.why)}</blockquote>`);
  }

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Self-contained by construction, and the browser is told so: nothing may be fetched.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="CAP Lens ${esc(version)}">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    ...body,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
