// The markdown-it plugin behind VS Code's Markdown preview (`markdown.markdownItPlugins`): every design fence is
// shown as its code (highlighted as YAML) followed by the design's review card (core/review/card-html.ts), the
// card `cap-lens report doc.md --format html` writes too. Pure: no VS Code API, no Node module, so the same
// plugin can run in a browser extension host; the host passes the rule settings in.
//
// markdown-it is synchronous and tokenizes a document once per version (VS Code caches the tokens and renders
// them again with each render's own `env`). So the doc is analysed in a core rule at parse time and the result
// kept on the fence tokens; severities, which depend on the document's settings, are applied at render time.

import { rateFindings } from '../../../server/src/core/analysis/analyze';
import { analyzeMarkdown, type AnalyzedMarkdownDesign } from '../../../server/src/core/markdown/analyze';
import { mayHoldFences } from '../../../server/src/core/markdown/fences';
import type { RuleSeverityOverrides } from '../../../server/src/core/rules/registry';
import { cardHtml } from '../../../server/src/core/review/card-html';
import { CARD_CSS } from '../../../server/src/core/review/card-style';
import { fenceCards, type FenceCard } from '../../../server/src/core/review/fence-cards';
import { escapeXml } from '../../../server/src/core/review/topology';
import { LineIndex } from '../../../server/src/core/text/lines';

// The few markdown-it shapes the plugin touches (markdown-it ships no types; these match versions 12 to 14).
export interface Token {
  type: string;
  info: string;
  map: [number, number] | null;
  meta: unknown;
}
export interface StateCore {
  src: string;
  tokens: Token[];
}
export type RenderRule = (tokens: Token[], idx: number, options: unknown, env: unknown, self: unknown) => string;
export interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: StateCore) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
}

export interface PreviewOptions {
  /** Rule severities for the document being rendered (`env.currentDocument` in VS Code's preview). */
  overrides?: (env: unknown) => RuleSeverityOverrides;
}

/** What a design fence's token carries from parse to render. */
interface FenceMark {
  doc: ParsedDoc;
  design: number;
  fence: number;
}

interface ParsedDoc {
  src: string;
  designs: AnalyzedMarkdownDesign[];
  lines: LineIndex;
  /** Cards per severity settings (as JSON): a document renders with the same settings many times. */
  cards: Map<string, FenceCard[][]>;
}

const MARK = 'capLens';

export function capLensMarkdownIt<M extends MarkdownIt>(md: M, options: PreviewOptions = {}): M {
  md.core.ruler.push('cap_lens_designs', (state) => {
    if (!mayHoldFences(state.src)) return;
    const designs = analyzeMarkdown(state.src);
    if (designs.length === 0) return;
    const doc: ParsedDoc = { src: state.src, designs, lines: new LineIndex(state.src), cards: new Map() };
    const byLine = new Map<number, { design: number; fence: number }>();
    designs.forEach((d, design) => d.design.fences.forEach((f, fence) => byLine.set(f.line, { design, fence })));
    // Block tokens are flat, fences in lists included; `map[0]` is the opening fence's line.
    for (const token of state.tokens) {
      const at = token.type === 'fence' && token.map ? byLine.get(token.map[0]) : undefined;
      if (at)
        token.meta = {
          ...(typeof token.meta === 'object' && token.meta ? token.meta : {}),
          [MARK]: { doc, ...at } satisfies FenceMark,
        };
    }
  });

  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    const mark = (token.meta as Record<string, FenceMark> | null)?.[MARK];
    if (!mark) return fence(tokens, idx, opts, env, self);
    // The code as YAML, so the preview's highlighter colours it.
    const info = token.info;
    token.info = info.replace(/^\s*cap-yaml/i, 'yaml');
    let code: string;
    try {
      code = fence(tokens, idx, opts, env, self);
    } finally {
      token.info = info;
    }
    let card: string;
    try {
      card = cardFor(mark, options.overrides?.(env) ?? {});
    } catch (e) {
      // A bug must not blank the preview: the code stays, with a note.
      card = `<div class="cap-lens-card cap-lens-has-error"><p class="cap-lens-error">CAP Lens could not render this design's card: ${escapeXml(e instanceof Error ? e.message : String(e))}</p></div>`;
    }
    // The stylesheet once per document, after its first card (so the card directly follows its code).
    const first = tokens.findIndex((t) => (t.meta as Record<string, unknown> | null)?.[MARK]) === idx;
    return `${code}${card}\n${first ? `<style>${CARD_CSS}</style>\n` : ''}`;
  };
  return md;
}

function cardFor(mark: FenceMark, overrides: RuleSeverityOverrides): string {
  const { doc } = mark;
  const key = JSON.stringify(overrides);
  let cards = doc.cards.get(key);
  if (!cards) {
    cards = doc.designs.map((d) =>
      fenceCards(doc.src, { analysis: d.result, findings: rateFindings(d.findings, overrides), markdown: d.design }, doc.lines),
    );
    doc.cards.set(key, cards);
  }
  return cardHtml(cards[mark.design][mark.fence], { id: `cap-lens-${mark.design + 1}-${mark.fence + 1}` });
}
