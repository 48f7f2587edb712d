import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType, DidChangeWatchedFilesNotification } from 'vscode-languageserver-protocol';
import { startInitialized } from './helpers/lsp-client';

const FIXTURES = join(__dirname, '..', 'fixtures', 'k8s-extra', 'gateway-api');
const T = { timeout: 20_000 };

describe('workspace index', () => {
  it('files nobody opened are read at start: a gateway joined to a route and Service in another folder gets its findings', T, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-index-'));
    mkdirSync(join(dir, 'gateway'));
    mkdirSync(join(dir, 'apps'));
    cpSync(join(FIXTURES, 'gateway.yaml'), join(dir, 'gateway', 'gateway.yaml'));
    cpSync(join(FIXTURES, 'routes.yaml'), join(dir, 'apps', 'routes.yaml'));
    const { client } = await startInitialized(pathToFileURL(dir).href);
    t.after(() => client.dispose());
    const gatewayUri = pathToFileURL(join(dir, 'gateway', 'gateway.yaml')).href;
    const routesUri = pathToFileURL(join(dir, 'apps', 'routes.yaml')).href;
    // HP103 sits on the cross-zone attribute of the gateway's configuration; HP101 on the target type
    // in the TargetGroupConfiguration next to the route, the value that makes preservation default on.
    const first = await client.waitForDiagnostics(gatewayUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['HP103']);
    assert.ok(first.diagnostics.every((d) => d.range.start.line > 0), 'positions come from the file on disk');
    const onRoutes = await client.waitForDiagnostics(routesUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(onRoutes.diagnostics.map((d) => d.code), ['HP101']);

    // The route's Service switches to Local on disk; the watcher event re-reads it and the verdict changes.
    const routes = join(dir, 'apps', 'routes.yaml');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace('type: NodePort', 'type: NodePort\n  externalTrafficPolicy: Local'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(routes).href, type: FileChangeType.Changed }] });
    const after = await client.waitForDiagnostics(routesUri, (p) => p.diagnostics.some((d) => d.code === 'HP101' && /1 in 3/.test(String(d.message))));
    assert.ok(after);
    await client.shutdown();
  });
});
