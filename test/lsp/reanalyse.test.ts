/**
 * `hairpin/reanalyse` ("Hairpin: Re-analyse Workspace") over stdio: files that changed behind the
 * watcher's back (no didChangeWatchedFiles) are read again, and a deleted one is forgotten.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ReanalyseRequestMethod, type ReanalyseResult } from '../../server/src/protocol';
import { REPO_ROOT, startInitialized, type LspTestClient } from './helpers/lsp-client';

const T = { timeout: 20_000 };
const EXAMPLE = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');

describe('hairpin/reanalyse over stdio', () => {
  let client: LspTestClient;
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hairpin-reanalyse-'));
    writeFileSync(join(dir, 'first.yaml'), EXAMPLE);
    ({ client } = await startInitialized(pathToFileURL(dir).href));
    await client.waitForDiagnostics(uri('first.yaml'), (p) => p.diagnostics.some((d) => d.code === 'HP101'));
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file added on disk without a watcher event and forgets a deleted one', T, async () => {
    writeFileSync(join(dir, 'second.yaml'), EXAMPLE.replace('istio-ingressgateway', 'second-gateway'));
    rmSync(join(dir, 'first.yaml'));
    const result = await client.sendRequest<ReanalyseResult>(ReanalyseRequestMethod, null);
    assert.deepEqual(result, { files: 1, truncated: false });
    await client.waitForDiagnostics(uri('second.yaml'), (p) => p.diagnostics.some((d) => d.code === 'HP101'));
    await client.waitForDiagnostics(uri('first.yaml'), (p) => p.diagnostics.length === 0);
  });
});
