/**
 * The handshake panel's HTML: a fixed shell with no data in it (the trace arrives by `postMessage`), so
 * nothing from the user's files is ever spliced into markup. Pure (no `vscode` import), so the webview
 * test renders exactly this in headless Chromium.
 *
 * CSP: nothing by default; styles only from the webview's resource origin (`cspSource`), the one script
 * only with this load's nonce (from `crypto.randomBytes`, see handshake-panel.ts). No inline styles, no
 * images, no `eval`.
 */
export interface HandshakeHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** `asWebviewUri(dist/webview.js)`. */
  readonly scriptUri: string;
  /** `asWebviewUri(media/handshake.css)`. */
  readonly styleUri: string;
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function handshakeCsp(o: Pick<HandshakeHtmlOptions, 'cspSource' | 'nonce'>): string {
  return `default-src 'none'; style-src ${o.cspSource}; script-src 'nonce-${o.nonce}'; base-uri 'none'; form-action 'none'`;
}

export function handshakeHtml(o: HandshakeHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(handshakeCsp(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Hairpin: failing handshake</title>
</head>
<body>
<main id="hairpin-handshake" class="hp-root" aria-label="Failing handshake"><p class="hp-status" role="status">Simulating the handshake…</p></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
