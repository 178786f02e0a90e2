// The designs of a Markdown file. Its design fences are grouped into designs (a fence continues the design
// before it; a second `system:` starts a new one), and each design gets a design text that is exactly as long
// as the Markdown, with everything outside its fences blanked to spaces (line breaks kept). The analysis reads
// that text, so every offset it returns (findings, hovers, edits, symbols) is already an offset in the Markdown
// file: no position mapping, and the incremental analyzer works unchanged. Only what the analysis places
// outside the fences (a "missing system:" on the first line, an error at the end of the text) is moved onto a
// fence, and fixes that would edit outside the fences are dropped.

import type { Finding, RelatedLocation } from '../rules/findings';
import type { Span } from '../model/design';
import { findDesignFences, type DesignFence, type TopKey } from './fences';

/** Sections a later fence may reopen to add entries (`datastores:` in one fence, `datastores:` again in the next). */
export const CONTINUED_SECTIONS: readonly string[] = ['datastores', 'components', 'scenarios'];

export interface MarkdownDesign {
  /** The text the analysis reads: as long as the Markdown, blank (spaces, line feeds kept) outside this design's fences. */
  text: string;
  fences: DesignFence[];
  /** Section keys blanked in `text` because they reopen the section the previous fence ended in. */
  continued: TopKey[];
}

/** The designs of a Markdown file, in document order; empty when it has no design fence. */
export function markdownDesigns(markdown: string): MarkdownDesign[] {
  const fences = findDesignFences(markdown);
  return fences.length ? groupFences(fences).map((group) => designOf(markdown, group)) : [];
}

/**
 * Fences in document order, grouped into designs: a fence continues the design before it, unless both declare
 * `system:`, so one file can hold alternatives (an ADR's considered options), each its own design.
 */
export function groupFences(fences: readonly DesignFence[]): DesignFence[][] {
  const groups: DesignFence[][] = [];
  let hasSystem = false;
  for (const fence of fences) {
    const declaresSystem = fence.keys.some((k) => k.name === 'system');
    if (groups.length === 0 || (declaresSystem && hasSystem)) {
      groups.push([]);
      hasSystem = false;
    }
    groups[groups.length - 1].push(fence);
    hasSystem ||= declaresSystem;
  }
  return groups;
}

/**
 * Prose as the YAML parser should see it: spaces, line feeds kept. A carriage return becomes a space too: the
 * parser would read a lone one (old Mac line ends, stray ones in prose) as part of a line, and offsets, not line
 * breaks, are what carry over to the Markdown file (its positions come from its own text).
 */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

function designOf(markdown: string, fences: DesignFence[]): MarkdownDesign {
  const continued: TopKey[] = [];
  let last: string | undefined;
  let text = '';
  let at = 0;
  for (const fence of fences) {
    text += blank(markdown.slice(at, fence.content.start));
    at = fence.content.start;
    const first = fence.keys[0];
    if (first && first.name === last && first.block && CONTINUED_SECTIONS.includes(first.name)) {
      continued.push(first);
      text += markdown.slice(at, first.line.start) + blank(markdown.slice(first.line.start, first.line.end));
      at = first.line.end;
    }
    text += markdown.slice(at, fence.content.end);
    at = fence.content.end;
    if (fence.keys.length) last = fence.keys[fence.keys.length - 1].name;
  }
  text += blank(markdown.slice(at));
  return { text, fences, continued };
}

/** The fence whose YAML holds `offset` (the end of its last line included), if any. */
export function fenceAt(design: MarkdownDesign, offset: number): DesignFence | undefined {
  return design.fences.find(
    (f) =>
      offset >= f.content.start &&
      offset <= f.content.end &&
      (offset < f.content.end || !f.close || f.content.start === f.content.end),
  );
}

/** `span` lies inside one fence's YAML (an insertion at its very end included). */
export function insideFence(design: MarkdownDesign, span: Span): boolean {
  return design.fences.some((f) => span.start >= f.content.start && span.end <= f.content.end);
}

/**
 * A span as shown in the Markdown file: inside a fence it stays (cut at the fence's end); outside every fence
 * it moves to the opening line of the fence before it (or the first fence), which is where the design starts.
 */
export function placeSpan(design: MarkdownDesign, span: Span): Span {
  for (const f of design.fences) {
    if (span.start >= f.content.start && span.start < f.content.end)
      return { start: span.start, end: Math.min(Math.max(span.end, span.start), f.content.end) };
  }
  let fence = design.fences[0];
  for (const f of design.fences) if (f.content.start <= span.start) fence = f;
  return { start: fence.open.start, end: fence.open.end };
}

/** Findings of a design placed in the Markdown file: spans on its fences, and only fixes that edit inside them. */
export function placeFindings(design: MarkdownDesign, findings: readonly Finding[]): Finding[] {
  const related = (r: RelatedLocation): RelatedLocation => ({ ...r, span: placeSpan(design, r.span) });
  return findings.map((f) => ({
    ...f,
    span: placeSpan(design, f.span),
    related: f.related.map(related),
    fixes: f.fixes.filter((fix) => fix.edits.every((e) => insideFence(design, e.span))),
  }));
}
