// "CAP Lens: Compare with …": the design review of the working copy against a revision, by default the merge base
// with the repository's default branch, found through VS Code's built-in Git extension. Every design file that
// differs (saved or not) is compared as `cap-lens diff` compares it, and the result shown in the compare panel with
// links to the lines. The command returns the diff's Markdown and file count, for tests and other extensions.

import * as vscode from 'vscode';
import { isDesignFileName, isMarkdownFileName } from '../../../server/src/core/markdown/analyze';
import { findDesignFences } from '../../../server/src/core/markdown/fences';
import { escapeHtml } from '../../../server/src/core/text/escape-html';
import type { RuleSettingsCache } from '../rule-settings';
import type * as Review from '../review/index';
import type { GitApi, GitExtension, GitRef, GitRepository } from './git-api';
import { ComparePanel, locationLink, OPEN_LOCATION_COMMAND } from './panel';
import { isInsideFolder } from './paths';

export const COMPARE_COMMAND = 'capLens.compareWith';

export interface CompareArgs {
  /** A revision to compare with (skips the picker): a branch, tag, commit, or 'merge-base' for the default. */
  base?: string;
  /** A file inside the repository to compare (default: the active editor's). */
  uri?: string;
}

export interface CompareResult {
  base: string;
  markdown: string;
  files: number;
}

const isDesignPath = (path: string) => isDesignFileName(path) || isMarkdownFileName(path);
const holdsDesign = (path: string, text: string | undefined) =>
  text !== undefined && (isDesignFileName(path) || findDesignFences(text).length > 0);

export function registerCompare(
  context: vscode.ExtensionContext,
  review: () => typeof Review,
  settings: RuleSettingsCache,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMPARE_COMMAND, async (args?: CompareArgs) => {
      try {
        return await compare(review(), settings, args ?? {});
      } catch (e) {
        void vscode.window.showErrorMessage(`CAP Lens: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, async (uri: string, line: number) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const at = new vscode.Position(Math.max(0, Math.min(doc.lineCount - 1, line - 1)), 0);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
    }),
  );
}

async function gitApi(): Promise<GitApi> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) throw new Error('the built-in Git extension is not available.');
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports.enabled) throw new Error('the built-in Git extension is disabled (git.enabled).');
  return exports.getAPI(1);
}

function repositoryOf(api: GitApi, uri: vscode.Uri | undefined): GitRepository | undefined {
  if (uri && api.getRepository) {
    const repo = api.getRepository(uri);
    if (repo) return repo;
  }
  const path = uri?.fsPath;
  const inside = api.repositories.filter((r) => path && (path === r.rootUri.fsPath || path.startsWith(`${r.rootUri.fsPath}/`)));
  return (
    inside.sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0] ??
    (api.repositories.length === 1 ? api.repositories[0] : undefined)
  );
}

/** The default branch: the one the current branch was made from when Git knows it, else the usual names. */
async function defaultBranch(repo: GitRepository): Promise<string | undefined> {
  const head = repo.state.HEAD?.name;
  if (head && repo.getBranchBase) {
    const base = await repo.getBranchBase(head).catch(() => undefined);
    if (base?.name) return base.remote && !base.name.startsWith(`${base.remote}/`) ? `${base.remote}/${base.name}` : base.name;
  }
  const names = new Set(repo.state.refs.map((r) => r.name).filter((n): n is string => !!n));
  const remote = repo.state.HEAD?.upstream?.remote ?? 'origin';
  return [
    `${remote}/main`,
    `${remote}/master`,
    'main',
    'master',
    `${remote}/trunk`,
    'trunk',
    `${remote}/develop`,
    'develop',
  ].find((n) => names.has(n) && n !== head);
}

interface BaseChoice extends vscode.QuickPickItem {
  revision?: string;
  mergeBaseWith?: string;
  custom?: boolean;
}

async function pickBase(repo: GitRepository): Promise<{ revision: string; label: string } | undefined> {
  const fallback = await defaultBranch(repo);
  const items: BaseChoice[] = [];
  if (fallback)
    items.push({ label: `$(git-merge) Merge base with ${fallback}`, description: 'default', mergeBaseWith: fallback });
  items.push({
    label: '$(git-commit) HEAD',
    description: 'the last commit: what your uncommitted edits change',
    revision: 'HEAD',
  });
  const refs: GitRef[] = repo.state.refs.filter((r) => r.name && r.name !== repo.state.HEAD?.name).slice(0, 200);
  const kind = ['branch', 'remote branch', 'tag'];
  for (const r of refs)
    items.push({
      label: `$(${r.type === 2 ? 'tag' : 'git-branch'}) ${r.name}`,
      description: kind[r.type] ?? '',
      revision: r.name,
    });
  items.push({ label: '$(edit) Enter a revision…', custom: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'CAP Lens: Compare the designs with…',
    placeHolder: fallback ? `Merge base with ${fallback} (Enter)` : 'A branch, tag or commit',
  });
  if (!picked) return undefined;
  if (picked.custom) {
    const typed = await vscode.window.showInputBox({
      title: 'CAP Lens: Compare with revision',
      prompt: 'A branch, tag or commit (anything git understands)',
    });
    return typed ? { revision: typed.trim(), label: typed.trim() } : undefined;
  }
  if (picked.mergeBaseWith) return mergeBaseChoice(repo, picked.mergeBaseWith);
  return { revision: picked.revision!, label: picked.revision! };
}

async function mergeBaseChoice(repo: GitRepository, branch: string): Promise<{ revision: string; label: string }> {
  const base = await repo.getMergeBase('HEAD', branch);
  if (!base) throw new Error(`HEAD and ${branch} have no common ancestor.`);
  return { revision: base, label: `merge base with ${branch} (${base.slice(0, 8)})` };
}

async function compare(
  review: typeof Review,
  settings: RuleSettingsCache,
  args: CompareArgs,
): Promise<CompareResult | undefined> {
  const api = await gitApi();
  const target = args.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
  const repo = repositoryOf(api, target);
  if (!repo) throw new Error('no Git repository holds this file: open a design in a repository to compare it.');
  let choice: { revision: string; label: string } | undefined;
  if (args.base === undefined) choice = await pickBase(repo);
  else if (args.base === 'merge-base') {
    const branch = await defaultBranch(repo);
    if (!branch) throw new Error('no default branch found (main, master, trunk or develop): name a revision.');
    choice = await mergeBaseChoice(repo, branch);
  } else choice = { revision: args.base, label: args.base };
  if (!choice) return undefined;
  await settings.loaded();

  // Files that differ on disk, plus open design documents with unsaved edits.
  const changes = await repo.diffWith(choice.revision);
  const byPath = new Map<
    string,
    { uri?: vscode.Uri; oldUri?: vscode.Uri; status: 'added' | 'deleted' | 'modified' | 'renamed' }
  >();
  for (const c of Array.isArray(changes) ? changes : []) {
    const deleted = c.status === 2 || c.status === 6;
    const added = c.status === 1 || c.status === 7;
    const renamed = !!c.renameUri && c.renameUri.toString() !== c.originalUri.toString();
    const uri = deleted ? undefined : (c.renameUri ?? c.uri);
    const key = (uri ?? c.originalUri).fsPath;
    if (!isDesignPath(key) && !isDesignPath(c.originalUri.fsPath)) continue;
    byPath.set(key, {
      uri,
      oldUri: added ? undefined : c.originalUri,
      status: deleted ? 'deleted' : added ? 'added' : renamed ? 'renamed' : 'modified',
    });
  }
  for (const doc of vscode.workspace.textDocuments) {
    if (
      doc.isDirty &&
      doc.uri.scheme === 'file' &&
      isDesignPath(doc.uri.fsPath) &&
      isInsideFolder(doc.uri.fsPath, repo.rootUri.fsPath) &&
      !byPath.has(doc.uri.fsPath)
    )
      byPath.set(doc.uri.fsPath, { uri: doc.uri, oldUri: doc.uri, status: 'modified' });
  }

  const files: Review.FileDiff[] = [];
  const uriOf = new Map<string, vscode.Uri>();
  const rel = (uri: vscode.Uri) =>
    uri.fsPath
      .slice(repo.rootUri.fsPath.length + 1)
      .split('\\')
      .join('/');
  for (const [, f] of [...byPath].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const headText = f.uri ? await readCurrent(f.uri) : undefined;
    const baseText = f.oldUri ? await repo.show(choice.revision, rel(f.oldUri)).catch(() => undefined) : undefined;
    const path = vscode.workspace.asRelativePath(f.uri ?? f.oldUri!, false);
    const head = f.uri && holdsDesign(f.uri.fsPath, headText) ? headText : undefined;
    const base = f.oldUri && holdsDesign(f.oldUri.fsPath, baseText) ? baseText : undefined;
    if (head === undefined && base === undefined) continue;
    const overrides = settings.overridesFor(f.uri ?? f.oldUri);
    const at = (f.uri ?? f.oldUri)!.fsPath;
    if (f.uri) uriOf.set(path, f.uri);
    const oldPath = f.status === 'renamed' && f.oldUri ? vscode.workspace.asRelativePath(f.oldUri, false) : undefined;
    files.push({
      path,
      ...(oldPath ? { oldPath } : {}),
      status: baseText === undefined ? 'added' : f.status,
      designs: review.diffDesignLists(
        base === undefined ? [] : review.designVersions(at, base, overrides),
        head === undefined ? [] : review.designVersions(at, head, overrides),
      ),
    });
  }

  // Lines of the working copy link to the editor; the old version's lines have no editor to open.
  const markdown = review.diffMarkdown(files, {
    base: choice.label,
    head: 'working copy',
    link: (path, line, version) => (version === 'head' && uriOf.has(path) ? locationLink(uriOf.get(path)!, line) : undefined),
  });
  const body = files.length
    ? await vscode.commands.executeCommand<string>('markdown.api.render', markdown)
    : `<p>No design file differs from ${escapeHtml(choice.label)}.</p>`;
  ComparePanel.show(`CAP Lens: ${choice.label.length > 40 ? `${choice.label.slice(0, 39)}…` : choice.label}`, body);
  return { base: choice.revision, markdown, files: files.length };
}

/** The text of a file as the user sees it: the open editor's (unsaved edits included), else the disk's. */
async function readCurrent(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
