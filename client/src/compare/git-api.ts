// The slice of VS Code's built-in Git extension API (`vscode.git`, API version 1) that "Compare with …" uses,
// after extensions/git/src/api/git.d.ts in microsoft/vscode. Methods newer than VS Code 1.91 are optional and
// feature-tested before use.

import type * as vscode from 'vscode';

export interface GitRef {
  readonly type: number; // 0 head, 1 remote head, 2 tag
  readonly name?: string;
  readonly commit?: string;
  readonly remote?: string;
}

export interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
  /** Status enum: 1 INDEX_ADDED, 2 INDEX_DELETED, 3 INDEX_RENAMED, 6 DELETED, 7 UNTRACKED… */
  readonly status: number;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: (GitRef & { upstream?: { remote: string; name: string } }) | undefined;
    readonly refs: GitRef[];
  };
  show(ref: string, path: string): Promise<string>;
  getMergeBase(ref1: string, ref2: string): Promise<string | undefined>;
  getCommit(ref: string): Promise<{ hash: string }>;
  /** Files that differ between `ref` and the working tree. */
  diffWith(ref: string): Promise<GitChange[]>;
  /** The branch a branch was created from (VS Code 1.88+). */
  getBranchBase?(ref: string): Promise<GitRef | undefined>;
  getRefs?(query?: { pattern?: string }): Promise<GitRef[]>;
}

export interface GitApi {
  readonly repositories: GitRepository[];
  getRepository?(uri: vscode.Uri): GitRepository | null;
}

export interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
