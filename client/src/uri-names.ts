// File names of document URIs, for panel titles and messages. `node:path` does not exist in a browser extension
// host, and a URI's path is '/'-separated on every platform and file system (file, vscode-vfs, vscode-remote).

/** The last segment of the URI's path: `shop.cap.yaml` for `vscode-vfs://github/o/r/designs/shop.cap.yaml`. */
export function baseName(uri: { readonly path: string }): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** The extension of the URI's file name with its dot, as `path.extname` gives it (`.log`; '' when there is none). */
export function extName(uri: { readonly path: string }): string {
  const name = baseName(uri);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}
