/**
 * Issue 11, kind 5: one file, one URI. VS Code encodes `@ + & = $ , ; : ' ( ) ! *` in a file URI and
 * Node's `pathToFileURL` (the server's index) does not, so the open document and its copy from the
 * index were analysed as two files: two frontends, duplicate findings, and after an edit the disk copy's
 * stale findings stayed published. Here workspaces whose folder names hold those characters (and the
 * ones both encode alike: space, `#`, `%`, `[ ]`, non-ASCII) are opened in one spelling and indexed in
 * the other; every file must be analysed once, and published under the spelling the client used.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { FileChangeType, type CodeAction, type CodeLens, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { ExplainRequestMethod, FrontendsRequestMethod, TraceRequestMethod, type ExplainResult, type FrontendSummary, type StatusParams, type TraceResult } from '../../server/src/protocol';
import type { LspTestClient } from './helpers/lsp-client';
import { startInitialized } from './helpers/lsp-client';
import { deployment, nlbService } from './helpers/workspace';

const T = { timeout: 60_000 };

/** How VS Code spells a file URI (vscode-uri is VS Code's own URI code). */
const vscodeUri = (path: string) => URI.file(path).toString();
/** How Node spells it (`pathToFileURL`), as other clients may. */
const nodeUri = (path: string) => pathToFileURL(path).href;

/** Folder names, one per kind of character: encoded by VS Code only, by both, and not at all. */
const FOLDERS = ['team@corp', 'a+b&c=d', "it's (new)!", 'cost$;x,y:z', 'my infra #2', '100% [prod]', 'ünïcødé 日本', 'plain'];

interface Case {
  readonly name: string;
  readonly path: string;
}

/** A Service (HP101 and HP103) and its Deployment in each folder; distinct names and node ports. */
function writeWorkspace(root: string): Case[] {
  return FOLDERS.map((folder, i) => {
    const name = `svc${i}`;
    mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(join(root, folder, 'service.yaml'), nlbService(name, { nodePort: 31000 + i }));
    writeFileSync(join(root, folder, 'deploy.yaml'), deployment(name, name, 2));
    return { name, path: join(root, folder, 'service.yaml') };
  });
}

function codes(p: PublishDiagnosticsParams | undefined): string[] {
  return (p?.diagnostics ?? []).map((d) => String(d.code)).sort();
}

/** The last publish for each URI string, in the order the URIs were first published. */
function lastPublishes(client: LspTestClient): Map<string, PublishDiagnosticsParams> {
  const last = new Map<string, PublishDiagnosticsParams>();
  for (const p of client.diagnosticsHistory) last.set(p.uri, p);
  return last;
}

/** Every URI string that names this path, in any spelling, with what was last published under it. */
function publishesFor(client: LspTestClient, path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const canonical = vscodeUri(path);
  for (const [uri, p] of lastPublishes(client)) if (URI.parse(uri).toString() === canonical) out.set(uri, codes(p));
  return out;
}

async function indexed(client: LspTestClient, files: number): Promise<StatusParams> {
  return client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.index?.read === files && s.frontends > 0);
}

/** The names of the NLBs the server analyses (answered after pending edits are analysed). */
async function frontendNames(client: LspTestClient): Promise<string[]> {
  return (await client.sendRequest<FrontendSummary[]>(FrontendsRequestMethod, {})).map((f) => f.name).sort();
}

describe('one file, one URI (issue 11, kind 5)', () => {
  for (const spelling of [
    { client: 'VS Code', root: vscodeUri, doc: vscodeUri },
    // Node's spelling throughout is what the index used before, so this one guards the other half: the
    // server's own form differs from the client's, and publishes must still go to the client's.
    { client: 'Node-style', root: nodeUri, doc: nodeUri },
    { client: 'mixed (folders as Node, documents as VS Code)', root: nodeUri, doc: vscodeUri },
  ]) {
    it(`${spelling.client} spelling: an open document and its index copy are one file; after an edit nothing stale stays published`, T, async (t) => {
      const root = join(mkdtempSync(join(tmpdir(), 'hairpin-uri-')), 'work@space');
      const cases = writeWorkspace(root);
      const { client } = await startInitialized(spelling.root(root));
      t.after(() => client.dispose());
      await indexed(client, cases.length * 2);

      for (const [i, c] of cases.entries()) await client.open(spelling.doc(c.path), 'yaml', nlbService(c.name, { nodePort: 31000 + i }), 1);
      for (const c of cases) assert.deepEqual(codes(await client.waitForDiagnostics(spelling.doc(c.path), (p) => p.version === 1)), ['HP101', 'HP103'], c.path);
      const names = cases.map((c) => `default/${c.name}`).sort();
      assert.deepEqual(await frontendNames(client), names, 'one frontend per Service, not one per spelling');

      // Cross-zone off: HP103 goes; the disk copy (cross-zone on) must not keep it alive anywhere.
      for (const [i, c] of cases.entries()) await client.change(spelling.doc(c.path), 2, nlbService(c.name, { nodePort: 31000 + i, crossZone: false }));
      for (const c of cases) assert.deepEqual(codes(await client.waitForDiagnostics(spelling.doc(c.path), (p) => p.version === 2)), ['HP101'], c.path);
      // A round trip: what was published has arrived.
      assert.deepEqual(await frontendNames(client), names);
      for (const c of cases) {
        const shown = publishesFor(client, c.path);
        // The client sees one set of diagnostics for the file, under its own spelling; any other spelling is empty.
        assert.deepEqual(shown.get(spelling.doc(c.path)), ['HP101'], c.path);
        for (const [uri, list] of shown) if (uri !== spelling.doc(c.path)) assert.deepEqual(list, [], `stale diagnostics under ${uri}`);
      }
      await client.shutdown();
    });
  }

  it('a client with its own spelling gets it back: publishes, related files, code actions, code lenses, trace and explain; after close the disk copy shows again, once', T, async (t) => {
    const root = join(mkdtempSync(join(tmpdir(), 'hairpin-uri-')), 'team@corp+ops');
    const [c] = writeWorkspace(root);
    const path = c!.path;
    const mine = nodeUri(path);
    const canonical = vscodeUri(path);
    assert.notEqual(mine, canonical);
    const { client } = await startInitialized(nodeUri(root));
    t.after(() => client.dispose());
    await indexed(client, FOLDERS.length * 2);
    // Before it is open, the file's diagnostics are published under the one (canonical) URI.
    assert.deepEqual(codes(await client.waitForDiagnostics(canonical, (p) => p.diagnostics.length > 0)), ['HP101', 'HP103']);

    await client.open(mine, 'yaml', nlbService(c!.name, { nodePort: 31000 }), 1);
    const first = await client.waitForDiagnostics(mine, (p) => p.version === 1);
    assert.deepEqual(codes(first), ['HP101', 'HP103']);
    // The copy under the other spelling is cleared, so the client does not show both.
    assert.deepEqual(codes(await client.waitForDiagnostics(canonical)), []);
    const hp101 = first.diagnostics.find((d) => d.code === 'HP101')!;
    for (const r of hp101.relatedInformation ?? []) {
      if (URI.parse(r.location.uri).toString() === canonical) assert.equal(r.location.uri, mine, 'the open document is named as the client named it');
      else assert.equal(r.location.uri, URI.parse(r.location.uri).toString(), 'a file that is not open is named canonically');
    }

    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: mine }, range: hp101.range, context: { diagnostics: [hp101] } });
    const edited = actions.flatMap((a) => Object.keys(a.edit?.changes ?? {}).map((uri) => ({ title: a.title, uri })));
    assert.ok(edited.some((e) => e.uri === mine), JSON.stringify(actions));
    for (const e of edited) if (URI.parse(e.uri).toString() === canonical) assert.equal(e.uri, mine, e.title);
    const show = actions.find((a) => a.command?.title === 'Show failing handshake')!;
    assert.equal((show.command!.arguments![0] as { textDocument: { uri: string } }).textDocument.uri, mine);

    const [lens] = await client.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: mine } });
    assert.equal((lens!.command!.arguments![0] as { textDocument: { uri: string } }).textDocument.uri, mine);
    // The same requests in the other spelling find the same document.
    for (const asked of [mine, canonical]) {
      const trace = await client.sendRequest<TraceResult | null>(TraceRequestMethod, { textDocument: { uri: asked }, position: hp101.range.start });
      assert.ok(trace, asked);
      assert.equal(trace.location.uri, mine);
      assert.equal(trace.file, mine);
      const explain = await client.sendRequest<ExplainResult | null>(ExplainRequestMethod, { textDocument: { uri: asked }, position: hp101.range.start });
      assert.ok(explain, asked);
      assert.equal(explain.location.uri, mine);
    }

    // A watched-file event in yet another spelling re-reads the disk copy; it stays hidden by the open document.
    await client.fileEvents([{ uri: mine.replace('@', '%40'), type: FileChangeType.Changed }]);
    await client.change(mine, 2, nlbService(c!.name, { nodePort: 31000, crossZone: false }));
    assert.deepEqual(codes(await client.waitForDiagnostics(mine, (p) => p.version === 2)), ['HP101']);
    assert.equal((await frontendNames(client)).length, FOLDERS.length);

    // Closed: the client's spelling is cleared, and the disk copy (cross-zone still on) is published once, canonically.
    await client.close(mine);
    assert.deepEqual(codes(await client.waitForDiagnostics(mine)), []);
    assert.deepEqual(codes(await client.waitForDiagnostics(canonical)), ['HP101', 'HP103']);
    await client.hover(canonical, { line: 0, character: 0 });
    assert.deepEqual([...publishesFor(client, path)].sort(), [[canonical, ['HP101', 'HP103']], [mine, []]].sort());
    await client.shutdown();
  });

  it('.hairpin.yaml at a root whose name VS Code encodes applies, whichever spelling opens it', T, async (t) => {
    const root = join(mkdtempSync(join(tmpdir(), 'hairpin-uri-')), 'infra@corp=1');
    const [c] = writeWorkspace(root);
    const { client } = await startInitialized(nodeUri(root));
    t.after(() => client.dispose());
    await indexed(client, FOLDERS.length * 2);
    const svc = vscodeUri(c!.path);
    await client.open(svc, 'yaml', nlbService(c!.name, { nodePort: 31000 }), 1);
    assert.ok((await client.waitForDiagnostics(svc, (p) => p.version === 1)).diagnostics.some((d) => d.code === 'HP101'));

    const config = vscodeUri(join(root, '.hairpin.yaml'));
    await client.open(config, 'yaml', 'cluster:\n  cni: overlay\n  colour: blue\n', 1);
    const own = await client.waitForDiagnostics(config, (p) => p.version === 1);
    assert.match(String(own.diagnostics[0]?.message), /unknown key "cluster\.colour"/);
    const after = await client.waitForDiagnostics(svc, (p) => p.diagnostics.some((d) => d.code === 'HP102'));
    assert.ok(!after.diagnostics.some((d) => d.code === 'HP101'));
    await client.shutdown();
  });
});
