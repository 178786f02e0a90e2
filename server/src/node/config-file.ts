// Finds and reads `.caplens.yaml` files on disk for the CLI and the language server: the nearest one walking
// up from a design file wins (no merging, so one file always tells the whole story for a folder).

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAME, parseConfig, type ConfigProblem } from '../core/analysis/config';
import type { RuleSeverityOverrides } from '../core/rules/registry';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  path: string;
  text: string;
  overrides: RuleSeverityOverrides;
  problems: ConfigProblem[];
}

/** Reads and parses one config file; throws the file system's error when it cannot be read. */
export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  const text = readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
  return { path: absolute, text, ...parseConfig(text) };
}

/** The nearest `.caplens.yaml` in `dir` or one of its ancestors, if any. */
export function findConfigFile(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    const candidate = join(current, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
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

  /** The config that applies to a design file, or undefined when none is found. Throws on I/O errors. */
  forFile(file: string): LoadedConfig | undefined {
    const dir = dirname(resolve(file));
    let path = this.byDir.get(dir);
    if (!this.byDir.has(dir)) {
      path = findConfigFile(dir);
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
 * URI, looked up afresh on every call (a config created or edited while the editor runs applies at the next
 * analysis) but parsed again only when the file's size or modification time changed. Invalid entries are
 * skipped; valid ones still apply. Non-file URIs (untitled documents) get no file settings.
 */
export function fileRuleLookup(): (uri: string) => RuleSeverityOverrides {
  const parsed = new Map<string, { stamp: string; config: LoadedConfig }>();
  return (uri) => {
    if (!uri.startsWith('file:')) return {};
    try {
      const path = findConfigFile(dirname(fileURLToPath(uri)));
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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
