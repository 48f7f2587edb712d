/**
 * Edits that do not change what a file says to linking do not link the workspace again: a keystroke in
 * a file with no load balancer (TypeScript, Python, an unrelated YAML or Terraform file), or an edit
 * to a Service that leaves its facts equal by value (a comment rewritten in place, text after the last
 * resource). Observed from outside through `hairpin/testCounters` (only served when the client asks for
 * it in its initialization options): each such edit is analysed and published, and `links` stays put.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { StatusParams } from '../../server/src/protocol';
import { TestCountersRequestMethod, type TestCounters } from '../../server/src/lsp/test-counters';
import { startInitialized, type LspTestClient } from './helpers/lsp-client';
import { deployment, nlbService, workspace } from './helpers/workspace';

const T = { timeout: 60_000 };

const TS = 'export function util(x: number): number {\n  return x * 2;\n}\n';
const PY = 'def tool(values):\n    """Sums the values."""\n    return sum(values)\n';
const WORKFLOW = 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
const BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs-0001"\n}\n';

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code)).sort();
}

const counters = (client: LspTestClient) => client.sendRequest<TestCounters>(TestCountersRequestMethod, null);

/** A server on a workspace of two NLB Services and their Deployments, with the index done. */
async function started(t: { after: (fn: () => void) => void }, extra: Record<string, string> = {}) {
  const ws = workspace({
    'a.yaml': nlbService('a', { nodePort: 31001 }),
    'b.yaml': nlbService('b', { nodePort: 31002, crossZone: true }),
    'deploy-a.yaml': deployment('a', 'a', 3),
    'deploy-b.yaml': deployment('b', 'b', 2),
    ...extra,
  });
  const { client } = await startInitialized(ws.root, { initializationOptions: { testCounters: true } });
  t.after(() => client.dispose());
  await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.frontends === 2 && s.index?.read === s.index?.found);
  return { ws, client };
}

/** Sends a full-text change and waits for the edited document's publish for that version. */
async function edit(client: LspTestClient, uri: string, version: number, text: string): Promise<PublishDiagnosticsParams> {
  await client.change(uri, version, text);
  return client.waitForDiagnostics(uri, (p) => p.version === version);
}

describe('edits that change nothing linking reads do not link again', () => {
  it('keystrokes in files with no load balancer (.ts, .py, unrelated YAML and Terraform) are published without linking', T, async (t) => {
    const { ws, client } = await started(t, { 'src/util.ts': TS, 'scripts/tool.py': PY, '.github/ci.yaml': WORKFLOW, 'infra/logs.tf': BUCKET });
    const docs: [string, string, string, (text: string, k: number) => string][] = [
      ['src/util.ts', 'typescript', TS, (text, k) => `${text}// note ${k}\n`],
      ['scripts/tool.py', 'python', PY, (text, k) => text.replace('Sums', `Sums ${k} times`)],
      ['.github/ci.yaml', 'yaml', WORKFLOW, (text, k) => text.replace('npm test', `npm test -- --shard ${k}`)],
      ['infra/logs.tf', 'terraform', BUCKET, (text, k) => text.replace('0001', String(1000 + k))],
    ];
    for (const [path, language, text] of docs) {
      await client.open(ws.uri(path), language, text, 1);
      await client.waitForDiagnostics(ws.uri(path), (p) => p.version === 1);
    }
    const before = await counters(client);
    const published = client.diagnosticsHistory.length;
    let analysesSeen = before.analyses;
    for (const [path, , text, change] of docs) {
      const uri = ws.uri(path);
      for (let k = 2; k <= 4; k++) {
        await edit(client, uri, k, change(text, k));
        const now = await counters(client);
        assert.ok(now.analyses > analysesSeen, `${path} v${k} was analysed (${JSON.stringify(now)})`);
        analysesSeen = now.analyses;
        assert.equal(now.links, before.links, `${path} v${k} did not link again`);
      }
      // A save after the edit changes nothing: no new analysis, no publish.
      await client.save(uri);
      assert.equal((await counters(client)).analyses, analysesSeen, `saving ${path} unchanged analyses nothing`);
    }
    // Only the edited documents were published: no other file's diagnostics changed.
    const uris = new Set(client.diagnosticsHistory.slice(published).map((p) => p.uri));
    assert.deepEqual([...uris].sort(), docs.map(([path]) => ws.uri(path)).sort());
    await client.shutdown();
  });

  it('a Service edit whose facts stay equal does not link again; one that changes them does', T, async (t) => {
    const { ws, client } = await started(t);
    const uri = ws.uri('b.yaml');
    const base = nlbService('b', { nodePort: 31002, crossZone: true });
    await client.open(uri, 'yaml', `# owner: aaaa\n${base}`, 1);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(first), ['HP101', 'HP103']);
    const before = await counters(client);
    // The same facts by value: a comment rewritten in place (same length), text after the last resource, trailing blank lines.
    const sameFacts = [`# owner: bbbb\n${base}`, `# owner: bbbb\n${base}# end of file\n`, `# owner: cccc\n${base}\n\n\n`];
    let version = 1;
    for (const text of sameFacts) {
      const p = await edit(client, uri, ++version, text);
      assert.deepEqual(codes(p), ['HP101', 'HP103']);
      assert.deepEqual(p.diagnostics, first.diagnostics, 'positions and messages are those of the first read');
      assert.equal((await counters(client)).links, before.links, `version ${version} did not link again`);
    }
    // Cross-zone off: the facts differ, the workspace is linked again and HP103 goes.
    const changed = await edit(client, uri, ++version, `# owner: cccc\n${nlbService('b', { nodePort: 31002, crossZone: false })}`);
    assert.deepEqual(codes(changed), ['HP101']);
    assert.equal((await counters(client)).links, before.links + 1);
    // A comment typed above the Service moves every span: linked again, findings follow the text.
    const moved = await edit(client, uri, ++version, `# owner: cccc\n# moved\n${nlbService('b', { nodePort: 31002, crossZone: false })}`);
    assert.equal(moved.diagnostics[0]!.range.start.line, changed.diagnostics[0]!.range.start.line + 1);
    assert.equal((await counters(client)).links, before.links + 2);
    await client.shutdown();
  });

  it('a notice that appears or goes in a file with no load balancer is published for that file alone, without linking', T, async (t) => {
    const { ws, client } = await started(t, { 'notes.yaml': 'title: notes\n' });
    const uri = ws.uri('notes.yaml');
    await client.open(uri, 'yaml', 'title: notes\n', 1);
    assert.deepEqual((await client.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics, []);
    const before = await counters(client);
    const published = client.diagnosticsHistory.length;
    // A YAML syntax error is a notice on the file; fixing it clears the notice.
    const broken = await edit(client, uri, 2, 'title: notes\n  bad: [\n');
    assert.equal(broken.diagnostics.length, 1, JSON.stringify(broken.diagnostics));
    assert.match(String(broken.diagnostics[0]!.message), /YAML syntax error/);
    assert.deepEqual((await edit(client, uri, 3, 'title: notes\n')).diagnostics, []);
    assert.equal((await counters(client)).links, before.links);
    assert.deepEqual([...new Set(client.diagnosticsHistory.slice(published).map((p) => p.uri))], [uri]);
    await client.shutdown();
  });

  it('the counters are not served unless the client asks for them', T, async (t) => {
    const ws = workspace({ 'a.yaml': nlbService('a') });
    const { client } = await startInitialized(ws.root);
    t.after(() => client.dispose());
    await assert.rejects(counters(client), /Unhandled method|not handled|MethodNotFound|-32601/);
    await client.shutdown();
  });
});
