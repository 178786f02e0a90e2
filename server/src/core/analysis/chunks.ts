// Splits a design into independently parseable pieces: each top-level key, and each entry under
// `datastores:` and `components:`. The split is conservative: anything it cannot prove safe (flow
// collections at section level, tabs in indentation, directives, several documents, unusual keys) returns
// undefined, and the caller parses the whole document instead.

export type ChunkKind = 'top' | 'datastore' | 'component';

export interface Chunk {
  kind: ChunkKind;
  /** Offset of the chunk's first character in the document. */
  start: number;
  text: string;
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

const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ ]|$)/;
const ENTRY_KEY = /^([A-Za-z0-9_][A-Za-z0-9_.\-/]*)[ ]*:(?:[ ]|$)/;
const SECTIONS = new Set(['datastores', 'components']);

export function planChunks(text: string): ChunkPlan | undefined {
  const chunks: Chunk[] = [];
  const sections: SectionHeader[] = [];
  const topKeys = new Set<string>();
  let current: { kind: ChunkKind; start: number; key: string } | undefined;
  let section: { key: 'datastores' | 'components'; childIndent: number; names: Set<string> } | undefined;
  let sawEntry = false;

  const close = (end: number) => {
    if (current) chunks.push({ kind: current.kind, start: current.start, text: text.slice(current.start, end), key: current.key });
    current = undefined;
  };

  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    const content = line.slice(indent);
    if (/^[ ]*\t/.test(line)) return undefined;
    if (content === '' || content.startsWith('#')) {
      // Blank and comment lines belong to the chunk they follow.
    } else if (indent === 0) {
      if (/^(---|\.\.\.|%)/.test(line)) return undefined;
      const m = TOP_KEY.exec(line);
      if (!m || topKeys.has(m[1])) return undefined;
      if (section && !sawEntry) return undefined;
      topKeys.add(m[1]);
      close(lineStart);
      const rest = line.slice(m[0].length).trim();
      // A section written inline (`datastores: {a: …}`) holds entries a top-level chunk would not build.
      if (SECTIONS.has(m[1]) && !(rest === '' || rest.startsWith('#'))) return undefined;
      if (SECTIONS.has(m[1])) {
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
        const m = ENTRY_KEY.exec(content);
        if (!m || section.names.has(m[1])) return undefined;
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
  close(text.length);
  return { chunks, sections };
}
