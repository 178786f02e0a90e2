// The few git questions `cap-lens diff` asks, answered by the git command line (no library: git is on every CI
// runner and developer machine): the repository root, whether a revision exists, which files changed between two
// revisions (renames detected, as `git diff -M` does), a file's content at a revision, and a merge base.

import { execFileSync } from 'node:child_process';

export class GitError extends Error {}

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on the PATH)');
    throw new GitError((err.stderr ?? err.message).trim().split('\n')[0] || `git ${args[0]} failed`);
  }
}

/** The working tree's top folder, or undefined outside a repository. */
export function gitRoot(cwd: string): string | undefined {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    return undefined;
  }
}

/** The commit a revision names, or undefined when it names none. */
export function resolveRevision(cwd: string, revision: string): string | undefined {
  // `--end-of-options` keeps a revision that starts with '-' from being read as an option.
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface ChangedFile {
  /** A added, D deleted, M modified, R renamed (C copied and T type changes count as M). */
  status: 'A' | 'D' | 'M' | 'R';
  /** Path relative to the repository root, in the new revision (the old one for D). */
  path: string;
  /** The path in the old revision, for a rename. */
  oldPath?: string;
}

/** Files that differ between two commits, below `paths` (repository-relative pathspecs; all when empty). */
export function changedFiles(root: string, base: string, head: string, paths: readonly string[]): ChangedFile[] {
  const out = git(root, ['diff', '--name-status', '-z', '-M', '--no-color', base, head, '--', ...paths]);
  const fields = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const code = fields[i++];
    if (code.startsWith('R')) {
      files.push({ status: 'R', oldPath: fields[i++], path: fields[i++] });
    } else if (code.startsWith('C')) {
      i++; // the copy's source: the copy itself is a new file
      files.push({ status: 'A', path: fields[i++] });
    } else {
      files.push({ status: code === 'A' || code === 'D' ? code : 'M', path: fields[i++] });
    }
  }
  return files;
}

/** A file's text at a commit (repository-relative path), or undefined when it does not exist there. */
export function readAtRevision(root: string, revision: string, path: string): string | undefined {
  try {
    return git(root, ['cat-file', 'blob', `${revision}:${path}`]);
  } catch {
    return undefined;
  }
}
