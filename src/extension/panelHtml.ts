// The comparison panel's HTML, built in one place and free of `vscode` so it can be tested in
// plain Chromium. The report is never inlined: the host sends it by message after 'ready'.

export interface PanelHtmlOptions {
  /** `webview.cspSource` (e.g. `https://*.vscode-cdn.net`). */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/main.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/webview/panel.css. */
  styleUri: string;
  /** A fresh random nonce per render (crypto.randomBytes, base64). */
  nonce: string;
  title: string;
}

/** Escapes text for an HTML attribute or text node; only used for our own values, never report data. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The Content-Security-Policy the panel runs under. */
export function panelCsp(cspSource: string, nonce: string): string {
  // No 'unsafe-inline' for styles: Chart.js sizes its canvas through the CSSOM (element.style),
  // which CSP does not govern; only style attributes in markup and <style> elements are blocked.
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function panelHtml(opts: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(opts.nonce)) {
    // A nonce that could break out of the attribute, or is guessable, is a bug in the caller.
    throw new Error('panelHtml: nonce must be at least 16 base64 characters');
  }
  const csp = escapeHtml(panelCsp(opts.cspSource, opts.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="pp-loading">Loading the report…</p></main>
<script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
