import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startInitialized, type LspTestClient } from './helpers/lsp-client';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'istio-gateway', 'gateway-service.yaml'), 'utf8');
const T = { timeout: 20_000 };

async function workspaceWith(t: TestContext, config: string | undefined): Promise<{ client: LspTestClient; root: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-lsp-cfg-'));
  if (config !== undefined) writeFileSync(join(dir, '.hairpin.yaml'), config);
  const root = pathToFileURL(dir).href;
  const { client } = await startInitialized(root);
  t.after(() => client.dispose());
  return { client, root };
}

describe('language server and .hairpin.yaml', () => {
  it('reads the workspace root .hairpin.yaml: an overlay cluster turns HP101 into HP102, with its own node names', T, async (t) => {
    const { client, root } = await workspaceWith(t, 'cluster:\n  cni: overlay\n  zones: {a: [x1, x2], b: [y1, y2]}\n');
    const uri = `${root}/gateway.yaml`;
    await client.open(uri, 'yaml', EXAMPLE, 1);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    const codes = p.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['HP102', 'HP103', 'HP105']);
    const hp102 = p.diagnostics.find((d) => d.code === 'HP102')!;
    assert.match(String(hp102.message), /^1 in 4 connections through this NLB from a pod on x1/);
    await client.shutdown();
  });

  it('an open .hairpin.yaml applies as you type, and its errors are diagnostics on it', T, async (t) => {
    const { client, root } = await workspaceWith(t, undefined);
    const gateway = `${root}/gateway.yaml`;
    await client.open(gateway, 'yaml', EXAMPLE, 1);
    assert.ok((await client.waitForDiagnostics(gateway, (d) => d.version === 1)).diagnostics.some((d) => d.code === 'HP101'));

    const config = `${root}/.hairpin.yaml`;
    await client.open(config, 'yaml', 'cluster:\n  cni: overlay\n  colour: blue\n', 1);
    const own = await client.waitForDiagnostics(config, (d) => d.version === 1);
    assert.equal(own.diagnostics.length, 1, JSON.stringify(own.diagnostics));
    assert.match(String(own.diagnostics[0]!.message), /unknown key "cluster\.colour"/);
    assert.equal(own.diagnostics[0]!.range.start.line, 2);
    const after = await client.waitForDiagnostics(gateway, (d) => d.diagnostics.some((x) => x.code === 'HP102'));
    assert.ok(!after.diagnostics.some((d) => d.code === 'HP101'));

    // Closing the unsaved config goes back to what is on disk (nothing): T1 and HP101 again.
    await client.close(config);
    await client.waitForDiagnostics(gateway, (d) => d.diagnostics.some((x) => x.code === 'HP101'));
    await client.shutdown();
  });
});
