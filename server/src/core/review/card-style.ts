// The review card's stylesheet, written once and used by every host: the Markdown preview in VS Code (where the
// `--vscode-*` theme variables exist, so the card follows the theme, high contrast included) and pages built by
// `cap-lens report doc.md --format html` (where the light or dark defaults apply, by the reader's preference).
// Every rule is scoped under `.cap-lens-card`, and the text holds no blank line (it sits in a Markdown HTML block).

/** Light defaults; VS Code's theme variables win wherever they are defined. */
const LIGHT = {
  fg: 'var(--vscode-editor-foreground,#24292f)',
  muted: 'var(--vscode-descriptionForeground,#57606a)',
  canvas: 'var(--vscode-editor-background,#ffffff)',
  // Panels (table headers, region columns) are the text colour over the background: visible in every theme.
  panel: 'color-mix(in srgb,var(--cap-lens-fg) 9%,var(--cap-lens-canvas))',
  'panel-alt': 'color-mix(in srgb,var(--cap-lens-fg) 5%,var(--cap-lens-canvas))',
  border: 'var(--vscode-widget-border,var(--vscode-panel-border,#d0d7de))',
  ok: 'var(--vscode-testing-iconPassed,#1a7f37)',
  bad: 'var(--vscode-errorForeground,#cf222e)',
  warn: 'var(--vscode-editorWarning-foreground,#9a6700)',
  info: 'var(--vscode-editorInfo-foreground,#0969da)',
  link: 'var(--vscode-textLink-foreground,#0969da)',
  neutral: 'var(--vscode-disabledForeground,#8c959f)',
};

const DARK: typeof LIGHT = {
  fg: 'var(--vscode-editor-foreground,#e6edf3)',
  muted: 'var(--vscode-descriptionForeground,#9198a1)',
  canvas: 'var(--vscode-editor-background,#0d1117)',
  // Panels (table headers, region columns) are the text colour over the background: visible in every theme.
  panel: 'color-mix(in srgb,var(--cap-lens-fg) 9%,var(--cap-lens-canvas))',
  'panel-alt': 'color-mix(in srgb,var(--cap-lens-fg) 5%,var(--cap-lens-canvas))',
  border: 'var(--vscode-widget-border,var(--vscode-panel-border,#3d444d))',
  ok: 'var(--vscode-testing-iconPassed,#3fb950)',
  bad: 'var(--vscode-errorForeground,#f85149)',
  warn: 'var(--vscode-editorWarning-foreground,#d29922)',
  info: 'var(--vscode-editorInfo-foreground,#4493f8)',
  link: 'var(--vscode-textLink-foreground,#4493f8)',
  neutral: 'var(--vscode-disabledForeground,#6e7681)',
};

const variables = (palette: typeof LIGHT) =>
  Object.entries(palette)
    .map(([name, value]) => `--cap-lens-${name}:${value};`)
    .join('');

export const CARD_CSS = [
  `.cap-lens-card{${variables(LIGHT)}color:var(--cap-lens-fg);background:var(--cap-lens-canvas);border:1px solid var(--cap-lens-border);border-left:4px solid var(--cap-lens-ok);border-radius:6px;padding:8px 14px 10px;margin:8px 0 20px;font-size:.93em;line-height:1.45}`,
  `@media (prefers-color-scheme:dark){.cap-lens-card{${variables(DARK)}}}`,
  // VS Code says which kind of theme is active on the preview's body: it beats the system preference.
  `body.vscode-light .cap-lens-card{${variables(LIGHT)}}`,
  `body.vscode-dark .cap-lens-card{${variables(DARK)}}`,
  `body.vscode-high-contrast .cap-lens-card{border-color:var(--vscode-contrastBorder,currentColor)}`,
  `.cap-lens-card.cap-lens-has-error{border-left-color:var(--cap-lens-bad)}`,
  `.cap-lens-card.cap-lens-has-warning{border-left-color:var(--cap-lens-warn)}`,
  `.cap-lens-card .cap-lens-head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline;margin-bottom:6px}`,
  `.cap-lens-card .cap-lens-brand{font-weight:600;color:var(--cap-lens-muted);font-size:.85em;letter-spacing:.04em;text-transform:uppercase}`,
  `.cap-lens-card .cap-lens-system{font-weight:600}`,
  `.cap-lens-card .cap-lens-verdict{font-weight:600}`,
  `.cap-lens-card .cap-lens-ok{color:var(--cap-lens-ok)}`,
  `.cap-lens-card .cap-lens-error{color:var(--cap-lens-bad)}`,
  `.cap-lens-card .cap-lens-warning{color:var(--cap-lens-warn)}`,
  `.cap-lens-card .cap-lens-info{color:var(--cap-lens-info)}`,
  `.cap-lens-card .cap-lens-muted{color:var(--cap-lens-muted);font-weight:normal}`,
  `.cap-lens-card h4{font-size:1em;margin:10px 0 4px;font-weight:600}`,
  `.cap-lens-card .cap-lens-meta{color:var(--cap-lens-muted);font-weight:normal;margin-left:6px}`,
  `.cap-lens-card table{border-collapse:collapse;margin:4px 0 6px;width:auto;display:table}`,
  `.cap-lens-card th,.cap-lens-card td{border:1px solid var(--cap-lens-border);padding:3px 8px;text-align:left;vertical-align:top}`,
  `.cap-lens-card th{background:var(--cap-lens-panel);font-weight:600}`,
  `.cap-lens-card tr.cap-lens-row-bad td{color:var(--cap-lens-bad)}`,
  `.cap-lens-card td.cap-lens-verdict-cell,.cap-lens-card td:nth-child(2){white-space:nowrap}`,
  `.cap-lens-card code{font-family:var(--vscode-editor-font-family,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace);font-size:.92em}`,
  `.cap-lens-card a{color:var(--cap-lens-link)}`,
  `.cap-lens-card p.cap-lens-why{margin:2px 0 6px;color:var(--cap-lens-muted);font-style:italic}`,
  `.cap-lens-card ul.cap-lens-findings{margin:4px 0 6px;padding-left:18px}`,
  `.cap-lens-card ul.cap-lens-findings li{margin:2px 0}`,
  `.cap-lens-card figure{margin:6px 0;overflow-x:auto}`,
  `.cap-lens-card figure svg{max-width:100%;height:auto}`,
  `.cap-lens-card pre.cap-lens-source{background:var(--cap-lens-panel);padding:6px 10px;border-radius:4px;overflow-x:auto;margin:6px 0;white-space:pre}`,
  `.cap-lens-card pre.cap-lens-source .cap-lens-ln{color:var(--cap-lens-muted);display:inline-block;min-width:3ch;text-align:right;margin-right:10px;user-select:none}`,
  `.cap-lens-card pre.cap-lens-source .cap-lens-bad-line{display:inline-block;min-width:100%;background:color-mix(in srgb,var(--cap-lens-bad) 14%,transparent)}`,
  `.cap-lens-card pre.cap-lens-source .cap-lens-caret{color:var(--cap-lens-bad)}`,
].join('\n');
