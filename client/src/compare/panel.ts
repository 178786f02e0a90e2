// The "Compare with …" panel: the design diff's Markdown (the pull-request comment `cap-lens diff --format md`
// writes) rendered by VS Code's own Markdown engine, in a webview that runs no script. Its links to lines are
// command links to `capLens.openLocation`, the only command the webview may run.

import * as vscode from 'vscode';

export const OPEN_LOCATION_COMMAND = 'capLens.openLocation';

/** A command link the panel may follow: opens `uri` at a 1-based line. */
export function locationLink(uri: vscode.Uri, line: number): string {
  return `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([uri.toString(), line]))}`;
}

/** The panel's page: the rendered diff and a stylesheet that follows the theme; nothing can load or run. */
export function comparePanelHtml(body: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>CAP Lens: Compare</title>
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; line-height: 1.5; }
a { color: var(--vscode-textLink-foreground); }
code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--vscode-textCodeBlock-background); }
details { margin: 10px 0; border-left: 3px solid var(--vscode-panel-border, #8884); padding-left: 10px; }
summary { cursor: pointer; }
</style>
</head>
<body class="cap-lens-compare">
${body}
</body>
</html>`;
}

export class ComparePanel {
  static readonly viewType = 'capLens.compare';
  private static current: ComparePanel | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel) {
    panel.onDidDispose(() => {
      if (ComparePanel.current === this) ComparePanel.current = undefined;
    });
  }

  /** Shows `html` (a rendered diff) in the one compare panel, created beside the editor if needed. */
  static show(title: string, body: string): vscode.WebviewPanel {
    if (!ComparePanel.current) {
      const panel = vscode.window.createWebviewPanel(
        ComparePanel.viewType,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableCommandUris: [OPEN_LOCATION_COMMAND], localResourceRoots: [] },
      );
      ComparePanel.current = new ComparePanel(panel);
    }
    const panel = ComparePanel.current.panel;
    panel.title = title;
    panel.webview.html = comparePanelHtml(body, panel.webview.cspSource);
    panel.reveal(undefined, true);
    return panel;
  }
}
