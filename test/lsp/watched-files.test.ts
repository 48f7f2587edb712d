import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Notice } from '../../server/src/core/model/workspace';
import { AnalysisState } from '../../server/src/lsp/analysis-state';
import { ClusterConfig } from '../../server/src/lsp/cluster-config';
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
    // A link inside is its target: read under the target's URI, as the index and the CLI read it.
    assert.equal(state.diskText(uri('in.yaml')), undefined);
    assert.ok(state.diskText(uri('other.yaml')));
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

  it('a link inside and its target, both named by events, are one file read under the target (as the index reads them)', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-watch-'));
    const state = new AnalysisState();
    await indexInto(state, dir);
    writeFileSync(join(dir, 'target.yaml'), SEED);
    symlinkSync(join(dir, 'target.yaml'), join(dir, 'alias.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'target.yaml'), join(dir, 'sub', 'deep-alias.yml'));
    const uri = (name: string) => pathToFileURL(join(dir, name)).href;
    // In either order, and again: the file is analysed once.
    applyFileEvents(['alias.yaml', 'target.yaml', 'sub/deep-alias.yml', 'alias.yaml'].map((n) => ({ uri: uri(n), type: FileChangeType.Changed })), state, [realRoot(dir)!]);
    const r = state.analyze();
    assert.deepEqual(r.frontends.map((a) => a.frontend.name), ['istio-system/istio-ingressgateway']);
    assert.equal(r.findings.filter((f) => f.ruleId === 'HP101').length, 1);
  });

  it('what an event names but Hairpin does not read is listed with the reason, and forgotten once it is readable', T, async () => {
    const outside = mkdtempSync(join(tmpdir(), 'hairpin-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), SEED);
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-watch-'));
    const state = new AnalysisState();
    await indexInto(state, dir);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    mkdirSync(join(dir, 'folder.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'out.yaml'));
    symlinkSync(join(dir, 'nothing.yaml'), join(dir, 'dangling.yaml'));
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    const names = ['pipe.yaml', 'folder.yaml', 'out.yaml', 'dangling.yaml', 'loop-a.yaml'];
    const uri = (name: string) => pathToFileURL(join(dir, name)).href;
    const skipped = new Map<string, Notice>();
    applyFileEvents(names.map((n) => ({ uri: uri(n), type: FileChangeType.Created })), state, [realRoot(dir)!], skipped);
    const reasons = Object.fromEntries([...skipped.values()].map((n) => [n.file.split('/').pop(), n.message]));
    assert.deepEqual(Object.keys(reasons).sort(), [...names].sort());
    assert.match(reasons['pipe.yaml']!, /not a regular file \(a named pipe\)/);
    assert.match(reasons['folder.yaml']!, /not a regular file \(a folder\)/);
    assert.match(reasons['out.yaml']!, /outside the workspace/);
    assert.match(reasons['dangling.yaml']!, /which does not exist \(a dangling link\)/);
    assert.match(reasons['loop-a.yaml']!, /a loop of symbolic links/);
    for (const n of skipped.values()) assert.equal(n.skipped, 'file');
    assert.deepEqual(state.analyze().frontends, []);
    // The dangling link's target appears: the link is read (as its target) and no longer listed.
    writeFileSync(join(dir, 'nothing.yaml'), SEED);
    applyFileEvents([{ uri: uri('dangling.yaml'), type: FileChangeType.Changed }], state, [realRoot(dir)!], skipped);
    assert.ok(![...skipped.keys()].some((k) => k.endsWith('dangling.yaml')));
    assert.equal(state.analyze().frontends.length, 1);
  });

  it('a .hairpin.yaml at the root that is not a regular file is reported, and the built-in cluster applies', T, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-config-'));
    execFileSync('mkfifo', [join(dir, '.hairpin.yaml')]);
    const config = new ClusterConfig();
    config.loadFromDisk(pathToFileURL(dir).href);
    assert.equal(config.overrides && Object.keys(config.overrides).length, 0);
    assert.match(config.notices[0]!.message, /Skipped: not a regular file \(a named pipe\)/);
    const missing = new ClusterConfig();
    missing.loadFromDisk(pathToFileURL(mkdtempSync(join(tmpdir(), 'hairpin-config-'))).href);
    assert.deepEqual(missing.notices, []);
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
