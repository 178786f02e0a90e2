// Design text in Markdown (hovers, `report --format md`, `explain --format md`): every character that could
// start a construct is escaped, so a name, a `why:` or a value from a design renders as the text it is and
// never as raw HTML, a link (`command:`, `javascript:`), an image, a heading or the end of a code fence.
// CommonMark: any ASCII punctuation may be backslash-escaped (https://spec.commonmark.org/0.31.2/#backslash-escapes).

/**
 * The punctuation that opens an inline construct anywhere in a line: code, emphasis, links and images (`[`),
 * raw HTML and autolinks (`<`), entities (`&`), table cells (`|`), strikethrough (`~`) and headings (`#`).
 * `(`, `!`, `:` and `>` are inert once `[` and `<` are escaped (`>` only quotes at a line start, see
 * BLOCK_START), and `_` inside a word (`read_quorum`) cannot emphasise.
 */
const ACTIVE = /[\\`*{}[\]<&|~#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/**
 * A line start that would open a block: a quote (`>`), a list item (`-`, `+`, `1.`, `1)` before a space or the
 * end), a thematic break or setext underline (`---`, `===`). `6.7%` or `-1` stay as they are.
 */
const BLOCK_START = /^(\s*)(>|[-+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|-(?=-)|=(?==))/;

const blockSafe = (text: string) =>
  text.replace(BLOCK_START, (_m, space: string, marker: string) => `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`);
/** Line breaks (and the other separators YAML and Unicode know), which could start a new block. */
const BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** Design data as inline Markdown text: one line, every active character escaped. */
export function escapeMarkdown(text: string): string {
  return blockSafe(text.replace(BREAKS, ' ').replace(ACTIVE, '\\$&'));
}

/**
 * The same, with `_` escaped inside words too (`write\_quorum`): review comments (the diff's pull-request comment,
 * review cards) go to renderers other than CommonMark's, so they escape every underscore.
 */
export function escapeMarkdownEverywhere(text: string): string {
  return escapeMarkdown(text).replace(/(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])/g, '\\_');
}

/**
 * A message CAP Lens wrote around design data (a finding, a fix title): escaped like data, except that its
 * code spans (text between two single backticks, which renders literally) are kept. When the backticks do
 * not pair up that way (a design name may hold one), the whole message is escaped as data instead, so a
 * stray backtick can never leave the rest of the line unescaped.
 */
export function markdownMessage(text: string): string {
  const flat = text.replace(BREAKS, ' ');
  const parts = flat.split('`');
  const runs = flat.match(/`+/g) ?? [];
  if (runs.some((r) => r.length > 1) || (parts.length - 1) % 2 === 1) return escapeMarkdown(flat);
  // Even parts are text, odd parts the inside of a code span.
  return blockSafe(parts.map((part, i) => (i % 2 === 0 ? part.replace(ACTIVE, '\\$&') : part)).join('`'));
}

/** Design data as an inline code span: fenced with more backticks than any run inside it. */
export function codeSpan(text: string): string {
  const flat = text.replace(BREAKS, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The fence for a fenced code block holding `text`: longer than any backtick run in it (at least three). */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
