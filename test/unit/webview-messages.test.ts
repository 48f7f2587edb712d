// The webview <-> extension messages (client/webview/messages.ts): what the extension accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFromWebview, isToWebview, WHAT_IF_IDS } from '../../client/webview/messages';

describe('webview messages', () => {
  it('knows every what-if id the server does', () => {
    assert.deepEqual([...WHAT_IF_IDS].sort(), ['backend-proxy-protocol', 'disable-cross-zone', 'disable-preservation', 'disable-proxy-protocol', 'enable-proxy-protocol', 'ip-targets', 'local-policy', 'lower-backend-idle-timeout', 'proxy-protocol', 'raise-listener-idle-timeout', 'service-direct']);
  });

  it('accepts well-formed messages from the webview', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'whatIfs', whatIfs: ['disable-preservation', 'local-policy'], client: 'pod@n1' },
      { type: 'whatIfs', whatIfs: [], client: 'pod@n1' },
      { type: 'selectClient', client: 'pod@n2' },
      { type: 'exportSvg', svg: '<svg/>', name: 'a.svg' },
      { type: 'reveal', location: { uri: 'file:///a.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } },
    ]) assert.ok(isFromWebview(m), JSON.stringify(m));
  });

  it('rejects unknown types, unknown what-ifs and missing fields', () => {
    for (const m of [
      null,
      'ready',
      { type: 'eval', code: '1' },
      { type: 'whatIfs', whatIfs: ['rm -rf'], client: 'pod@n1' },
      { type: 'whatIfs', whatIfs: 'disable-preservation', client: 'pod@n1' },
      { type: 'whatIfs', whatIfs: ['__proto__'], client: 'pod@n1' },
      { type: 'selectClient' },
      { type: 'exportSvg', svg: 1, name: 'a.svg' },
      { type: 'reveal', location: 'file:///etc/passwd' },
    ]) assert.equal(isFromWebview(m), false, JSON.stringify(m));
    assert.equal(isToWebview({ type: 'trace' }), true);
    assert.equal(isToWebview({ type: 'whatIfs' }), false);
  });
});
