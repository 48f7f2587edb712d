/**
 * Layer 2 (see TESTING.md): the real language server process (dist/server.js --stdio) driven over
 * JSON-RPC. Run `npm run build` first. Every wait is for a notification; the per-test timeout only
 * bounds a regression that never sends one.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'node:test';
import {
  DiagnosticSeverity,
  MarkupContent,
  MarkupKind,
  TextDocumentSyncKind,
  type Diagnostic,
  type Hover,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import type { StatusParams } from '../../server/src/protocol';
import { LspTestClient, REPO_ROOT, startInitialized } from './helpers/lsp-client';

const T = { timeout: 20_000 };
const WORKSPACE = 'file:///tmp/hairpin-lsp-test';
const EXAMPLE = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');
const TARGET_TYPE_KEY = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const TARGET_TYPE_LINE = 10; // zero-based line of `...-nlb-target-type: instance` in EXAMPLE
const CROSS_ZONE_LINE = 12; // zero-based line of `...-attributes: load_balancing.cross_zone.enabled=true`
const PRESERVE_OFF_LINE =
  '    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false';
/** EXAMPLE with client IP preservation switched off (inserted right after the target-type line). */
const EXAMPLE_PRESERVE_OFF = insertLineAfter(EXAMPLE, TARGET_TYPE_LINE, PRESERVE_OFF_LINE);
const HELM_TEMPLATE = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: {{ .Values.x }}',
  '  annotations:',
  '    service.beta.kubernetes.io/aws-load-balancer-type: external',
  'spec:',
  '  type: LoadBalancer',
  '',
].join('\n');
const BROKEN_YAML = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: [unclosed', '  annotations:', '    a: b', ''].join('\n');
const BINARYISH = 'kind: Service\u0000\u0001\u0002\u00ff\ufffd\n\u0000apiVersion: v1\n\u0000\u0000\u0007';

let counter = 0;
/** A fresh in-memory document URI (the server never reads opened documents from disk). */
function docUri(name: string): string {
  return `${WORKSPACE}/${++counter}-${name}`;
}

function insertLineAfter(text: string, line: number, inserted: string): string {
  const lines = text.split('\n');
  assert.ok(lines[line]?.includes(TARGET_TYPE_KEY), `fixture drift: line ${line} of the example is not the target-type annotation`);
  lines.splice(line + 1, 0, inserted);
  return lines.join('\n');
}

/** The text a single-line range covers. */
function rangeText(text: string, range: Range): string {
  assert.equal(range.start.line, range.end.line, `expected a single-line range, got ${JSON.stringify(range)}`);
  const line = text.split(/\r?\n/)[range.start.line];
  assert.ok(line !== undefined, `range ${JSON.stringify(range)} is outside the document`);
  return line.slice(range.start.character, range.end.character);
}

function byCode(p: PublishDiagnosticsParams, code: string): Diagnostic {
  const found = p.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected exactly one ${code} in ${JSON.stringify(p.diagnostics.map((d) => d.code ?? d.message))}`);
  return found[0]!;
}

/** The message as text; LSP 3.18 allows MarkupContent, but this server sends plain strings (what older clients expect). */
function text(d: Diagnostic): string {
  assert.equal(typeof d.message, 'string', `expected a plain-string message: ${JSON.stringify(d.message)}`);
  return d.message as string;
}

function ruleCodes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.flatMap((d) => (typeof d.code === 'string' && d.code.startsWith('HP') ? [d.code] : [])).sort();
}

function markdownOf(h: Hover | null): string {
  assert.ok(h, 'expected a hover, got null');
  assert.ok(MarkupContent.is(h.contents), `expected MarkupContent, got ${JSON.stringify(h.contents)}`);
  assert.equal(h.contents.kind, MarkupKind.Markdown);
  return h.contents.value;
}

/** Starts and initializes a server for one test; it is killed in teardown if the test did not shut it down. */
async function serverFor(t: TestContext): Promise<LspTestClient> {
  const { client } = await startInitialized(WORKSPACE);
  t.after(() => client.dispose());
  return client;
}

/** Opens `text` as YAML and returns the diagnostics published for that open (version 1). */
async function openYaml(client: LspTestClient, uri: string, text: string): Promise<PublishDiagnosticsParams> {
  await client.open(uri, 'yaml', text, 1);
  return client.waitForDiagnostics(uri, (p) => p.version === 1);
}

describe('hairpin language server over stdio', () => {
  it('initialize advertises hover and text document sync', T, async (t) => {
    const { client, init } = await startInitialized(WORKSPACE);
    t.after(() => client.dispose());
    const caps = init.capabilities;
    assert.equal(caps.hoverProvider, true);
    const sync = caps.textDocumentSync;
    assert.ok(sync && typeof sync === 'object', `textDocumentSync should be TextDocumentSyncOptions, got ${JSON.stringify(sync)}`);
    assert.equal(sync.openClose, true);
    assert.ok(
      sync.change === TextDocumentSyncKind.Full || sync.change === TextDocumentSyncKind.Incremental,
      `textDocumentSync.change must be Full or Incremental, got ${sync.change}`,
    );
    assert.ok(sync.save, 'the server re-analyses on save, so it must ask for didSave');
    assert.equal(init.serverInfo?.name, 'hairpin');
    await client.shutdown();
  });

  it('didOpen of the Istio example publishes HP101 (error) and HP103 (warning)', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    const p = await openYaml(client, uri, EXAMPLE);
    assert.equal(p.uri, uri);
    assert.deepEqual(ruleCodes(p), ['HP101', 'HP103', 'HP105']);
    assert.equal(p.diagnostics.length, 3, `no notices expected for a clean manifest: ${JSON.stringify(p.diagnostics)}`);

    const hp101 = byCode(p, 'HP101');
    assert.equal(hp101.severity, DiagnosticSeverity.Error);
    assert.equal(hp101.source, 'hairpin');
    assert.match(text(hp101), /\b1 in 6\b/);
    assert.equal(hp101.range.start.line, TARGET_TYPE_LINE);
    assert.equal(rangeText(EXAMPLE, hp101.range), 'instance');
    assert.ok(hp101.codeDescription, 'HP101 must link its rule page');
    assert.ok(hp101.codeDescription.href.endsWith('docs/rules/HP101.md'), hp101.codeDescription.href);
    assert.doesNotThrow(() => new URL(hp101.codeDescription!.href), 'codeDescription.href must be a URI');
    assert.ok(Array.isArray(hp101.relatedInformation), 'relatedInformation must be an array');
    assert.ok(hp101.relatedInformation.length > 0, 'HP101 explains itself with related locations');
    for (const r of hp101.relatedInformation) {
      assert.equal(r.location.uri, uri);
      assert.equal(typeof r.message, 'string');
    }
    // Related locations add information: none repeats the primary range, and the cross-zone value is named.
    assert.ok(!hp101.relatedInformation.some((r) => JSON.stringify(r.location.range) === JSON.stringify(hp101.range)), JSON.stringify(hp101.relatedInformation));
    assert.ok(hp101.relatedInformation.some((r) => /cross-zone does not change the hairpin probability/.test(r.message)));

    const hp103 = byCode(p, 'HP103');
    assert.equal(hp103.severity, DiagnosticSeverity.Warning);
    assert.equal(hp103.source, 'hairpin');
    assert.ok(hp103.codeDescription?.href.endsWith('docs/rules/HP103.md'), JSON.stringify(hp103.codeDescription));
    assert.ok(Array.isArray(hp103.relatedInformation), 'relatedInformation must be an array');
    assert.equal(hp103.range.start.line, CROSS_ZONE_LINE);
    assert.equal(rangeText(EXAMPLE, hp103.range), 'load_balancing.cross_zone.enabled=true');
    await client.shutdown();
  });

  it('the rule pages linked from codeDescription exist', T, async (t) => {
    const client = await serverFor(t);
    const p = await openYaml(client, docUri('gateway-service.yaml'), EXAMPLE);
    assert.equal(p.diagnostics.filter((d) => d.codeDescription).length, 3);
    for (const d of p.diagnostics) {
      if (!d.codeDescription) continue;
      const url = new URL(d.codeDescription.href);
      assert.equal(url.protocol, 'file:');
      assert.ok(existsSync(fileURLToPath(url)), `${d.code}: ${d.codeDescription.href} does not exist`);
    }
    await client.shutdown();
  });

  it('hover on the target-type annotation explains it with the per-client table', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await openYaml(client, uri, EXAMPLE);

    const onKey = await client.hover(uri, { line: TARGET_TYPE_LINE, character: 8 });
    const md = markdownOf(onKey);
    assert.match(md, /target type/);
    assert.match(md, /client IP preservation/);
    assert.match(md, /^\|[^\n]*\|\s*1\/6\b[^\n]*\|$/m, `expected a table row with 1/6 in:\n${md}`);
    assert.ok(onKey?.range, 'hover should carry the range it explains');
    assert.equal(onKey.range.start.line, TARGET_TYPE_LINE);
    assert.equal(onKey.range.start.character, EXAMPLE.split('\n')[TARGET_TYPE_LINE]!.indexOf(TARGET_TYPE_KEY));

    // The value explains the same field.
    const onValue = await client.hover(uri, { line: TARGET_TYPE_LINE, character: 70 });
    assert.equal(markdownOf(onValue), md);

    // A line that is not an NLB field has nothing to explain.
    assert.equal(await client.hover(uri, { line: 4, character: 2 }), null);
    await client.shutdown();
  });

  it('didChange (full text) adding preserve_client_ip.enabled=false clears HP101 and HP103, and reverting brings them back', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    assert.deepEqual(ruleCodes(await openYaml(client, uri, EXAMPLE)), ['HP101', 'HP103', 'HP105']);

    await client.change(uri, 2, EXAMPLE_PRESERVE_OFF);
    const fixed = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(ruleCodes(fixed), ['HP105'], `expected no findings, got ${JSON.stringify(fixed.diagnostics)}`);
    const md = markdownOf(await client.hover(uri, { line: TARGET_TYPE_LINE + 1, character: 10 }));
    assert.match(md, /\*\*client IP preservation\*\* = `false`/, md);

    await client.change(uri, 3, EXAMPLE);
    const reverted = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(ruleCodes(reverted), ['HP101', 'HP103', 'HP105']);
    assert.equal(byCode(reverted, 'HP101').range.start.line, TARGET_TYPE_LINE);
    await client.shutdown();
  });

  it('incremental didChange edits are applied at their range', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await openYaml(client, uri, EXAMPLE);

    const after = TARGET_TYPE_LINE + 1;
    await client.changeRange(uri, 2, { start: { line: after, character: 0 }, end: { line: after, character: 0 } }, `${PRESERVE_OFF_LINE}\n`);
    const fixed = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(ruleCodes(fixed), ['HP105']);

    await client.changeRange(uri, 3, { start: { line: after, character: 0 }, end: { line: after + 1, character: 0 } }, '');
    const reverted = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(ruleCodes(reverted), ['HP101', 'HP103', 'HP105']);
    assert.equal(rangeText(EXAMPLE, byCode(reverted, 'HP101').range), 'instance');
    await client.shutdown();
  });

  it('a save without a change publishes nothing: the next publish for the document is the next edit\'s', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await openYaml(client, uri, EXAMPLE);
    await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.frontends === 1);
    const before = client.diagnosticsHistory.length;

    await client.save(uri);
    await client.change(uri, 2, EXAMPLE_PRESERVE_OFF);
    const next = await client.waitForDiagnostics(uri);
    assert.equal(next.version, 2, 'the save published nothing; the edit after it did');
    assert.deepEqual(ruleCodes(next), ['HP105']);
    assert.equal(client.diagnosticsHistory.length, before + 1, JSON.stringify(client.diagnosticsHistory.slice(before)));
    await client.shutdown();
  });

  it('a save of a changed document analyses it at once', T, async (t) => {
    const { client } = await startInitialized(WORKSPACE, { initializationOptions: { debounceMs: 60_000 } });
    t.after(() => client.dispose());
    const uri = docUri('gateway-service.yaml');
    await openYaml(client, uri, EXAMPLE);
    await client.change(uri, 2, EXAMPLE_PRESERVE_OFF);
    await client.save(uri);
    assert.deepEqual(ruleCodes(await client.waitForDiagnostics(uri, (p) => p.version === 2)), ['HP105']);
    await client.shutdown();
  });

  it('didClose publishes an empty diagnostics array and forgets the document', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    assert.deepEqual(ruleCodes(await openYaml(client, uri, EXAMPLE)), ['HP101', 'HP103', 'HP105']);
    assert.equal((await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.frontends > 0)).frontends, 1);

    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri);
    assert.deepEqual(cleared.diagnostics, []);
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.frontends === 0);
    assert.deepEqual({ ...status, index: undefined }, { state: 'ok', frontends: 0, findings: 0, skippedFiles: [], quiescent: true, index: undefined });
    assert.equal(await client.hover(uri, { line: TARGET_TYPE_LINE, character: 8 }), null);
    await client.shutdown();
  });

  it('findings stay on their own document when several are open', T, async (t) => {
    const client = await serverFor(t);
    const bad = docUri('bad.yaml');
    const good = docUri('good.yaml');
    assert.deepEqual(ruleCodes(await openYaml(client, bad, EXAMPLE)), ['HP101', 'HP103', 'HP105']);
    assert.deepEqual(ruleCodes(await openYaml(client, good, EXAMPLE_PRESERVE_OFF.replace('name: istio-ingressgateway', 'name: other'))), ['HP105']);
    // Opening the second document does not re-publish the first: its diagnostics did not change.

    const before = client.diagnosticsHistory.length;
    await client.close(bad);
    assert.deepEqual((await client.waitForDiagnostics(bad)).diagnostics, []);
    // The other document's diagnostics did not change, so it is not published again.
    await client.hover(good, { line: 0, character: 0 }); // a round trip: everything the close published has arrived
    assert.deepEqual(client.diagnosticsHistory.slice(before).map((p) => p.uri), [bad]);
    await client.shutdown();
  });

  it('a Helm template gets a single Information diagnostic and the server keeps answering', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('templates/service.yaml');
    const p = await openYaml(client, uri, HELM_TEMPLATE);
    assert.equal(p.diagnostics.length, 1, JSON.stringify(p.diagnostics));
    const [d] = p.diagnostics;
    assert.equal(d!.severity, DiagnosticSeverity.Information);
    assert.equal(d!.source, 'hairpin');
    assert.ok(text(d!).startsWith('Skipped: Helm template'), text(d!));
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (st) => st.skippedFiles.length > 0);
    assert.deepEqual(status.skippedFiles.map((s) => s.uri), [uri]);
    assert.ok(status.skippedFiles[0]!.reason.startsWith('Skipped: Helm template'));

    assert.equal(await client.hover(uri, { line: 5, character: 10 }), null);
    const example = docUri('gateway-service.yaml');
    await openYaml(client, example, EXAMPLE);
    assert.match(markdownOf(await client.hover(example, { line: TARGET_TYPE_LINE, character: 8 })), /target type/);
    await client.shutdown();
  });

  it('broken YAML gets a syntax-error diagnostic and the server keeps answering', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('broken.yaml');
    const p = await openYaml(client, uri, BROKEN_YAML);
    const errors = p.diagnostics.filter((d) => text(d).startsWith('YAML syntax error'));
    assert.equal(errors.length, 1, JSON.stringify(p.diagnostics));
    assert.equal(errors[0]!.source, 'hairpin');
    const lineCount = BROKEN_YAML.split('\n').length;
    assert.ok(errors[0]!.range.start.line < lineCount, `range outside the document: ${JSON.stringify(errors[0]!.range)}`);
    assert.deepEqual(ruleCodes(p), []);
    assert.doesNotMatch(text(errors[0]!), /:$/, 'the parser excerpt is cut cleanly');
    assert.equal(await client.hover(uri, { line: 3, character: 4 }), null);

    // The status item lists the skipped document, and the log names it once however often we re-analyse.
    await client.change(uri, 2, `${BROKEN_YAML}\n`);
    await client.waitForDiagnostics(uri, (d) => d.version === 2);
    const status = await client.waitForNotification<StatusParams>('hairpin/status', (st) => st.skippedFiles.length > 0);
    assert.deepEqual(status.skippedFiles.map((f) => f.uri), [uri]);
    await client.hover(uri, { line: 0, character: 0 }); // a round trip: everything the re-analysis logged has arrived
    assert.equal(client.logMessages.filter((l) => l.includes(uri)).length, 1, client.logMessages.join('\n'));

    // A broken document does not stop the rest of a multi-document file from being analysed.
    const multi = docUri('multi.yaml');
    const q = await openYaml(client, multi, `${BROKEN_YAML}---\n${EXAMPLE}`);
    assert.deepEqual(ruleCodes(q), ['HP101', 'HP103', 'HP105']);
    assert.equal(q.diagnostics.filter((d) => text(d).startsWith('YAML syntax error')).length, 1);
    const offset = BROKEN_YAML.split('\n').length; // lines before the example, including the `---` line
    assert.equal(byCode(q, 'HP101').range.start.line, TARGET_TYPE_LINE + offset);
    assert.match(markdownOf(await client.hover(multi, { line: TARGET_TYPE_LINE + offset, character: 8 })), /target type/);
    await client.shutdown();
  });

  it('text with NUL bytes is skipped without crashing, and the document recovers when fixed', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('binary.yaml');
    const p = await openYaml(client, uri, BINARYISH);
    assert.deepEqual(ruleCodes(p), []);
    assert.ok(p.diagnostics.every((d) => d.severity !== DiagnosticSeverity.Error), JSON.stringify(p.diagnostics));
    assert.ok(p.diagnostics.some((d) => /binary/i.test(text(d))), `expected a binary-file notice: ${JSON.stringify(p.diagnostics)}`);
    assert.equal(await client.hover(uri, { line: 0, character: 3 }), null);

    await client.change(uri, 2, EXAMPLE);
    assert.deepEqual(ruleCodes(await client.waitForDiagnostics(uri, (d) => d.version === 2)), ['HP101', 'HP103', 'HP105']);
    assert.equal(client.hasExited, false);
    await client.shutdown();
  });

  it('sends hairpin/status after each analysis, quiescent once nothing is pending', T, async (t) => {
    const client = await serverFor(t);
    const uri = docUri('gateway-service.yaml');
    await client.open(uri, 'yaml', EXAMPLE, 1);
    const first = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.frontends > 0 && s.quiescent);
    assert.deepEqual({ ...first, index: undefined }, { state: 'findings', frontends: 1, findings: 3, skippedFiles: [], quiescent: true, index: undefined });

    await client.change(uri, 2, EXAMPLE_PRESERVE_OFF);
    // A change waiting for its debounce is pending: the status says so, still showing the analysis before it.
    const pending = await client.waitForNotification<StatusParams>('hairpin/status', (s) => !s.quiescent && s.frontends > 0);
    assert.equal(pending.findings, 3, 'the status still shows the analysis before the change');
    const second = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent);
    assert.deepEqual({ ...second, index: undefined }, { state: 'findings', frontends: 1, findings: 1, skippedFiles: [], quiescent: true, index: undefined });
    await client.shutdown();
  });

  it('shutdown then exit ends the process with code 0', T, async (t) => {
    const client = await serverFor(t);
    await openYaml(client, docUri('gateway-service.yaml'), EXAMPLE);
    const status = await client.shutdown();
    assert.deepEqual(status, { code: 0, signal: null });
    assert.equal(client.hasExited, true);
    assert.equal(client.stderr, '', 'the server should not write to stderr during a normal session');
  });
});
