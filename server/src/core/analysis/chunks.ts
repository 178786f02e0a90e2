// Splits a design into independently parseable pieces: each top-level key, and each entry under
// `datastores:` and `components:`. The split is conservative: anything it cannot prove safe (flow
// collections at section level, tabs in indentation, directives, several documents, unusual keys) returns
// undefined, and the caller parses the whole document instead.
// It runs on every keystroke over the whole text, so it scans character codes and matches keys in place
// (sticky regular expressions) rather than slicing every line.

export type ChunkKind = 'top' | 'datastore' | 'component';

export interface Chunk {
  kind: ChunkKind;
  /** Offset of the chunk's first character in the document. */
  start: number;
  end: number;
  /** The key this chunk defines (top-level key, or entry name). */
  key: string;
}

export interface SectionHeader {
  key: 'datastores' | 'components';
  keySpan: { start: number; end: number };
}

export interface ChunkPlan {
  chunks: Chunk[];
  sections: SectionHeader[];
}

const TOP_KEY = /([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?=[ \r\n]|$)/y;
const ENTRY_KEY = /([A-Za-z0-9_][A-Za-z0-9_.\-/]*)[ ]*:(?=[ \r\n]|$)/y;
const SECTIONS = new Set(['datastores', 'components']);

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const HASH = 35;

export function planChunks(text: string): ChunkPlan | undefined {
  const chunks: Chunk[] = [];
  const sections: SectionHeader[] = [];
  const topKeys = new Set<string>();
  let current: { kind: ChunkKind; start: number; key: string } | undefined;
  let section: { key: 'datastores' | 'components'; childIndent: number; names: Set<string> } | undefined;
  let sawEntry = false;

  const close = (end: number) => {
    if (current) chunks.push({ kind: current.kind, start: current.start, end, key: current.key });
    current = undefined;
  };

  let lineStart = 0;
  const length = text.length;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const first = i < lineEnd ? text.charCodeAt(i) : NEWLINE;
    const indent = i - lineStart;
    if (first === TAB) return undefined;
    if (first === NEWLINE || first === CR || first === HASH) {
      // Blank and comment lines belong to the chunk they follow.
    } else if (indent === 0) {
      if (text.startsWith('---', i) || text.startsWith('...', i) || first === 37 /* % */) return undefined;
      TOP_KEY.lastIndex = i;
      const m = TOP_KEY.exec(text);
      if (!m || m.index + m[0].length > lineEnd || topKeys.has(m[1])) return undefined;
      if (section && !sawEntry) return undefined;
      topKeys.add(m[1]);
      close(lineStart);
      if (SECTIONS.has(m[1])) {
        // A section written inline (`datastores: {a: …}`) holds entries a top-level chunk would not build.
        let j = TOP_KEY.lastIndex;
        while (j < lineEnd && text.charCodeAt(j) === SPACE) j++;
        if (j < lineEnd && text.charCodeAt(j) !== HASH && text.charCodeAt(j) !== CR) return undefined;
        section = { key: m[1] as 'datastores' | 'components', childIndent: -1, names: new Set() };
        sawEntry = false;
        sections.push({ key: section.key, keySpan: { start: lineStart, end: lineStart + m[1].length } });
      } else {
        section = undefined;
        current = { kind: 'top', start: lineStart, key: m[1] };
      }
    } else if (section) {
      if (section.childIndent < 0) section.childIndent = indent;
      if (indent < section.childIndent) return undefined;
      if (indent === section.childIndent) {
        ENTRY_KEY.lastIndex = i;
        const m = ENTRY_KEY.exec(text);
        if (!m || m.index + m[0].length > lineEnd || section.names.has(m[1])) return undefined;
        section.names.add(m[1]);
        close(lineStart);
        sawEntry = true;
        current = { kind: section.key === 'datastores' ? 'datastore' : 'component', start: lineStart, key: m[1] };
      } else if (!current) {
        return undefined;
      }
    } else if (!current) {
      return undefined;
    }
    lineStart = lineEnd + 1;
  }
  if (section && !sawEntry) return undefined;
  close(length);
  return { chunks, sections };
}
