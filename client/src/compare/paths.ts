// Path tests for the compare command, on the file system paths VS Code gives (`Uri.fsPath`): `/` on POSIX,
// `\\` on Windows. No Node import, so the browser build can bundle the command too.

/** `path` is `folder` or below it (`/repo2/x` is not below `/repo`). */
export function isInsideFolder(path: string, folder: string): boolean {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
