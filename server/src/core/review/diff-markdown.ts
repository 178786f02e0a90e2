// A design diff as Markdown: the pull-request comment `cap-lens diff --format md` writes, and what VS Code's
// "Compare with …" panel renders. A headline verdict, then one collapsible section per file: what each entry now
// means and why, the settings and facts before and after, and the findings added and fixed, with links to lines
// (to GitHub, or to the editor) when the host provides them. Everything from a design is escaped.

import { ruleDocsUrl } from '../rules/registry';
import type { RatedFinding, Severity } from '../rules/findings';
import { plural } from '../text/format';
import type { DesignDiff, EntryDiff, FileDiff, FindingChange } from './diff';
import { SEVERITY_MARK } from './fence-cards';
import { markdownCode, markdownTable, markdownText } from './markdown-text';
import { escapeXml as esc } from './topology';

export interface DiffMarkdownOptions {
  /** The revisions compared, as the user named them ("main", "HEAD"). */
  base: string;
  head: string;
  /** A link to a line of a file in one version, or undefined for none. */
  link?: (path: string, line: number, version: 'base' | 'head') => string | undefined;
}

export interface DiffCounts {
  files: number;
  changed: number;
  added: Record<Severity, number>;
  fixed: number;
}

export function diffCounts(files: readonly FileDiff[]): DiffCounts {
  const added: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let fixed = 0;
  for (const d of files.flatMap((f) => f.designs)) {
    for (const a of d.added) added[a.finding.severity]++;
    fixed += d.fixed.length;
  }
  return { files: files.length, changed: files.filter(changedFile).length, added, fixed };
}

export function changedFile(f: FileDiff): boolean {
  return f.designs.some((d) => d.status !== 'unchanged');
}

export function severityCounts(c: Record<Severity, number>): string {
  return [
    c.error ? plural(c.error, 'error') : '',
    c.warning ? plural(c.warning, 'warning') : '',
    c.info ? plural(c.info, 'info', 'infos') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The verdict a reviewer reads first. */
export function diffHeadline(counts: DiffCounts): string {
  const added = severityCounts(counts.added);
  const fixed = counts.fixed ? `${plural(counts.fixed, 'finding')} fixed` : '';
  if (counts.changed === 0) return '✓ No design changed.';
  const tail = [added ? `new: ${added}` : 'no new finding', fixed].filter(Boolean).join('; ');
  return `${counts.added.error ? '✗ This change adds errors' : '✓ No new error'} (${tail}) in ${plural(counts.changed, 'design file')}.`;
}

export function diffMarkdown(files: readonly FileDiff[], options: DiffMarkdownOptions): string {
  const counts = diffCounts(files);
  const out = [
    `### CAP Lens · design review of ${markdownCode(options.base)} → ${markdownCode(options.head)}`,
    '',
    `**${markdownText(diffHeadline(counts))}**`,
    '',
  ];
  for (const file of files.filter(changedFile)) out.push(...fileSection(file, options), '');
  const quiet = files.filter((f) => !changedFile(f));
  if (quiet.length)
    out.push(
      `${plural(quiet.length, 'design file')} changed only outside ${quiet.length === 1 ? 'its designs' : 'their designs'}: ${quiet.map((f) => markdownCode(f.path)).join(', ')}.`,
      '',
    );
  return `${out.join('\n').trimEnd()}\n`;
}

function fileSection(file: FileDiff, options: DiffMarkdownOptions): string[] {
  const added: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const a of file.designs.flatMap((d) => d.added)) added[a.finding.severity]++;
  const fixed = file.designs.reduce((n, d) => n + d.fixed.length, 0);
  const status =
    file.status === 'renamed' ? `renamed from ${esc(file.oldPath ?? '')}` : file.status === 'modified' ? '' : file.status;
  const news = severityCounts(added);
  const badge = [news ? `${added.error ? '✗' : '⚠'} new: ${news}` : '', fixed ? `✓ ${fixed} fixed` : '']
    .filter(Boolean)
    .join(' · ');
  // Open when the file brings errors: what a reviewer must read.
  const out = [
    `<details${added.error ? ' open' : ''}><summary><strong>${esc(file.path)}</strong>${status ? ` (${status})` : ''}${badge ? ` · ${esc(badge)}` : ''}</summary>`,
    '',
  ];
  for (const design of file.designs) {
    if (design.status === 'unchanged') continue;
    if (file.designs.length > 1 || design.status !== 'changed')
      out.push(
        `**Design ${design.system ? markdownCode(design.system) : '(no system)'}**${design.status === 'changed' ? '' : ` ${design.status}`}`,
        '',
      );
    out.push(...designSection(file, design, options));
  }
  out.push('</details>');
  return out;
}

function entryLink(file: FileDiff, e: EntryDiff, options: DiffMarkdownOptions): string {
  const name = markdownCode(e.name);
  const url = options.link?.(
    e.status === 'removed' ? (file.oldPath ?? file.path) : file.path,
    e.line,
    e.status === 'removed' ? 'base' : 'head',
  );
  return url ? `[${name}](${url})` : name;
}

function designSection(file: FileDiff, design: DesignDiff, options: DiffMarkdownOptions): string[] {
  const out: string[] = [];
  const items: string[] = [];
  for (const e of design.entries) {
    if (e.status === 'unchanged') continue;
    const what = `${e.kind} ${entryLink(file, e, options)}`;
    if (e.status === 'added')
      items.push(`- ➕ ${what} added${e.sentences.length ? `: ${e.sentences.map(markdownText).join('; ')}` : ''}`);
    else if (e.status === 'removed')
      items.push(`- ➖ ${what} removed${e.sentences.length ? ` (${e.sentences.map(markdownText).join('; ')})` : ''}`);
    else {
      const lines = [...(e.renamedFrom ? [`renamed from ${markdownCode(e.renamedFrom)}`] : []), ...e.sentences.map(markdownText)];
      items.push(`- ✏️ ${what}: ${lines.length ? lines.join('; ') : 'changed'}`);
    }
  }
  if (items.length) out.push(...items, '');
  const rows = design.entries
    .filter((e) => e.status === 'changed')
    .flatMap((e) =>
      [...e.claims, ...e.settings, ...e.facts].map((c) => [
        markdownCode(e.name),
        markdownText(c.key),
        c.from === undefined ? '—' : markdownText(c.from),
        c.to === undefined ? '—' : markdownText(c.to),
      ]),
    );
  if (rows.length)
    out.push(
      '<details><summary>Claims, settings and derived facts, before and after</summary>',
      '',
      ...markdownTable(['Entry', 'What', 'Before', 'After'], rows),
      '',
      '</details>',
      '',
    );
  if (design.added.length)
    out.push('**New findings**', '', ...design.added.map((f) => findingLine(file, f, 'head', options)), '');
  if (design.fixed.length) out.push('**Fixed**', '', ...design.fixed.map((f) => findingLine(file, f, 'base', options)), '');
  return out;
}

function findingLine(file: FileDiff, f: FindingChange, version: 'base' | 'head', options: DiffMarkdownOptions): string {
  const where = version === 'base' ? `was line ${f.line}` : `line ${f.line}`;
  const url = options.link?.(version === 'base' ? (file.oldPath ?? file.path) : file.path, f.line, version);
  const mark = version === 'base' ? '✓' : SEVERITY_MARK[f.finding.severity];
  return `- ${mark} ${version === 'head' ? `**${f.finding.severity}** ` : ''}[\`${f.finding.rule}\`](${ruleDocsUrl(f.finding.rule as RatedFinding['rule'])}) ${url ? `[${where}](${url})` : where}: ${markdownText(f.finding.message)}`;
}
