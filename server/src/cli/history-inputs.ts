// Which files `check-history` reads: named files, and the history files found in named folders (recursively,
// skipping dot-folders, node_modules and symbolic links). Only regular files are read, and only up to a size
// limit, so a FIFO, a device or a runaway file is an error rather than a hang.

import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPathOf } from './source';
import { describeIoError, IoError } from './io';

/** Histories larger than this are refused (a JavaScript string holds at most about 512 MB). */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

/** File names a folder search picks up: Jepsen's history.edn / history.txt / jepsen.log, Knossos' .edn, Porcupine's .log and .txt. */
const HISTORY_FILE = /\.(edn|log|txt|history)$/i;

export interface HistoryInput {
  /** Absolute path, or '<stdin>'. */
  path: string;
  /** As shown: relative to the working directory. */
  display: string;
  /** Named on the command line (reported whatever it holds), or found in a folder (skipped if it holds no history). */
  named: boolean;
}

export function expandHistoryInputs(inputs: readonly string[], cwd: string): { files: HistoryInput[]; problems: string[] } {
  const files: HistoryInput[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push({ path: '<stdin>', display: '<stdin>', named: true });
      continue;
    }
    const path = resolve(cwd, input);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      problems.push(describeIoError(input, e));
      continue;
    }
    if (!isDir) {
      files.push({ path, display: displayPathOf(path, cwd), named: true });
      continue;
    }
    const found: string[] = [];
    walk(path, found, problems, cwd);
    found.sort();
    for (const f of found) files.push({ path: f, display: displayPathOf(f, cwd), named: false });
  }
  return { files, problems };
}

function walk(dir: string, found: string[], problems: string[], cwd: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    problems.push(`cannot read folder ${describeIoError(displayPathOf(dir, cwd), e).replace(/^'?/, "'")}`);
    return;
  }
  for (const name of entries) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(dir, name);
    let st: Stats;
    try {
      st = lstatSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(full, found, problems, cwd);
    else if (st.isFile() && HISTORY_FILE.test(name)) found.push(full);
  }
}

/** The text of a regular file, refusing anything else and anything over the size limit. */
export function readHistoryFile(path: string, display: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new IoError(describeIoError(display, e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new IoError(`'${display}' is not a regular file`);
    if (st.size > MAX_HISTORY_BYTES)
      throw new IoError(
        `'${display}' is ${(st.size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_HISTORY_BYTES / 1024 / 1024} MB limit for a history`,
      );
    // Read at most the limit plus one byte: a file that grows while we read cannot take us past it.
    const buffer = Buffer.alloc(Math.min(st.size, MAX_HISTORY_BYTES) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > MAX_HISTORY_BYTES)
      throw new IoError(`'${display}' is over the ${MAX_HISTORY_BYTES / 1024 / 1024} MB limit for a history`);
    if (length > st.size) throw new IoError(`'${display}' grew while it was being read; check it once it is complete`);
    return buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new IoError(describeIoError(display, e));
  } finally {
    closeSync(fd);
  }
}
