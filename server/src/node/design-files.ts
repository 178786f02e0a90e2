// Turns command-line arguments (files, folders, globs) into the design files to check. Folders are searched
// recursively for *.cap.yaml and *.cap.yml, skipping node_modules and dot-folders; results are sorted so
// every run (and every machine) lists files in the same order.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globDepth, globToRegExp, isGlob, splitGlob } from './glob';

export interface ExpandedInputs {
  /** Absolute paths, in argument order, each once. */
  files: string[];
  /** Arguments that named nothing: a missing path, or a folder or glob without design files. */
  problems: { input: string; message: string }[];
}

export function isDesignFileName(name: string): boolean {
  return /\.cap\.ya?ml$/i.test(name);
}

function skippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export function expandInputs(inputs: readonly string[], cwd: string): ExpandedInputs {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: ExpandedInputs['problems'] = [];
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const input of inputs) {
    if (isGlob(input)) {
      const matches = expandGlob(input, cwd);
      if (matches.length === 0) problems.push({ input, message: `no files match the pattern '${input}'` });
      matches.forEach(add);
      continue;
    }
    const absolute = resolve(cwd, input);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ input, message: code === 'ENOENT' ? `'${input}' does not exist` : `cannot read '${input}': ${(e as Error).message}` });
      continue;
    }
    if (stats.isDirectory()) {
      const found = walk(absolute, Infinity).filter((f) => isDesignFileName(f));
      if (found.length === 0) problems.push({ input, message: `no *.cap.yaml or *.cap.yml files in '${input}'` });
      found.forEach(add);
    } else {
      // A file named explicitly is checked whatever its extension: the user asked for it.
      add(absolute);
    }
  }
  return { files, problems };
}

function expandGlob(pattern: string, cwd: string): string[] {
  const { base, rest } = splitGlob(pattern);
  const root = resolve(cwd, base);
  const matcher = globToRegExp(rest);
  return walk(root, globDepth(rest)).filter((file) => matcher.test(relative(root, file).split(sep).join('/')));
}

/** Every file below `dir` (not following folder symlinks, which could loop), sorted by path. */
function walk(dir: string, maxDepth: number): string[] {
  const out: string[] = [];
  const visit = (current: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth && !skippedFolder(entry.name)) visit(path, depth + 1);
      } else if (entry.isFile()) {
        out.push(path);
      } else if (entry.isSymbolicLink()) {
        try {
          if (statSync(path).isFile()) out.push(path);
        } catch {
          // A dangling link names nothing to check.
        }
      }
    }
  };
  visit(dir, 0);
  return out;
}
