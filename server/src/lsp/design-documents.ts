// What the server analyses in an open document. A *.cap.yaml is one design. A Markdown file holds one design per
// group of design fences (core/markdown/designs.ts), each analysed on a text with the file's own offsets, so
// every request handler works on Markdown unchanged once it has picked the design at the cursor. A Markdown
// file without a design fence is scanned once per version and never analysed.

import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { IncrementalAnalyzer, type AnalysisOptions, type AnalysisResult, type UnchangedEnds } from '../core/analysis/analyze';
import { isMarkdownFileName, MARKDOWN_LANGUAGE_IDS } from '../core/markdown/analyze';
import { fenceAt, markdownDesigns, placeFindings, type MarkdownDesign } from '../core/markdown/designs';
import type { Finding } from '../core/rules/findings';

export interface DesignView {
  /** The text the analysis read: the document's for a *.cap.yaml, blank outside the design's fences for Markdown. */
  text: string;
  result: AnalysisResult;
  /** The design's fences, in a Markdown document. */
  markdown?: MarkdownDesign;
  /** The findings as shown: for Markdown, placed on the fences (fixes that would edit prose dropped). */
  findings: Finding[];
}

/** Markdown by the client's language id, or by the file name when a client sends another id. */
export function isMarkdownDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return MARKDOWN_LANGUAGE_IDS.includes(doc.languageId) || isMarkdownFileName(doc.uri.replace(/[?#].*$/, ''));
}

/** The designs of one open document, re-analysed when its version changes. */
export class DocumentDesigns {
  private readonly analyzers: IncrementalAnalyzer[] = [];
  private version = -1;
  private views: DesignView[] = [];
  /** What the edits since the last analysis left untouched at both ends of the text (see `edited`). */
  private unchanged: UnchangedEnds | undefined;

  constructor(
    readonly markdown: boolean,
    private readonly options: AnalysisOptions = {},
  ) {}

  /** The designs of the document's current text (none for Markdown without design fences). */
  of(doc: TextDocument): DesignView[] {
    if (this.version === doc.version) return this.views;
    const text = doc.getText();
    const unchanged = this.unchanged;
    this.unchanged = { prefix: text.length, suffix: text.length };
    if (!this.markdown) {
      const result = this.analyzer(0).analyze(text, unchanged);
      this.views = [{ text, result, findings: result.findings }];
    } else {
      this.views = markdownDesigns(text).map((design, i) => {
        const result = this.analyzer(i).analyze(design.text);
        return { text: design.text, result, markdown: design, findings: placeFindings(design, result.findings) };
      });
      // Designs removed from the file release their caches.
      this.analyzers.length = Math.min(this.analyzers.length, Math.max(this.views.length, 1));
    }
    this.version = doc.version;
    return this.views;
  }

  /**
   * Notes edits about to be applied to `before`: the characters before the earliest and after the latest stay
   * as they were. Before the first analysis nothing is known.
   */
  edited(before: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    const [change] = changes;
    // One ranged edit (typing, a quick fix): its ends are known. Several at once (multi-cursor) or a whole
    // replacement: the next analysis compares chunks instead.
    if (!this.unchanged || changes.length !== 1 || !('range' in change)) {
      this.unchanged = undefined;
      return;
    }
    const start = before.offsetAt(change.range.start);
    const end = before.offsetAt(change.range.end);
    this.unchanged = {
      prefix: Math.min(this.unchanged.prefix, start),
      suffix: Math.min(this.unchanged.suffix, before.getText().length - end),
    };
  }

  /**
   * The findings of the entries in the first `limit` characters of a *.cap.yaml that has not been analysed yet
   * (see IncrementalAnalyzer.analyzeHead); undefined for Markdown, or once the document has been analysed.
   */
  head(doc: TextDocument, limit: number): Finding[] | undefined {
    if (this.markdown || this.version !== -1) return undefined;
    return this.analyzer(0).analyzeHead(doc.getText(), limit);
  }

  /** The design at `offset`: for Markdown, the one whose fence holds it (none in the prose). */
  at(doc: TextDocument, offset: number): DesignView | undefined {
    const views = this.of(doc);
    return this.markdown ? views.find((v) => v.markdown && fenceAt(v.markdown, offset)) : views[0];
  }

  private analyzer(i: number): IncrementalAnalyzer {
    return (this.analyzers[i] ??= new IncrementalAnalyzer(this.options));
  }
}

/** Every design's findings, in document order: the list diagnostics are published from and quick fixes keyed to. */
export function documentFindings(designs: readonly DesignView[]): Finding[] {
  if (designs.length === 1) return designs[0].findings;
  return designs.flatMap((v) => v.findings).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
