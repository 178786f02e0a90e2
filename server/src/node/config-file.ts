// Finds and reads `.caplens.yaml` files on disk for the CLI and the language server: the nearest one walking
// up from a design file wins (no merging, so one file always tells the whole story for a folder). The walk
// stops at the workspace or repository root: a config above it (in a home folder, in /tmp) belongs to
// someone else's project and must not silence this one's findings.

import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAME, MAX_CONFIG_BYTES, parseConfig, type ConfigProblem } from '../core/analysis/config';
import type { RuleSeverityOverrides } from '../core/rules/registry';
import { FileRefused, readRegularFile } from './read-file';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  path: string;
  text: string;
  overrides: RuleSeverityOverrides;
  problems: ConfigProblem[];
}

/** Reads and parses one config file; throws the file system's error (or FileRefused) when it cannot be read. */
export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readRegularFile(absolute, MAX_CONFIG_BYTES)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (e) {
    if (!(e instanceof FileRefused) || !/larger than/.test(e.message)) throw e;
    const problem = {
      span: { start: 0, end: 0 },
      message: `This file is larger than ${MAX_CONFIG_BYTES / 1024} KB, the most a CAP Lens config may be (it only sets rule severities), so it was not read.`,
    };
    return { path: absolute, text: '', overrides: {}, problems: [problem] };
  }
  return { path: absolute, text, ...parseConfig(text) };
}

const isInside = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The repository holding `dir`: the nearest folder with a `.git` (a folder, or a file in a worktree). */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; ) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Where the config lookup for a design in `dir` stops. In the editor: the innermost workspace folder holding
 * it, else its repository's root. On the command line: its repository's root, else the working directory
 * when that holds it. Failing all of these, `dir` itself.
 */
export function lookupRoot(dir: string, bounds: { workspaceFolders?: readonly string[]; cwd?: string } = {}): string {
  const absolute = resolve(dir);
  const holding = (bounds.workspaceFolders ?? []).map((r) => resolve(r)).filter((r) => isInside(absolute, r));
  if (holding.length) return holding.reduce((a, b) => (a.length >= b.length ? a : b));
  const repository = repositoryRoot(absolute);
  if (repository) return repository;
  if (bounds.cwd && isInside(absolute, resolve(bounds.cwd))) return resolve(bounds.cwd);
  return absolute;
}

/** The nearest `.caplens.yaml` in `dir` or one of its ancestors up to `root` (inclusive), if any. */
export function findConfigFile(dir: string, root: string = lookupRoot(dir)): string | undefined {
  let current = resolve(dir);
  const stop = resolve(root);
  for (;;) {
    const candidate = join(current, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = dirname(current);
    if (current === stop || parent === current || !isInside(parent, stop)) return undefined;
    current = parent;
  }
}

/**
 * Config lookup with a cache per directory and per config file, for checking many files in one run (or
 * serving many documents in the language server: call `clear()` when a config file changes on disk).
 */
export class ConfigResolver {
  private byDir = new Map<string, string | undefined>();
  private byPath = new Map<string, LoadedConfig>();

  /** Lookups stop at the file's repository root, else at `cwd` when it holds the file (see `lookupRoot`). */
  constructor(private readonly cwd?: string) {}

  /** The config that applies to a design file, or undefined when none is found. Throws on I/O errors. */
  forFile(file: string): LoadedConfig | undefined {
    const dir = dirname(resolve(file));
    let path = this.byDir.get(dir);
    if (!this.byDir.has(dir)) {
      path = findConfigFile(dir, lookupRoot(dir, { cwd: this.cwd }));
      this.byDir.set(dir, path);
    }
    return path === undefined ? undefined : this.load(path);
  }

  load(path: string): LoadedConfig {
    const absolute = resolve(path);
    let loaded = this.byPath.get(absolute);
    if (!loaded) {
      loaded = loadConfigFile(absolute);
      this.byPath.set(absolute, loaded);
    }
    return loaded;
  }

  clear(): void {
    this.byDir.clear();
    this.byPath.clear();
  }
}

/**
 * For a long-running process (the language server): the settings of the `.caplens.yaml` nearest a document
 * URI within its workspace folder (the folders' URIs, as `initialize` gives them; see `lookupRoot`), looked up afresh on every call (a config created or
 * edited while the editor runs applies at the next analysis) but parsed again only when the file's size or
 * modification time changed. Invalid entries are skipped; valid ones still apply. Non-file URIs (untitled
 * documents) get no file settings.
 */
export function fileRuleLookup(): (uri: string, workspaceFolders?: readonly string[]) => RuleSeverityOverrides {
  const parsed = new Map<string, { stamp: string; config: LoadedConfig }>();
  return (uri, folderUris = []) => {
    if (!uri.startsWith('file:')) return {};
    try {
      const workspaceFolders = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
      const dir = dirname(fileURLToPath(uri));
      const path = findConfigFile(dir, lookupRoot(dir, { workspaceFolders }));
      if (!path) return {};
      const stats = statSync(path);
      const stamp = `${stats.size}:${stats.mtimeMs}`;
      let entry = parsed.get(path);
      if (!entry || entry.stamp !== stamp) {
        entry = { stamp, config: loadConfigFile(path) };
        parsed.set(path, entry);
      }
      return entry.config.overrides;
    } catch {
      // An unreadable config must not stop diagnostics: fall back to the defaults.
      return {};
    }
  };
}

/** How a config path reads to a user: relative to `cwd` when inside it. */
export function shownConfigPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
