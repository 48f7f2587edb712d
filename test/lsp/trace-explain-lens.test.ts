/**
 * The editor-facing requests beyond diagnostics, over stdio against the built server: code lens,
 * `hairpin/trace` and `hairpin/explain` (declared in server/src/protocol.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, InitializeResult } from 'vscode-languageserver-protocol/node';
import { ExplainRequestMethod, FrontendsRequestMethod, ShowHandshakeCommand, TraceRequestMethod, type ExplainResult, type FrontendSummary, type TraceParams, type TraceResult } from '../../server/src/protocol';
import { REPO_ROOT, startInitialized, type LspTestClient } from './helpers/lsp-client';

const T = { timeout: 20_000 };
const EXAMPLE = readFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');
const SAFE = EXAMPLE.replace('aws-load-balancer-nlb-target-type: instance', 'aws-load-balancer-nlb-target-type: ip');
const URI = 'file:///tmp/hairpin-requests/gateway-service.yaml';
const SAFE_URI = 'file:///tmp/hairpin-requests/safe.yaml';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('code lens, hairpin/trace and hairpin/explain over stdio', () => {
  let client: LspTestClient;
  let init: InitializeResult;
  before(async () => {
    ({ client, init } = await startInitialized(null));
    await client.open(URI, 'yaml', EXAMPLE, 1);
    await client.open(SAFE_URI, 'yaml', SAFE, 1);
    await client.waitForDiagnostics(URI, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'HP101'));
    await client.waitForDiagnostics(SAFE_URI, (p) => p.version === 1);
  });
  after(async () => {
    await client.shutdown();
  });

  it('advertises code lenses', T, () => {
    assert.ok(init.capabilities.codeLensProvider);
  });

  it('a lens above the NLB says how often in-cluster connections fail and runs the show-handshake command', T, async () => {
    const lenses = await client.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    assert.equal(lenses.length, 1);
    const [lens] = lenses;
    assert.equal(lens!.command?.title, '▶ 1 in 6 in-cluster connections fail: show handshake');
    assert.equal(lens!.command?.command, ShowHandshakeCommand);
    const args = lens!.command!.arguments![0] as TraceParams;
    assert.equal(args.textDocument.uri, URI);
    assert.equal(lens!.range.start.line, lineOf(EXAMPLE, 'name: istio-ingressgateway'));
  });

  it('a lens over an NLB whose handshakes never fail says so, with the number of clients simulated, and names HP105’s idle window', T, async () => {
    const lenses = await client.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: SAFE_URI } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['⚠ no handshake failures (2 clients simulated), but pooled connections idle 350–3600 s are reset on reuse']);
  });

  it('after an edit changes a lens, the server asks the client to pull lenses again', T, async (t) => {
    const { client: c } = await startInitialized(null, { capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    // A failed wait must not leave the server running (the test file would never exit).
    t.after(() => c.dispose());
    {
      const uri = 'file:///tmp/hairpin-requests/refresh.yaml';
      await c.open(uri, 'yaml', EXAMPLE, 1);
      await c.waitForDiagnostics(uri, (p) => p.version === 1);
      const refreshed = c.waitForNotification('workspace/codeLens/refresh');
      await c.change(uri, 2, SAFE);
      await c.waitForDiagnostics(uri, (p) => p.version === 2);
      await refreshed;
      const lenses = await c.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lenses.map((l) => l.command?.title), ['⚠ no handshake failures (2 clients simulated), but pooled connections idle 350–3600 s are reset on reuse']);
      await c.shutdown();
    }
  });

  it('hairpin/trace at the lens position returns the worst client with a SYN, SYN-ACK, RST trace', T, async () => {
    const [lens] = await client.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    const r = await client.sendRequest<TraceResult | null>(TraceRequestMethod, lens!.command!.arguments![0]);
    assert.ok(r, 'a trace for the NLB');
    assert.equal(r.name, 'istio-system/istio-ingressgateway');
    assert.equal(r.client, 'pod@n1');
    assert.equal(r.location.uri, URI);
    const c = r.clients.find((x) => x.location === r.client)!;
    assert.equal(c.failureProbabilityExact, '1/6');
    assert.equal(c.mode, 'hairpin-reset');
    const flags = c.trace!.hops.flatMap((h) => (h.packet ? [h.packet.flags.join('')] : []));
    assert.ok(flags.includes('SYN'), `flags: ${flags.join(' ')}`);
    assert.ok(flags.some((f) => f.includes('SYN') && f.includes('ACK')), `flags: ${flags.join(' ')}`);
    assert.ok(flags.includes('RST'), `flags: ${flags.join(' ')}`);
    // Traces on demand include the retransmissions up to connect()'s timeout.
    assert.equal(c.trace!.disposition, 'connect-timeout');
    assert.ok(r.mitigations.some((m) => m.change === 'disable-preservation'));
  });

  it('hairpin/trace with a what-if re-simulates: preservation off leaves no failing client', T, async () => {
    const position = { line: lineOf(EXAMPLE, 'aws-load-balancer-nlb-target-type'), character: 10 };
    const r = await client.sendRequest<TraceResult | null>(TraceRequestMethod, { textDocument: { uri: URI }, position, client: 'pod@n2', whatIfs: ['disable-preservation'] });
    assert.ok(r);
    assert.deepEqual(r.applied, ['disable-preservation']);
    assert.equal(r.client, 'pod@n2');
    assert.equal(r.scenario.preserveClientIp, false);
    assert.ok(r.clients.every((c) => c.failureProbability === 0));
    assert.equal(r.clients.find((c) => c.location === 'pod@n2')!.trace!.disposition, 'established');
  });

  it('hairpin/trace with an unknown or mistyped what-if answers InvalidParams naming it, and the server keeps answering', T, async () => {
    const position = { line: lineOf(EXAMPLE, 'aws-load-balancer-nlb-target-type'), character: 10 };
    const ask = (extra: object) => client.sendRequest<TraceResult | null>(TraceRequestMethod, { textDocument: { uri: URI }, position, ...extra });
    await assert.rejects(ask({ whatIfs: ['disable-preservation', 'disable-preservaton'] }), /Unknown what-if "disable-preservaton"; the what-ifs are disable-preservation, /);
    await assert.rejects(ask({ whatIfs: 'disable-preservation' }), /whatIfs must be an array of mitigation ids/);
    await assert.rejects(ask({ client: 7 }), /client must be a client location/);
    const r = await ask({ whatIfs: ['disable-preservation'] });
    assert.deepEqual(r?.applied, ['disable-preservation']);
  });

  it('hairpin/trace outside any NLB is null', T, async () => {
    const r = await client.sendRequest<TraceResult | null>(TraceRequestMethod, { textDocument: { uri: 'file:///tmp/hairpin-requests/none.yaml' }, position: { line: 0, character: 0 } });
    assert.equal(r, null);
  });

  it('hairpin/frontends lists every NLB with its lens title, failing ones first', T, async () => {
    const list = await client.sendRequest<FrontendSummary[]>(FrontendsRequestMethod, {});
    assert.deepEqual(
      list.map((f) => [f.location.uri, f.failing, f.title]),
      [
        [URI, true, '▶ 1 in 6 in-cluster connections fail: show handshake'],
        [SAFE_URI, false, '⚠ no handshake failures (2 clients simulated), but pooled connections idle 350–3600 s are reset on reuse'],
      ],
    );
  });

  it('hairpin/explain gives the hover as data: value, provenance, source, effect and the client table', T, async () => {
    const line = lineOf(EXAMPLE, 'aws-load-balancer-nlb-target-type');
    const r = await client.sendRequest<ExplainResult | null>(ExplainRequestMethod, { textDocument: { uri: URI }, position: { line, character: 8 } });
    assert.ok(r);
    assert.equal(r.field, 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type');
    assert.equal(r.location.range.start.line, line);
    const targetType = r.values.find((v) => v.label === 'target type')!;
    assert.equal(targetType.value, 'instance');
    assert.equal(targetType.origin, 'explicit');
    assert.equal(targetType.location?.range.start.line, line);
    const preservation = r.values.find((v) => v.label === 'client IP preservation')!;
    assert.equal(preservation.value, true);
    assert.equal(preservation.origin, 'default');
    assert.match(preservation.source, /AWS/);
    assert.match(preservation.effect.join(' '), /never returns through the NLB/);
    assert.deepEqual(
      r.clients.map((c) => [c.location, c.failureProbabilityExact, c.modes]),
      [
        ['pod@n1', '1/6', ['hairpin-reset']],
        ['pod@n2', '1/6', ['hairpin-reset']],
      ],
    );
    assert.ok(r.whatIfs.some((w) => w.id === 'disable-preservation' && w.worstFailure === 0));
    assert.equal(r.frontend?.name, 'istio-system/istio-ingressgateway');
  });

  it('hairpin/explain on a finding at the resource head explains the unwritten defaults that decided it', T, async () => {
    // HP105 sits on the Service name: neither idle timeout is written, both are defaults.
    const line = lineOf(EXAMPLE, 'name: istio-ingressgateway');
    const r = await client.sendRequest<ExplainResult | null>(ExplainRequestMethod, { textDocument: { uri: URI }, position: { line, character: 10 } });
    assert.ok(r, 'an explanation on the HP105 squiggle');
    assert.equal(r.location.range.start.line, line);
    assert.ok(r.values.length > 0 && r.values.every((v) => v.origin === 'default'), JSON.stringify(r.values.map((v) => [v.label, v.origin])));
    assert.ok(r.values.every((v) => v.source.startsWith('default: ')));
  });

  it('hairpin/explain where nothing decides the handshake is null', T, async () => {
    const r = await client.sendRequest<ExplainResult | null>(ExplainRequestMethod, { textDocument: { uri: URI }, position: { line: 0, character: 1 } });
    assert.equal(r, null);
  });
});
