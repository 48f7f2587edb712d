/**
 * Suppressions through the real language server (dist/server.js --stdio). Every wait is for a
 * publishDiagnostics notification; run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { FindingDiagnosticData, SuppressionProblemData } from '../../server/src/lsp/diagnostics';
import { LspTestClient, REPO_ROOT, startInitialized } from './helpers/lsp-client';

const T = { timeout: 20_000 };
const WORKSPACE = 'file:///tmp/hairpin-lsp-suppress';
const EXAMPLE = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');
const TARGET_TYPE = '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance';
const TARGET_TYPE_LINE = 10; // zero-based, in EXAMPLE

let counter = 0;
const docUri = (name: string) => `${WORKSPACE}/${++counter}-${name}`;

function above(line: string, comment: string): string {
  assert.ok(EXAMPLE.includes(`\n${line}\n`), 'fixture drift: the example changed');
  return EXAMPLE.replace(`\n${line}\n`, `\n${comment}\n${line}\n`);
}

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.flatMap((d) => (typeof d.code === 'string' ? [d.code] : [])).sort();
}

function only(p: PublishDiagnosticsParams, code: string): Diagnostic {
  const found = p.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} in ${JSON.stringify(codes(p))}`);
  return found[0]!;
}

async function serverFor(t: TestContext): Promise<LspTestClient> {
  const { client } = await startInitialized(WORKSPACE);
  t.after(() => client.dispose());
  return client;
}

describe('suppressions in the language server', () => {
  it('a hairpin-ignore comment removes HP101 from the published diagnostics; editing it away brings HP101 back', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await client.open(uri, 'yaml', above(TARGET_TYPE, '    # hairpin-ignore HP101 callers use the mesh'), 1);
    const suppressed = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(suppressed), ['HP103', 'HP105']);

    await client.change(uri, 2, EXAMPLE);
    const back = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(codes(back), ['HP101', 'HP103', 'HP105']);
  });

  it('an unused suppression publishes HP001 as a hint tagged Unnecessary, with the fix that deletes it in data', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    const text = above(TARGET_TYPE, '    # hairpin-ignore HP101, HP102 callers use the mesh');
    await client.open(uri, 'yaml', text, 1);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
    assert.deepEqual(codes(p), ['HP001', 'HP103', 'HP105']);
    const hp001 = only(p, 'HP001');
    assert.equal(hp001.severity, DiagnosticSeverity.Hint);
    assert.deepEqual(hp001.tags, [DiagnosticTag.Unnecessary]);
    assert.ok(hp001.codeDescription?.href.endsWith('docs/rules/HP001.md'));
    assert.deepEqual(hp001.range, { start: { line: TARGET_TYPE_LINE, character: 28 }, end: { line: TARGET_TYPE_LINE, character: 33 } });
    const data = hp001.data as SuppressionProblemData;
    assert.equal(data.ruleId, 'HP001');
    // Deletes ", HP102" and nothing else.
    assert.deepEqual(data.fix?.edits, [{ range: { start: { line: TARGET_TYPE_LINE, character: 26 }, end: { line: TARGET_TYPE_LINE, character: 33 } }, newText: '' }]);
  });

  it('a suppression without a reason is HP002 (warning) and still suppresses', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await client.open(uri, 'yaml', above(TARGET_TYPE, '    # hairpin-ignore HP101'), 1);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
    assert.deepEqual(codes(p), ['HP002', 'HP103', 'HP105']);
    assert.equal(only(p, 'HP002').severity, DiagnosticSeverity.Warning);
    assert.equal(only(p, 'HP002').tags, undefined);
  });

  it('a finding carries the edit that suppresses it, which the server then honours', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await client.open(uri, 'yaml', EXAMPLE, 1);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
    const suppress = (only(p, 'HP101').data as FindingDiagnosticData).suppress;
    assert.ok(suppress, 'HP101 data has a suppress edit');
    assert.equal(suppress.edits.length, 1);
    const edit = suppress.edits[0]!;
    assert.deepEqual(edit.range, { start: { line: TARGET_TYPE_LINE, character: 0 }, end: { line: TARGET_TYPE_LINE, character: 0 } });
    const lines = EXAMPLE.split('\n');
    lines.splice(TARGET_TYPE_LINE, 0, edit.newText.replace(/\n$/, ''));
    await client.change(uri, 2, lines.join('\n'));
    const after = await client.waitForDiagnostics(uri, (x) => x.version === 2);
    assert.deepEqual(codes(after), ['HP103', 'HP105']);
  });
});
