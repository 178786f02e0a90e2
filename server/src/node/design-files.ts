// Turns command-line arguments (files, folders, globs) into the design files to check. Folders are searched
// recursively for *.cap.yaml and *.cap.yml, and for Markdown files (.md, .markdown, .mdx) that hold a design
// fence, skipping node_modules and dot-folders; results are sorted so every run (and every machine) lists
// files in the same order.

import { readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { isMarkdownFileName } from '../core/markdown/analyze';
import { findDesignFences } from '../core/markdown/fences';
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

/** A design file, or a Markdown file with at least one design fence (read to find out). */
export function holdsDesign(path: string): boolean {
  if (isDesignFileName(path)) return true;
  if (!isMarkdownFileName(path)) return false;
  try {
    return findDesignFences(readFileSync(path, 'utf8')).length > 0;
  } catch {
    return false;
  }
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
      // A glob may name Markdown files at large (`docs/**/*.md`): those without a design are not designs.
      const matches = expandGlob(input, cwd).filter((f) => !isMarkdownFileName(f) || holdsDesign(f));
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
      const found = walk(absolute, Infinity).filter(holdsDesign);
      if (found.length === 0) problems.push({ input, message: `no designs in '${input}': no *.cap.yaml or *.cap.yml file, and no Markdown file with a design fence` });
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
