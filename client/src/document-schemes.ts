// Which documents are the user's files. The Markdown and Jepsen-history detection looks only at these, never at
// output channels (`output`), Git's old versions (`git`) or other virtual documents that share a language.

/**
 * `file` (the disk, and vscode.dev's local folders), `untitled` (unsaved buffers), `vscode-vfs` (github.dev and
 * vscode.dev's Remote Repositories: `vscode-vfs://github/<owner>/<repo>/…`), `vscode-remote` (a remote
 * workspace seen from a browser extension host, as in code-server) and `vscode-test-web` (@vscode/test-web).
 */
export const WORKSPACE_SCHEMES: ReadonlySet<string> = new Set([
  'file',
  'untitled',
  'vscode-vfs',
  'vscode-remote',
  'vscode-test-web',
]);

export function isWorkspaceDocument(uri: { readonly scheme: string }): boolean {
  return WORKSPACE_SCHEMES.has(uri.scheme);
}
