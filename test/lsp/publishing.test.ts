/**
 * Publishing and scheduling over stdio: only files whose diagnostics changed are published, a change
 * superseded before its debounce ends is never published, and settings (pulled with
 * workspace/configuration, or given as initializationOptions) change severity and when analysis runs.
 * A "nothing was published" claim is proven by the next message for that URI, never by waiting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { StatusParams } from '../../server/src/protocol';
import { startInitialized, type LspTestClient } from './helpers/lsp-client';
import { deployment, nlbService, workspace } from './helpers/workspace';

const T = { timeout: 30_000 };

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code)).sort();
}

async function quiet(client: LspTestClient): Promise<void> {
  await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.frontends > 0);
}

describe('publishing only what changed', () => {
  it('after an edit, only the files whose diagnostics changed are published', T, async (t) => {
    // Three Services on disk; the open Deployment is the backend of `b` only.
    const ws = workspace({ 'a.yaml': nlbService('a', { nodePort: 31001 }), 'b.yaml': nlbService('b', { nodePort: 31002 }), 'c.yaml': nlbService('c', { nodePort: 31003 }), 'deploy.yaml': deployment('b', 'b', 2) });
    const { client } = await startInitialized(ws.root);
    t.after(() => client.dispose());
    const deploy = ws.uri('deploy.yaml');
    await client.open(deploy, 'yaml', deployment('b', 'b', 2), 1);
    await client.waitForDiagnostics(deploy, (p) => p.version === 1);
    await quiet(client);
    const b = await client.waitForDiagnostics(ws.uri('b.yaml'));
    const before = client.diagnosticsHistory.length;

    await client.change(deploy, 2, deployment('b', 'b', 12));
    await client.waitForDiagnostics(deploy, (p) => p.version === 2);
    await client.hover(deploy, { line: 0, character: 0 }); // a round trip: what the analysis published has arrived
    const published = client.diagnosticsHistory.slice(before);
    assert.deepEqual(published.map((p) => p.uri).sort(), [ws.uri('b.yaml'), deploy].sort(), JSON.stringify(published.map((p) => p.uri)));
    const bAfter = published.find((p) => p.uri === ws.uri('b.yaml'))!;
    assert.equal(bAfter.version, undefined, 'a file that is not open is published without a version');
    assert.notDeepEqual(bAfter.diagnostics, b.diagnostics);

    // An edit that changes nothing else publishes the edited document alone, once, for its new version.
    const before2 = client.diagnosticsHistory.length;
    await client.change(deploy, 3, `# a comment\n${deployment('b', 'b', 12)}`);
    await client.waitForDiagnostics(deploy, (p) => p.version === 3);
    await client.hover(deploy, { line: 0, character: 0 });
    assert.deepEqual(client.diagnosticsHistory.slice(before2).map((p) => [p.uri, p.version]), [[deploy, 3]]);
    await client.shutdown();
  });

  it('a change superseded before its debounce ends is never published', T, async (t) => {
    const ws = workspace({});
    const { client } = await startInitialized(ws.root, { initializationOptions: { debounceMs: 100 } });
    t.after(() => client.dispose());
    const uri = ws.uri('svc.yaml');
    await client.open(uri, 'yaml', nlbService('s'), 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    await client.change(uri, 2, nlbService('s', { crossZone: false }));
    await client.change(uri, 3, nlbService('s'));
    const next = await client.waitForDiagnostics(uri);
    assert.equal(next.version, 3, 'the next publish for the document is for version 3');
    assert.deepEqual(codes(next), ['HP101', 'HP103']);
    assert.ok(!client.diagnosticsHistory.some((p) => p.uri === uri && p.version === 2));
    await client.shutdown();
  });
});

describe('settings', () => {
  it('severity thresholds from workspace/configuration, re-read on didChangeConfiguration', T, async (t) => {
    const ws = workspace({});
    // HP101 here is 1 in 6 (0.17): an error by default, a warning when errors start at 0.5.
    const { client } = await startInitialized(ws.root, { configuration: { severity: { error: 0.5, warning: 0.0001 } } });
    t.after(() => client.dispose());
    const uri = ws.uri('svc.yaml');
    await client.open(uri, 'yaml', nlbService('s'), 1);
    const hp101 = (p: PublishDiagnosticsParams) => p.diagnostics.find((d) => d.code === 'HP101')?.severity;
    await client.waitForDiagnostics(uri, (p) => hp101(p) === DiagnosticSeverity.Warning);

    await client.setConfiguration({ severity: { error: 0.01 } });
    const after = await client.waitForDiagnostics(uri);
    assert.equal(hp101(after), DiagnosticSeverity.Error);
    await client.shutdown();
  });

  it('a client without workspace/configuration gets its settings from initializationOptions (Neovim)', T, async (t) => {
    const { client } = await startInitialized(workspace({}).root, { initializationOptions: { severity: { error: 0.5 } } });
    t.after(() => client.dispose());
    const uri = 'file:///tmp/hairpin-init-options/svc.yaml';
    await client.open(uri, 'yaml', nlbService('s'), 1);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.equal(p.diagnostics.find((d) => d.code === 'HP101')?.severity, DiagnosticSeverity.Warning);
    await client.shutdown();
  });

  it('run: onSave defers analysis to the save; a save without a change publishes nothing', T, async (t) => {
    const ws = workspace({});
    const { client } = await startInitialized(ws.root, { configuration: { run: 'onSave' } });
    t.after(() => client.dispose());
    const uri = ws.uri('svc.yaml');
    await client.open(uri, 'yaml', nlbService('s'), 1);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 1)), ['HP101', 'HP103']);
    await quiet(client);

    await client.change(uri, 2, nlbService('s', { crossZone: false }));
    // Hover answers from the last analysis without analysing the unsaved text (positions would not match it).
    assert.equal(await client.hover(uri, { line: 7, character: 10 }), null);
    await client.save(uri);
    const saved = await client.waitForDiagnostics(uri);
    assert.equal(saved.version, 2, 'nothing was published for the edit before the save');
    assert.deepEqual(codes(saved), ['HP101']);

    await client.save(uri);
    await client.change(uri, 3, nlbService('s'));
    await client.save(uri);
    const next = await client.waitForDiagnostics(uri);
    assert.equal(next.version, 3, 'the save without a change published nothing');
    await client.shutdown();
  });
});
