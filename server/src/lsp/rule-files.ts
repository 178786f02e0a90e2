// `.caplens.yaml` rule settings sent by the client, for a server that cannot read the workspace itself: the
// browser build runs in a Web Worker, with no file system. The extension reads every `.caplens.yaml` of the
// workspace through `vscode.workspace.fs` (client/src/rule-settings.ts), parses it with the core's parseConfig,
// and sends the overrides per folder: all of them in `initializationOptions.ruleFiles`, again with
// RULE_FILES_NOTIFICATION whenever one is created, changed or deleted. The lookup is the Node server's
// (server/src/node/config-file.ts): the nearest config above the document applies, alone, and the search stops at
// the innermost workspace folder holding the document (a design outside every folder gets only its own folder's).
// No library types, so the extension uses this module too and both sides look up the same way.

import type { RuleSeverityOverrides } from '../core/rules/registry';
import { parseClientSettings } from './settings';

/** Client → server: every `.caplens.yaml` of the workspace, replacing what was sent before. */
export const RULE_FILES_NOTIFICATION = 'capLens/ruleFiles';

export interface RuleFile {
  /** The URI of the folder holding the `.caplens.yaml`, as `vscode.Uri.toString()` writes it. */
  folder: string;
  rules: RuleSeverityOverrides;
}

export interface RuleFilesParams {
  files: RuleFile[];
}

/** A folder URI as a lookup key: no query or fragment, no trailing slash (`file:///` and `file://` are one). */
export function folderKey(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/**
 * The key of the folder whose config applies to the document `uri`: the nearest folder above it that `hasConfig`,
 * searching up to the innermost of the workspace folders `roots` holding it (inclusive), or only the document's
 * own folder when none does. Undefined when there is none.
 */
export function nearestConfigFolder(
  uri: string,
  hasConfig: (folder: string) => boolean,
  roots: readonly string[] = [],
): string | undefined {
  let dir = folderKey(uri);
  const stop = roots
    .map(folderKey)
    .filter((r) => dir.startsWith(`${r}/`))
    .reduce<string | undefined>((a, b) => (a && a.length >= b.length ? a : b), undefined);
  // `scheme://authority` is the top: its path is empty.
  const top = /^[a-z][\w+.-]*:\/\/[^/]*/i.exec(dir)?.[0].length ?? 0;
  for (;;) {
    const slash = dir.lastIndexOf('/');
    if (slash < top) return undefined;
    dir = dir.slice(0, slash);
    const key = folderKey(dir);
    if (hasConfig(key)) return key;
    if (stop === undefined || key === stop || key.length <= stop.length) return undefined;
  }
}

/** The rules of the config that applies to the document `uri` (see nearestConfigFolder), or none. */
export function nearestRules(
  uri: string,
  byFolder: ReadonlyMap<string, RuleSeverityOverrides>,
  roots: readonly string[] = [],
): RuleSeverityOverrides {
  const folder = nearestConfigFolder(uri, (key) => byFolder.has(key), roots);
  return folder === undefined ? {} : byFolder.get(folder)!;
}

/** The rule files the client sent, validated (unknown rules and severities are dropped), by folder. */
export class ClientRuleFiles {
  private byFolder = new Map<string, RuleSeverityOverrides>();

  /** Replaces every rule file with those in `params` (a RuleFilesParams from the client; anything else is ignored). */
  set(params: unknown): void {
    const files = (params as { files?: unknown } | null | undefined)?.files;
    if (!Array.isArray(files)) return;
    const next = new Map<string, RuleSeverityOverrides>();
    for (const file of files as unknown[]) {
      const { folder, rules } = (file ?? {}) as { folder?: unknown; rules?: unknown };
      if (typeof folder === 'string') next.set(folderKey(folder), parseClientSettings({ rules }).rules);
    }
    this.byFolder = next;
  }

  /** The rules for the document `uri`, in the workspace whose folders' URIs are `roots`. */
  lookup(uri: string, roots: readonly string[] = []): RuleSeverityOverrides {
    return nearestRules(uri, this.byFolder, roots);
  }
}
