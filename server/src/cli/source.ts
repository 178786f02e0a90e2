// A design file as the CLI sees it: its text exactly as an editor would hold it, and offset-to-position
// conversion by the core's LineIndex, which counts as editors and the LSP do, so line and column numbers in
// CLI output always match the editor's (UTF-16 columns, \r\n and lone \r line breaks included).

import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Span } from '../core/model/design';
import { LineIndex } from '../core/text/lines';
import { MAX_DOCUMENT_BYTES } from '../core/analysis/limits';
import { FileRefused, isBinary, readRegularFile } from '../node/read-file';
import { describeIoError, IoError } from './io';

/** 1-based line and column (column in UTF-16 code units, as LSP and SARIF count by default). */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class SourceFile {
  private readonly lines: LineIndex;

  constructor(
    /** Absolute path, or '<stdin>'. */
    readonly path: string,
    /** As shown to the user: relative to the working directory, '/'-separated. */
    readonly displayPath: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  /**
   * A design named on the command line or found in a folder: a regular file of at most MAX_DOCUMENT_BYTES
   * with no binary content (which is refused unread and never echoed in a code frame or a report).
   */
  static readDesign(path: string, cwd: string): SourceFile {
    const shown = displayPathOf(path, cwd);
    let bytes: Buffer;
    try {
      bytes = readRegularFile(path, MAX_DOCUMENT_BYTES);
    } catch (e) {
      throw new IoError(e instanceof FileRefused ? `'${shown}' ${e.message}` : describeIoError(shown, e));
    }
    if (isBinary(bytes))
      throw new IoError(`'${shown}' is not a design file: it holds binary data, so CAP Lens neither checks nor shows it`);
    return SourceFile.fromText(path, shown, bytes.toString('utf8'));
  }

  static read(path: string, cwd: string): SourceFile {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new IoError(describeIoError(displayPathOf(path, cwd), e));
    }
    return SourceFile.fromText(path, displayPathOf(path, cwd), text);
  }

  /** Editors drop a UTF-8 byte order mark before the server sees the text; so do we. */
  static fromText(path: string, displayPath: string, text: string): SourceFile {
    return new SourceFile(path, displayPath, text.replace(/^\uFEFF/, ''));
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    return { line: this.lines.line(at), column: this.lines.column(at) };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** The text of a 1-based line, without its line break. */
  line(n: number): string {
    return this.lines.lineText(n);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }
}

export function displayPathOf(path: string, cwd: string): string {
  if (path === '<stdin>') return path;
  const rel = relative(cwd, path);
  // Outside the working directory an absolute path reads better than a chain of '../'.
  const shown = rel === '' ? path : rel.startsWith('..') && rel.split(sep).filter((s) => s === '..').length > 2 ? path : rel;
  return shown.split(sep).join('/');
}
