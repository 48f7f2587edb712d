// The handshake panel's HTML shell (client/src/handshake-html.ts): the CSP, the nonce, no data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handshakeCsp, handshakeHtml } from '../../client/src/handshake-html';

const options = { cspSource: 'https://*.vscode-cdn.net', nonce: 'abc+/=', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js?a=1&b="2"', styleUri: 'https://x.vscode-cdn.net/media/handshake.css' };

describe('handshake panel HTML', () => {
  it("has a CSP of default-src 'none', styles from the webview's origin and scripts only with the nonce", () => {
    assert.equal(handshakeCsp(options), "default-src 'none'; style-src https://*.vscode-cdn.net; script-src 'nonce-abc+/='; base-uri 'none'; form-action 'none'");
    const html = handshakeHtml(options);
    assert.ok(html.includes(`content="default-src 'none'; style-src https://*.vscode-cdn.net; script-src 'nonce-abc+/='; base-uri 'none'; form-action 'none'"`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|https:;|\*;/);
  });

  it('loads one script, with the nonce, and one stylesheet; attribute values are escaped', () => {
    const html = handshakeHtml(options);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script nonce="abc+/=" src="https://x.vscode-cdn.net/dist/webview.js?a=1&amp;b=&quot;2&quot;">']);
    assert.equal([...html.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].length, 1);
    assert.doesNotMatch(html, /\s(style|on\w+)=/);
  });
});
