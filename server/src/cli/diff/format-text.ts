// `cap-lens diff` as terminal text: the verdict, then per file each changed datastore and component with what it
// now means and why, its changes before → after, and the findings added and fixed with their lines.

import type { DesignDiff, EntryDiff, FileDiff, FindingChange } from '../../core/review/diff';
import { changedFile, diffCounts, diffHeadline } from '../../core/review/diff-markdown';
import type { Colors } from '../io';
import { severityPaint } from '../format/text';

export function diffText(files: readonly FileDiff[], labels: { base: string; head: string }, c: Colors): string {
  const counts = diffCounts(files);
  const headline = diffHeadline(counts);
  const out = [
    `${c.bold(`CAP Lens: ${labels.base} → ${labels.head}`)}  ${counts.added.error ? c.red(headline) : c.green(headline)}`,
    '',
  ];
  for (const file of files.filter(changedFile)) {
    const status =
      file.status === 'renamed' ? ` (renamed from ${file.oldPath})` : file.status === 'modified' ? '' : ` (${file.status})`;
    out.push(c.underline(c.bold(file.path)) + status);
    for (const design of file.designs) if (design.status !== 'unchanged') out.push(...designText(file, design, c));
    out.push('');
  }
  const quiet = files.filter((f) => !changedFile(f));
  if (quiet.length) out.push(c.dim(`Changed outside their designs: ${quiet.map((f) => f.path).join(', ')}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

const MARK: Record<EntryDiff['status'], string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };

function designText(file: FileDiff, design: DesignDiff, c: Colors): string[] {
  const out: string[] = [];
  if (file.designs.length > 1 || design.status !== 'changed')
    out.push(`  design ${design.system ?? '(no system)'}${design.status === 'changed' ? '' : ` ${design.status}`}`);
  for (const e of design.entries) {
    if (e.status === 'unchanged') continue;
    const paint = e.status === 'added' ? c.green : e.status === 'removed' ? c.red : c.yellow;
    const renamed = e.renamedFrom ? ` (renamed from ${e.renamedFrom})` : '';
    out.push(
      `  ${paint(MARK[e.status])} ${e.kind} ${c.bold(e.name)}${renamed}  ${c.dim(`line ${e.line}`)}${e.status === 'added' || e.status === 'removed' ? ` ${e.status}` : ''}`,
    );
    for (const s of e.sentences) out.push(`      ${s}`);
    // What was written, before → after (the facts it changed are in the sentence above; all of them in --format json).
    if (e.status === 'changed')
      for (const ch of [...e.claims, ...e.settings]) out.push(c.dim(`      ${ch.key}: ${ch.from ?? '—'} → ${ch.to ?? '—'}`));
  }
  const finding = (f: FindingChange, kind: 'new' | 'fixed') => {
    const paint = kind === 'fixed' ? c.green : severityPaint(f.finding.severity, c);
    return `  ${paint(kind === 'new' ? 'new  ' : 'fixed')}  ${c.dim(`${kind === 'fixed' ? 'was ' : ''}${f.line}:${f.column}`)}  ${paint(f.finding.severity)}  ${f.finding.message}  ${c.dim(f.finding.rule)}`;
  };
  for (const f of design.added) out.push(finding(f, 'new'));
  for (const f of design.fixed) out.push(finding(f, 'fixed'));
  return out;
}
