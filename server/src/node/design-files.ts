// Turns command-line arguments (files, folders, globs) into the design files to check. Folders are searched
// recursively for *.cap.yaml and *.cap.yml, and for Markdown files (.md, .markdown, .mdx) that hold a design
// fence, skipping node_modules and dot-folders; results are sorted so every run (and every machine) lists
// files in the same order.

import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { MAX_DOCUMENT_BYTES } from '../core/analysis/limits';
import { isDesignFileName, isMarkdownFileName } from '../core/markdown/analyze';
import { findDesignFences } from '../core/markdown/fences';
import { join, relative, resolve, sep } from 'node:path';
import { globDepth, globToRegExp, isGlob, splitGlob } from './glob';
import { readRegularFile } from './read-file';

export interface ExpandedInputs {
  /** Absolute paths, in argument order, each once. */
  files: string[];
  /** Arguments that named nothing (a missing path, a folder or glob without design files) and folders that could not be read. */
  problems: { input: string; message: string }[];
  /** Files found in a folder but not checked: links that lead out of it. */
  skipped: { path: string; message: string }[];
}

/** A design file, or a Markdown file with at least one design fence (read to find out). */
export function holdsDesign(path: string): boolean {
  if (isDesignFileName(path)) return true;
  if (!isMarkdownFileName(path)) return false;
  try {
    // Bounded and regular files only, like every design read (see ./read-file).
    return findDesignFences(readRegularFile(path, MAX_DOCUMENT_BYTES).toString('utf8')).length > 0;
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
  const skipped: ExpandedInputs['skipped'] = [];
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  const walked = (root: string, maxDepth: number) => {
    const result = walk(root, maxDepth, cwd);
    problems.push(...result.unreadable.map((message) => ({ input: root, message })));
    skipped.push(...result.skipped);
    return result.files;
  };
  for (const input of inputs) {
    if (isGlob(input)) {
      // A glob may name Markdown files at large (`docs/**/*.md`): those without a design are not designs.
      const { base, rest } = splitGlob(input);
      const root = resolve(cwd, base);
      const matcher = globToRegExp(rest);
      const matches = walked(root, globDepth(rest)).filter(
        (f) => matcher.test(relative(root, f).split(sep).join('/')) && (!isMarkdownFileName(f) || holdsDesign(f)),
      );
      if (matches.length === 0) problems.push({ input, message: `no files match the pattern '${input}'` });
      matches.forEach(add);
      continue;
    }
    const absolute = resolve(cwd, input);
    let stats: Stats;
    try {
      stats = statSync(absolute);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({
        input,
        message: code === 'ENOENT' ? `'${input}' does not exist` : `cannot read '${input}': ${(e as Error).message}`,
      });
      continue;
    }
    if (stats.isDirectory()) {
      const found = walked(absolute, Infinity).filter(holdsDesign);
      if (found.length === 0 && !problems.some((p) => p.input === absolute))
        problems.push({
          input,
          message: `no designs in '${input}': no *.cap.yaml or *.cap.yml file, and no Markdown file with a design fence`,
        });
      found.forEach(add);
    } else {
      // A file named explicitly is checked whatever its extension: the user asked for it (reading it still
      // refuses anything but a regular file of design size, see SourceFile.readDesign).
      add(absolute);
    }
  }
  return { files, problems, skipped };
}

/**
 * Every regular file below `dir` (not following folder links, which could loop), sorted by path. A file link
 * is followed only when its real path stays inside `dir`: a design linked to /proc/self/environ or to a file
 * elsewhere on the machine must not be read (its content would be echoed in code frames and reports).
 * Folders that cannot be read are reported, never skipped silently.
 */
function walk(
  dir: string,
  maxDepth: number,
  cwd: string,
): { files: string[]; unreadable: string[]; skipped: { path: string; message: string }[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const skipped: { path: string; message: string }[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(dir);
  } catch {
    realRoot = dir;
  }
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  const visit = (current: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const shown = relative(cwd, current) || '.';
      unreadable.push(
        `cannot read folder '${shown}': ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message}`,
      );
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth && !skippedFolder(entry.name)) visit(path, depth + 1);
      } else if (entry.isFile()) {
        files.push(path);
      } else if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(path);
          if (!statSync(real).isFile()) continue;
        } catch {
          continue; // A dangling link names nothing to check.
        }
        if (inside(real)) files.push(path);
        else if (isDesignFileName(entry.name) || isMarkdownFileName(entry.name))
          skipped.push({ path, message: `a link to '${real}', outside '${relative(cwd, dir) || '.'}'` });
      }
      // FIFOs, sockets and devices in a folder are never design files.
    }
  };
  visit(dir, 0);
  return { files, unreadable, skipped };
}
