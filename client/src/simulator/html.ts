// The simulator webview's HTML and Content Security Policy. Pure, so the Chromium tests serve exactly the
// page (and policy) the panel does.

export interface SimulatorHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** `webview.asWebviewUri` of dist/webview.js and dist/webview.css. */
  scriptUri: string;
  styleUri: string;
  /** A fresh random value per page load. */
  nonce: string;
  /** The simulator (default), or the counterexample view of a Jepsen history. */
  view?: 'simulator' | 'history';
}

/**
 * Nothing may load but our own script and stylesheet: no remote resources, no inline script, no eval (there is
 * no 'unsafe-eval'). Styles from our origin or carrying the nonce; images from our origin or data: URLs. The
 * simulation worker starts from a blob: URL made from code our own script carries (a webview cannot start a
 * worker from its resource origin, which is not the page's): `worker-src blob:` allows exactly that.
 */
export function contentSecurityPolicy({ cspSource, nonce }: Pick<SimulatorHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `worker-src blob:`,
  ].join('; ');
}

export function simulatorHtml(options: SimulatorHtmlOptions): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}" nonce="${attr(options.nonce)}">
<title>${options.view === 'history' ? 'CAP Lens History' : 'CAP Lens Simulator'}</title>
</head>
<body>
<div id="app" data-view="${options.view ?? 'simulator'}" aria-busy="true"><p class="loading">Loading the ${options.view === 'history' ? 'history' : 'simulator'}…</p></div>
<script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 characters from [A-Za-z0-9], from the platform's cryptographic generator. */
export function createNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
