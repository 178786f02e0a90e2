// A Markdown design doc analysed: each of its designs through the very analysis a *.cap.yaml gets, with its
// findings placed on its fences. The CLI, the Markdown preview and `diff` read Markdown through this; the
// language server does the same with one incremental analyzer per design.

import { analyzeFull, type AnalysisResult } from '../analysis/analyze';
import type { Finding } from '../rules/findings';
import { markdownDesigns, placeFindings, type MarkdownDesign } from './designs';

export interface AnalyzedMarkdownDesign {
  design: MarkdownDesign;
  /** The analysis of `design.text`: its spans are offsets in the Markdown file. */
  result: AnalysisResult;
  /** `result.findings` placed on the fences (see `placeFindings`), before the user's severity settings. */
  findings: Finding[];
}

/** File names CAP Lens reads as designs: `*.cap.yaml` and `*.cap.yml`. */
export function isDesignFileName(name: string): boolean {
  return /\.cap\.ya?ml$/i.test(name);
}

/** File names CAP Lens reads as Markdown design docs. */
export function isMarkdownFileName(name: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(name);
}

/** Language ids editors give Markdown documents (VS Code's `markdown`; `mdx` from the MDX extension). */
export const MARKDOWN_LANGUAGE_IDS: readonly string[] = ['markdown', 'mdx'];

export function analyzeMarkdown(markdown: string): AnalyzedMarkdownDesign[] {
  return markdownDesigns(markdown).map((design) => {
    const result = analyzeFull(design.text);
    return { design, result, findings: placeFindings(design, result.findings) };
  });
}
