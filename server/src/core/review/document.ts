// A Markdown design doc with each design fence followed by its review card: what `cap-lens report doc.md`
// writes, so a docs site or a wiki can publish the checked design. The doc's own text is kept byte for byte;
// cards are inserted after each fence's closing line, separated by blank lines, in the doc's line breaks.

import { LineIndex } from '../text/lines';
import { cardHtml } from './card-html';
import { cardMarkdown } from './card-markdown';
import { CARD_CSS } from './card-style';
import { fenceCards, type FenceCard, type RatedMarkdownDesign } from './fence-cards';
import { lineBreakOf } from '../text/line-breaks';

export type CardFormat = 'md' | 'html';

/** Every fence's card, in document order, with an id unique in the doc (`cap-lens-<design>-<fence>`). */
export function documentCards(markdown: string, designs: readonly RatedMarkdownDesign[]): { card: FenceCard; id: string }[] {
  const lines = new LineIndex(markdown);
  return designs
    .flatMap((d, di) => fenceCards(markdown, d, lines).map((card, fi) => ({ card, id: `cap-lens-${di + 1}-${fi + 1}` })))
    .sort((a, b) => a.card.fence.open.start - b.card.fence.open.start);
}

/** `html`: cards as HTML blocks (one stylesheet before the first); `md`: cards as Markdown blockquotes. */
export function reviewedDocument(markdown: string, designs: readonly RatedMarkdownDesign[], format: CardFormat): string {
  const eol = lineBreakOf(markdown);
  const cards = documentCards(markdown, designs);
  let out = '';
  let at = 0;
  cards.forEach(({ card, id }, i) => {
    const fence = card.fence;
    // After the closing fence's line break; an unclosed fence runs to the end of the doc.
    let insert = fence.close ? fence.close.end : markdown.length;
    if (markdown.startsWith('\r\n', insert)) insert += 2;
    else if (insert < markdown.length) insert += 1;
    out += markdown.slice(at, insert);
    if (!/(\r\n|\n|\r)$/.test(out)) out += eol;
    const body =
      format === 'html'
        ? `${i === 0 ? `<style>${eol}${CARD_CSS.replace(/\n/g, eol)}${eol}</style>${eol}` : ''}${cardHtml(card, { id })}`
        : cardMarkdown(card);
    out += `${eol}${body.replace(/\r?\n/g, eol)}${eol}`;
    // A blank line after the card unless the doc already has one (or ends) there.
    if (insert < markdown.length && !/^(\r\n|\n|\r)/.test(markdown.slice(insert))) out += eol;
    at = insert;
  });
  return out + markdown.slice(at);
}
