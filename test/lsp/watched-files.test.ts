import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisState } from '../../server/src/lsp/analysis-state';
import { WorkspaceIndexer } from '../../server/src/lsp/indexer';
import { applyFileEvents } from '../../server/src/lsp/watchers';
import { realRoot } from '../../server/src/host/read-source';

/** Runs the language server's background index over `dir` into `state`; resolves when it is done. */
function indexInto(state: AnalysisState, dir: string): Promise<{ read: number; skipped: readonly { file: string; message: string }[] }> {
  return new Promise((resolve) => {
    const indexer: WorkspaceIndexer = new WorkspaceIndexer({
      file: (uri, text) => state.setDisk(uri, text),
      progress: (p) => p.done && resolve({ read: p.read, skipped: indexer.skipped }),
    });
    indexer.start({ folders: [pathToFileURL(dir).href], priorityUris: [], maxFiles: 1000, maxFileSize: 2_000_000, exclude: [] });
  });
}

/** Kind 4: watched-file events follow the same policy as the index and the CLI (host/read-source). */

const SEED = readFileSync(join(__dirname, '..', 'fixtures', 'k8s', 'seed.yaml'), 'utf8');
const T = { timeout: 20_000, skip: process.platform === 'win32' };

describe('watched-file events (kind 4)', () => {
  it('links outside the workspace and named pipes are not read; links inside are; nothing blocks', T, async () => {
    const outside = mkdtempSync(join(tmpdir(), 'hairpin-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), SEED.replace('istio-ingressgateway', 'outside'));
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-watch-'));
    writeFileSync(join(dir, 'real.yaml'), SEED);
    const state = new AnalysisState();
    const indexed = await indexInto(state, dir);
    assert.equal(indexed.read, 1);

    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'out.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    writeFileSync(join(dir, 'other.yaml'), SEED.replace('istio-ingressgateway', 'inside'));
    symlinkSync(join(dir, 'other.yaml'), join(dir, 'in.yaml'));
    const uri = (name: string) => pathToFileURL(join(dir, name)).href;
    applyFileEvents(['out.yaml', 'pipe.yaml', 'in.yaml'].map((n) => ({ uri: uri(n), type: FileChangeType.Created })), state, [realRoot(dir)!]);

    assert.equal(state.diskText(uri('out.yaml')), undefined);
    assert.equal(state.diskText(uri('pipe.yaml')), undefined);
    assert.ok(state.diskText(uri('in.yaml')));
    const names = state.analyze().frontends.map((a) => a.frontend.name).sort();
    assert.deepEqual(names, ['istio-system/inside', 'istio-system/istio-ingressgateway']);
  });

  it('the index follows the same policy: a link inside is read once, under its target; outside links and pipes get notices', T, async () => {
    const outside = mkdtempSync(join(tmpdir(), 'hairpin-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), SEED.replace('istio-ingressgateway', 'outside'));
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-index-'));
    writeFileSync(join(dir, 'real.yaml'), SEED);
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'alias.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'out.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const state = new AnalysisState();
    const indexed = await indexInto(state, dir);
    assert.equal(indexed.read, 1);
    assert.deepEqual(state.analyze().frontends.map((a) => a.frontend.name), ['istio-system/istio-ingressgateway']);
    const skipped = indexed.skipped.map((n) => `${n.file.split('/').pop()}: ${n.message}`).sort();
    assert.equal(skipped.length, 2, skipped.join('\n'));
    assert.match(skipped[0]!, /^out\.yaml: Skipped: symbolic link to .*outside the workspace/);
    assert.match(skipped[1]!, /^pipe\.yaml: Skipped: not a regular file/);
  });

  it('a UTF-16 file from a watched-file event is decoded, not called binary', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-watch-'));
    const state = new AnalysisState();
    await indexInto(state, dir);
    writeFileSync(join(dir, 'wide.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')]));
    applyFileEvents([{ uri: pathToFileURL(join(dir, 'wide.yaml')).href, type: FileChangeType.Created }], state, [realRoot(dir)!]);
    const r = state.analyze();
    assert.ok(r.findings.some((f) => f.ruleId === 'HP101'));
    assert.ok(!r.notices.some((n) => /binary/.test(n.message)));
  });

  it('an open document asking for a million replicas is analysed at once; its results replace the old ones (kind 1)', () => {
    const state = new AnalysisState();
    const uri = 'file:///w/gw.yaml';
    const deployment = (replicas: string) => `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw, namespace: istio-system}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {istio: ingressgateway}\n`;
    state.update(TextDocument.create(uri, 'yaml', 1, SEED + deployment('2')));
    const before = state.analyze().findings.find((f) => f.ruleId === 'HP101')!.probabilityExact;
    state.update(TextDocument.create(uri, 'yaml', 2, SEED + deployment('1000000')));
    const after = state.analyze();
    assert.ok(before);
    const pods = Object.values(after.frontends[0]!.cluster.endpoints.value).reduce((a, b) => a + b, 0);
    assert.equal(pods, 1_000_000);
    assert.equal(after.findings.find((f) => f.ruleId === 'HP101')!.probabilityExact, '1/6');
  });
});
