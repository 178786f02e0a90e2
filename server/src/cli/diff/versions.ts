// The two versions of each design file `cap-lens diff` compares: from two git revisions (the files that differ
// between them, renames followed as git detects them), or from two files named on the command line. A design file
// is a *.cap.yaml or a Markdown file with a design fence in either version.

import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isMarkdownFileName } from '../../core/markdown/analyze';
import { findDesignFences } from '../../core/markdown/fences';
import type { FileDiff } from '../../core/review/diff';
import { isDesignFileName } from '../../core/markdown/analyze';
import { changedFiles, type ChangedFile, type GitError, gitRoot, readAtRevision, resolveRevision } from '../../node/git';
import { IoError, UsageError, type Io } from '../io';
import { displayPathOf, SourceFile } from '../source';

export interface VersionedFile {
  path: string;
  oldPath?: string;
  /** Repository paths (git mode), for links to the lines of a commit. */
  repoPath?: string;
  oldRepoPath?: string;
  status: FileDiff['status'];
  base?: SourceFile;
  head?: SourceFile;
}

export interface Versions {
  mode: 'git' | 'files';
  files: VersionedFile[];
  /** The commits compared, in git mode. */
  baseCommit?: string;
  headCommit?: string;
  /** The repository root, in git mode. */
  root?: string;
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** `base` and `head` are two files when both exist as files; otherwise git revisions. */
export function collectVersions(io: Io, base: string, head: string, paths: readonly string[]): Versions {
  const basePath = resolve(io.cwd, base);
  const headPath = resolve(io.cwd, head);
  if (isFile(basePath) && isFile(headPath)) {
    if (paths.length) throw new UsageError('paths can only follow two revisions, not two files.');
    return {
      mode: 'files',
      files: [
        {
          path: displayPathOf(headPath, io.cwd),
          status: 'modified',
          base: SourceFile.read(basePath, io.cwd),
          head: SourceFile.read(headPath, io.cwd),
        },
      ],
    };
  }
  const root = gitRoot(io.cwd);
  if (!root) throw new UsageError(`'${base}' and '${head}' are not two files, and ${io.cwd} is not in a git repository.`);
  const baseCommit = resolveRevision(io.cwd, base);
  const headCommit = resolveRevision(io.cwd, head);
  const unknown = [!baseCommit ? base : '', !headCommit ? head : ''].filter(Boolean);
  if (unknown.length)
    throw new UsageError(
      `${unknown.map((r) => `'${r}'`).join(' and ')} ${unknown.length === 1 ? 'is neither a file nor a git revision' : 'are neither files nor git revisions'}.`,
    );
  // Paths are relative to the working directory, as for every other command; git wants them from the root.
  const specs = paths.map((p) => {
    const rel = relative(root, resolve(io.cwd, p)).split(sep).join('/');
    if (rel.startsWith('..')) throw new UsageError(`'${p}' is outside the repository ${root}.`);
    return rel === '' ? '.' : rel;
  });
  let changed: ChangedFile[];
  try {
    changed = changedFiles(root, baseCommit!, headCommit!, specs);
  } catch (e) {
    throw new IoError(`git: ${(e as GitError).message}`);
  }
  const files: VersionedFile[] = [];
  for (const c of changed) {
    const candidate = (p: string | undefined) => p !== undefined && (isDesignFileName(p) || isMarkdownFileName(p));
    if (!candidate(c.path) && !candidate(c.oldPath)) continue;
    const read = (rev: string, p: string) => {
      const text = readAtRevision(root, rev, p);
      return text === undefined ? undefined : SourceFile.fromText(join(root, p), displayPathOf(join(root, p), io.cwd), text);
    };
    const baseFile = c.status === 'A' ? undefined : read(baseCommit!, c.oldPath ?? c.path);
    const headFile = c.status === 'D' ? undefined : read(headCommit!, c.path);
    // Markdown counts when it holds a design in either version.
    const holds = (f: SourceFile | undefined) =>
      f !== undefined && (isDesignFileName(f.path) || (isMarkdownFileName(f.path) && findDesignFences(f.text).length > 0));
    if (!holds(baseFile) && !holds(headFile)) continue;
    files.push({
      path: (headFile ?? baseFile)!.displayPath,
      ...(c.status === 'R' && baseFile ? { oldPath: baseFile.displayPath } : {}),
      repoPath: c.status === 'D' ? (c.oldPath ?? c.path) : c.path,
      oldRepoPath: c.oldPath ?? c.path,
      status: c.status === 'A' ? 'added' : c.status === 'D' ? 'deleted' : c.status === 'R' ? 'renamed' : 'modified',
      base: holds(baseFile) ? baseFile : undefined,
      head: holds(headFile) ? headFile : undefined,
    });
  }
  return { mode: 'git', files, baseCommit, headCommit, root };
}
