/**
 * Quick fixes over stdio against the built server: the preferred fix for HP101 in each format, applied
 * as a client would (the WorkspaceEdit), then saved, clears the finding; fixes that edit another file
 * carry that file's URI; the suppression and show-handshake actions come with every finding.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { parseAllDocuments } from 'yaml';
import { ShowHandshakeCommand } from '../../server/src/protocol';
import { REPO_ROOT, startInitialized, type LspTestClient } from './helpers/lsp-client';

const T = { timeout: 30_000 };
const CASES: [file: string, languageId: string][] = [
  ['examples/istio-gateway/gateway-service.yaml', 'yaml'],
  ['test/fixtures/same-nlb/main.tf', 'terraform'],
  ['test/fixtures/same-nlb/template.yaml', 'yaml'],
  ['test/fixtures/same-nlb/stack.ts', 'typescript'],
  ['test/fixtures/same-nlb/stack.py', 'python'],
];

/** The edits of one document in a WorkspaceEdit, from `documentChanges` or `changes`. */
function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const fromDocs = (edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : []));
  return [...fromDocs, ...(edit.changes?.[uri] ?? [])] as TextEdit[];
}

function editedUris(edit: WorkspaceEdit): string[] {
  return [...new Set([...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c ? [c.textDocument.uri] : [])), ...Object.keys(edit.changes ?? {})])];
}

describe('quick fixes over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await startInitialized(null));
  });
  after(async () => {
    await client.shutdown();
  });

  const actionsFor = (uri: string, diagnostics: Diagnostic[]) =>
    client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });

  for (const [file, languageId] of CASES) {
    it(`${file}: the preferred fix for HP101, applied and saved, clears it and adds no finding`, T, async () => {
      const uri = pathToFileURL(resolve('/tmp/hairpin-code-action', file)).href;
      const text = readFileSync(resolve(REPO_ROOT, file), 'utf8');
      await client.open(uri, languageId, text, 1);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const hp101 = published.diagnostics.filter((d) => d.code === 'HP101');
      assert.equal(hp101.length, 1, JSON.stringify(published.diagnostics.map((d) => d.code)));
      const actions = await actionsFor(uri, hp101);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, actions.map((a) => a.title).join('\n'));
      assert.match(preferred[0]!.title, /^Disable client IP preservation \(in-cluster failures 1\/6 → 0/);
      assert.equal(actions.indexOf(preferred[0]!), 0, 'the preferred fix is ranked first');
      assert.ok(!actions.some((a) => /cross-zone/i.test(a.title)), 'disabling cross-zone does not fix the hairpin and is not offered');
      assert.ok(actions.some((a) => a.command?.command === ShowHandshakeCommand), 'show failing handshake');
      assert.deepEqual(editedUris(preferred[0]!.edit!), [uri]);

      const doc = TextDocument.create(uri, languageId, 1, text);
      const fixed = TextDocument.applyEdits(doc, editsFor(preferred[0]!.edit!, uri));
      await client.change(uri, 2, fixed);
      await client.save(uri);
      const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      const codes = after.diagnostics.map((d) => d.code);
      assert.ok(!codes.includes('HP101'), `HP101 is gone: ${codes.join(', ')}`);
      for (const c of codes) assert.ok(published.diagnostics.some((d) => d.code === c), `no new diagnostic: ${c}`);
      if (file.endsWith('.yaml')) {
        assert.ok(parseAllDocuments(fixed).every((d) => d.errors.length === 0), 'still valid YAML');
        for (const comment of text.split('\n').filter((l) => l.trimStart().startsWith('#'))) assert.ok(fixed.includes(comment), `comment kept: ${comment}`);
      }
      await client.close(uri);
    });
  }

  it('a fix whose deciding value is in another file carries that file in its WorkspaceEdit', T, async () => {
    // The Terraform NLB of terraform/plain sends to the NodePort of a YAML Service; with only a caller on a
    // node without a gateway pod, externalTrafficPolicy: Local fixes HP101, and that edit is the Service's.
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-cross-file-'));
    for (const name of ['terraform.tfvars', 'variables.tf', 'main.tf']) copyFileSync(resolve(REPO_ROOT, 'test/fixtures/terraform/plain', name), join(dir, name));
    copyFileSync(resolve(REPO_ROOT, 'test/fixtures/k8s-extra/nodeport/service.yaml'), join(dir, 'service.yaml'));
    writeFileSync(join(dir, '.hairpin.yaml'), 'clients: [pod@n1]\n');
    const { client: ws } = await startInitialized(pathToFileURL(dir).href);
    try {
      const tf = pathToFileURL(join(dir, 'main.tf')).href;
      await ws.open(tf, 'terraform', readFileSync(join(dir, 'main.tf'), 'utf8'), 1);
      const published = await ws.waitForDiagnostics(tf, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'HP101'));
      const hp101 = published.diagnostics.filter((d) => d.code === 'HP101');
      const actions = await ws.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: tf }, range: hp101[0]!.range, context: { diagnostics: hp101 } });
      const local = actions.find((a) => a.title.startsWith('Set externalTrafficPolicy: Local'));
      assert.ok(local?.edit, actions.map((a) => a.title).join('\n'));
      assert.deepEqual(editedUris(local.edit), [pathToFileURL(join(dir, 'service.yaml')).href]);
    } finally {
      await ws.shutdown();
    }
  });

  it('the suppression action adds a hairpin-ignore comment that removes the finding', T, async () => {
    const uri = 'file:///tmp/hairpin-code-action/suppress.yaml';
    const text = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');
    await client.open(uri, 'yaml', text, 1);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const actions = await actionsFor(uri, published.diagnostics.filter((d) => d.code === 'HP101'));
    const suppress = actions.find((a) => /^Suppress HP101/.test(a.title))!;
    assert.ok(suppress, actions.map((a) => a.title).join('\n'));
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), editsFor(suppress.edit!, uri));
    assert.match(fixed, /# hairpin-ignore HP101/);
    await client.change(uri, 2, fixed);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['HP103', 'HP105']);
    await client.close(uri);
  });

  it('a client that does not send `data` back (no dataSupport) still gets the fixes, the suppression and the handshake', T, async () => {
    const uri = 'file:///tmp/hairpin-code-action/no-data.yaml';
    const text = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');
    await client.open(uri, 'yaml', `# hairpin-ignore HP104 not proxied\n${text}`, 1);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const bare = published.diagnostics.map(({ data: _data, ...d }) => d);
    const hp101 = bare.filter((d) => d.code === 'HP101');
    const actions = await actionsFor(uri, hp101);
    assert.match(actions[0]!.title, /^Disable client IP preservation/);
    assert.equal(actions[0]!.isPreferred, true);
    assert.ok(actions.some((a) => /^Suppress HP101/.test(a.title) && a.edit));
    assert.ok(actions.some((a) => a.command?.command === ShowHandshakeCommand));
    const unused = bare.filter((d) => d.code === 'HP001');
    const removal = await actionsFor(uri, unused);
    assert.deepEqual(removal.map((a) => a.title), ['Remove the unused suppression']);
    await client.close(uri);
  });
});
