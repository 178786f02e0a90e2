// `--format text`: findings grouped by file, ESLint-style first line (line:col, severity, message, rule)
// so problem matchers in CI can read it, then the source line with carets, related places and the fix.

import type { RatedFinding, Severity } from '../../core/rules/findings';
import { plural } from '../../core/text/format';
import { terminalText } from '../../core/text/escape-terminal';
import { countFindings, type AnalyzedFile } from '../analysis';
import type { Colors } from '../io';
import { shownConfigPath } from '../../node/config-file';
import { codeFrame } from './code-frame';

export function formatText(files: readonly AnalyzedFile[], c: Colors, cwd?: string): string {
  const out: string[] = [];
  const header = configHeader(files, cwd);
  if (header) out.push(c.dim(header), '');
  for (const file of files) {
    if (file.findings.length === 0) continue;
    out.push(c.underline(c.bold(terminalText(file.source.displayPath))));
    for (const f of file.findings) out.push(...formatFinding(file, f, c), '');
  }
  out.push(summaryLine(files, c));
  return `${out.join('\n')}\n`;
}

export function severityPaint(severity: Severity, c: Colors): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}

function formatFinding(file: AnalyzedFile, f: RatedFinding, c: Colors): string[] {
  const { source } = file;
  const at = source.position(f.span.start);
  const paint = severityPaint(f.severity, c);
  // Messages quote design text: control characters in it are shown, never sent to the terminal.
  const lines = [`  ${c.dim(`${at.line}:${at.column}`)}  ${paint(f.severity)}  ${terminalText(f.message)}  ${c.dim(f.rule)}`];
  lines.push(...codeFrame(source, f.span, paint, c));
  const pad = ' '.repeat(String(at.line).length);
  const note = (label: string, text: string) => `    ${c.dim(`${pad} =`)} ${c.bold(label)}: ${text}`;
  const related = f.related.filter((r) => r.span.start !== f.span.start || r.span.end !== f.span.end);
  if (related.length) {
    lines.push(
      note('related', related.map((r) => `${terminalText(r.message)} (${positionText(file, r.span.start)})`).join('; ')),
    );
  }
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  if (fix)
    lines.push(
      note('fix', `${terminalText(fix.title)}${f.fixes.length > 1 ? c.dim(` (+${f.fixes.length - 1} more in the editor)`) : ''}`),
    );
  return lines;
}

function positionText(file: AnalyzedFile, offset: number): string {
  const p = file.source.position(offset);
  return `${p.line}:${p.column}`;
}

export function summaryLine(files: readonly AnalyzedFile[], c: Colors): string {
  const all = files.flatMap((f) => f.findings);
  const counts = countFindings(all);
  const withFindings = files.filter((f) => f.findings.length > 0).length;
  if (all.length === 0) return c.green(`✔ ${plural(files.length, 'file')} checked, no problems`);
  const text = `✖ ${plural(all.length, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info', 'infos')}) in ${withFindings} of ${plural(files.length, 'file')}`;
  return c.bold(counts.errors ? c.red(text) : counts.warnings ? c.yellow(text) : c.blue(text));
}

/** Which `.caplens.yaml` set the severities, so nobody wonders why a finding is missing or milder. */
function configHeader(files: readonly AnalyzedFile[], cwd: string | undefined): string | undefined {
  const counts = new Map<string, number>();
  for (const f of files) if (f.config) counts.set(f.config.path, (counts.get(f.config.path) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const shown = (path: string) => (cwd ? shownConfigPath(path, cwd) : path);
  const list = [...counts].map(([path, n]) =>
    counts.size === 1 && n === files.length ? shown(path) : `${shown(path)} (${plural(n, 'file')})`,
  );
  return terminalText(`Rule settings from ${list.join(', ')}`);
}
