/**
 * The workspace index runs in the background: the opened file is answered first, progress is reported,
 * cross-file links fill in when the index completes, and the index honours its file limit, `exclude`,
 * and a `.hairpin.yaml` changed on disk. Every wait is for a message; nothing sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import type { StatusParams } from '../../server/src/protocol';
import { startInitialized, type ClientEvent } from './helpers/lsp-client';
import { deployment, fillers, nlbService, workspace } from './helpers/workspace';

const T = { timeout: 120_000 };

function position(events: readonly ClientEvent[], match: (e: ClientEvent) => boolean): number {
  const i = events.findIndex(match);
  assert.ok(i >= 0, `no such event in ${events.length} events`);
  return i;
}

describe('background workspace index', () => {
  it('the opened file gets its diagnostics before the index of a few thousand files ends; links fill in after', T, async (t) => {
    // The Service's Deployment (12 replicas, a pod on every node) sits in a folder the index reaches last.
    const ws = workspace({ 'apps/gateway.yaml': nlbService('gw', { app: 'gw' }), 'zz/late/deploy.yaml': deployment('gw', 'gw', 12), ...fillers(3000) });
    const { client } = await startInitialized(ws.root, { capabilities: { window: { workDoneProgress: true } } });
    t.after(() => client.dispose());
    const uri = ws.uri('apps/gateway.yaml');
    await client.open(uri, 'yaml', nlbService('gw', { app: 'gw' }), 1);

    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'HP101'));
    await client.waitForNotification<{ kind: string }>('$/progress', (p) => p.kind === 'end');
    const events = client.events;
    const firstPublish = position(events, (e) => e.kind === 'diagnostics' && e.params.uri === uri);
    const begin = position(events, (e) => e.kind === 'progress' && e.value.kind === 'begin');
    const end = position(events, (e) => e.kind === 'progress' && e.value.kind === 'end');
    assert.ok(firstPublish < end, `the open file's first publish (event ${firstPublish}) came after the index ended (event ${end})`);
    assert.ok(begin < end);
    const reports = events.filter((e) => e.kind === 'progress' && e.value.kind === 'report');
    assert.ok(reports.length > 0, 'progress reports while indexing');
    for (const r of reports) if (r.kind === 'progress' && r.value.kind === 'report') assert.match(r.value.message ?? '', /^\d+ files read \/ \d+ files found$/);

    // Once the index has read the Deployment, the Service is simulated with its replicas.
    const linked = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'HP101' && d.message !== first.diagnostics.find((x) => x.code === 'HP101')!.message));
    assert.equal(linked.version, 1);
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.index?.read === 3002);
    assert.deepEqual(status.index, { read: 3002, found: 3002, limit: 5000, truncated: false });
    await client.shutdown();
  });

  it('index.maxFiles stops the index, and the status says it was truncated', T, async (t) => {
    const ws = workspace(fillers(30, 3));
    const { client } = await startInitialized(ws.root, { initializationOptions: { index: { maxFiles: 10 } } });
    t.after(() => client.dispose());
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && !!s.index);
    assert.equal(status.index?.truncated, true);
    assert.equal(status.index?.read, 10);
    assert.equal(status.index?.limit, 10);
    assert.ok(status.index!.found > 10);
    await client.shutdown();
  });

  it('exclude globs keep files out of the index', T, async (t) => {
    const ws = workspace({ 'a/one.yaml': nlbService('one'), 'vendor/two.yaml': nlbService('two', { nodePort: 31381 }), 'b/gen/three.yaml': nlbService('three', { nodePort: 31382 }), 'b/four.yaml': nlbService('four', { nodePort: 31383 }) });
    const { client } = await startInitialized(ws.root, { configuration: { exclude: ['vendor', 'b/**/gen/**'] } });
    t.after(() => client.dispose());
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.frontends > 0);
    assert.equal(status.frontends, 2, JSON.stringify(status));
    assert.deepEqual(status.index, { read: 2, found: 2, limit: 5000, truncated: false });
    await client.shutdown();
  });

  it('a .hairpin.yaml written on disk is watched (registered dynamically) and re-analyses', T, async (t) => {
    const ws = workspace({ 'gateway.yaml': nlbService('gw') });
    const { client } = await startInitialized(ws.root, { capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    t.after(() => client.dispose());
    const uri = ws.uri('gateway.yaml');
    const before = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(before.diagnostics.map((d) => d.code).sort(), ['HP101', 'HP103']);
    await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent);
    const watchers = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => (r.registerOptions as { watchers: { globPattern: string }[] }).watchers);
    assert.deepEqual(watchers.map((w) => w.globPattern), ['**/.hairpin.yaml']);

    ws.write('.hairpin.yaml', 'cluster:\n  cni: overlay\n');
    await client.fileEvents([{ uri: ws.uri('.hairpin.yaml'), type: FileChangeType.Created }]);
    const after = await client.waitForDiagnostics(uri);
    assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['HP102', 'HP103']);
    await client.shutdown();
  });
});
