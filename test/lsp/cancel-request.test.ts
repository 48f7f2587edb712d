/**
 * Issue 7: `$/cancelRequest` is honoured. A request and its cancel are written into the server's stdin
 * in one chunk, so vscode-jsonrpc reads the cancel while the request still waits in its queue and
 * dispatches it with a cancelled token: that is what happens when a busy server (analysing a large
 * workspace) gets a request the editor no longer wants. The answer must be LSP's RequestCancelled
 * error (-32800), not a result, and the server must go on working. The same chunk with a cancel for
 * another id is answered normally, so the cancel is what makes the difference. Nothing here sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LSPErrorCodes, WorkDoneProgressCreateRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { ExplainRequestMethod, FrontendsRequestMethod, ReanalyseRequestMethod, TraceRequestMethod, type StatusParams } from '../../server/src/protocol';
import { startInitialized, type LspTestClient } from './helpers/lsp-client';
import { deployment, fillers, nlbService, workspace } from './helpers/workspace';

const T = { timeout: 60_000 };

interface RawResponse {
  readonly id: string;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

function frame(message: object): string {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}

/**
 * Writes raw JSON-RPC into the server's stdin and reads the responses to those ids from its stdout,
 * beside the test client's own reader (which ignores responses to ids it did not send).
 */
class RawChannel {
  private buffer = Buffer.alloc(0);
  private readonly responses = new Map<string, RawResponse>();
  private readonly waiters = new Map<string, (r: RawResponse) => void>();
  private next = 0;

  constructor(private readonly client: LspTestClient) {
    client.child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
  }

  /** A fresh id, unlike the numeric ids the test client uses. */
  id(): string {
    return `raw-${this.next++}`;
  }

  /** Writes the messages in one chunk. */
  write(messages: readonly object[]): void {
    this.client.child.stdin.write(messages.map((m) => frame({ jsonrpc: '2.0', ...m })).join(''));
  }

  response(id: string): Promise<RawResponse> {
    const known = this.responses.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      this.waiters.set(id, resolve);
      void this.client.whenExited().then((s) => reject(new Error(`server exited (code ${s.code}) before answering ${id}\n${this.client.describe()}`)));
    });
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Partial<RawResponse> & { method?: string };
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.method !== undefined || typeof message.id !== 'string' || !message.id.startsWith('raw-')) continue;
      const response = message as RawResponse;
      this.responses.set(response.id, response);
      this.waiters.get(response.id)?.(response);
      this.waiters.delete(response.id);
    }
  }
}

/** A request and its `$/cancelRequest`, in one chunk; resolves with the server's answer. */
async function cancelledAtOnce(raw: RawChannel, method: string, params: unknown, before: readonly object[] = []): Promise<RawResponse> {
  const id = raw.id();
  raw.write([...before, { id, method, ...(params === undefined ? {} : { params }) }, { method: '$/cancelRequest', params: { id } }]);
  return raw.response(id);
}

/** The same chunk, but the cancel is for another id: the request must be answered normally. */
async function notCancelled(raw: RawChannel, method: string, params: unknown): Promise<RawResponse> {
  const id = raw.id();
  raw.write([{ id, method, ...(params === undefined ? {} : { params }) }, { method: '$/cancelRequest', params: { id: `${id}-other` } }]);
  return raw.response(id);
}

async function seeded(): Promise<{ client: LspTestClient; raw: RawChannel; uri: string; hp101: Diagnostic; ws: ReturnType<typeof workspace> }> {
  const ws = workspace({ 'gateway/service.yaml': nlbService('gw'), 'gateway/deploy.yaml': deployment('gw', 'gw', 2) });
  const { client } = await startInitialized(ws.root);
  const raw = new RawChannel(client);
  const uri = ws.uri('gateway/service.yaml');
  await client.open(uri, 'yaml', nlbService('gw'), 1);
  const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  const hp101 = first.diagnostics.find((d) => d.code === 'HP101');
  assert.ok(hp101, JSON.stringify(first.diagnostics));
  return { client, raw, uri, hp101, ws };
}

describe('$/cancelRequest (issue 7)', () => {
  it('each request kind cancelled before it is dispatched answers RequestCancelled; uncancelled, the same request is answered', T, async (t) => {
    const { client, raw, uri, hp101 } = await seeded();
    t.after(() => client.dispose());
    const at = { textDocument: { uri }, position: hp101.range.start };
    const requests: [string, unknown][] = [
      ['textDocument/hover', at],
      ['textDocument/codeAction', { textDocument: { uri }, range: hp101.range, context: { diagnostics: [hp101] } }],
      ['textDocument/codeLens', { textDocument: { uri } }],
      [TraceRequestMethod, at],
      [ExplainRequestMethod, at],
      [FrontendsRequestMethod, {}],
      [ReanalyseRequestMethod, undefined],
    ];
    for (const [method, params] of requests) {
      const cancelled = await cancelledAtOnce(raw, method, params);
      assert.equal(cancelled.error?.code, LSPErrorCodes.RequestCancelled, `${method}: ${JSON.stringify(cancelled)}`);
      assert.equal(cancelled.result, undefined, method);
      const answered = await notCancelled(raw, method, params);
      assert.equal(answered.error, undefined, `${method}: ${JSON.stringify(answered)}`);
      assert.notEqual(answered.result, null, `${method} has an answer at the finding`);
    }
    await client.shutdown();
  });

  it('a request cancelled behind a pending edit does no work for it; the edit is still analysed and published, and the server goes on answering', T, async (t) => {
    const { client, raw, uri, hp101 } = await seeded();
    t.after(() => client.dispose());
    const edit = { method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: nlbService('gw', { crossZone: false }) }] } };
    const cancelled = await cancelledAtOnce(raw, TraceRequestMethod, { textDocument: { uri }, position: hp101.range.start }, [edit]);
    assert.equal(cancelled.error?.code, LSPErrorCodes.RequestCancelled, JSON.stringify(cancelled));
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['HP101']);
    const trace = await client.sendRequest<{ name: string } | null>(TraceRequestMethod, { textDocument: { uri }, position: hp101.range.start });
    assert.equal(trace?.name, 'default/gw');
    await client.shutdown();
  });

  it('"Re-analyse Workspace" cancelled while it waits answers RequestCancelled at once; the index still completes', T, async (t) => {
    const ws = workspace({ 'svc.yaml': nlbService('gw'), 'deploy.yaml': deployment('gw', 'gw', 2), ...fillers(20) });
    const files = 22;
    const { client } = await startInitialized(ws.root, { capabilities: { window: { workDoneProgress: true } } });
    t.after(() => client.dispose());
    const raw = new RawChannel(client);
    await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.index?.read === files);

    // The new index waits for its progress token from the client: hold that answer until the cancel is in,
    // so the request is certainly in flight (dispatched, waiting) when it is cancelled.
    let created: (() => void) | undefined;
    const asked = new Promise<void>((resolve) => {
      client.connection.onRequest(WorkDoneProgressCreateRequest.type, () => {
        if (created) return; // held once; later indexes get their token at once
        resolve();
        return new Promise<void>((answer) => (created = answer));
      });
    });
    const id = raw.id();
    raw.write([{ id, method: ReanalyseRequestMethod }]);
    await asked;
    raw.write([{ method: '$/cancelRequest', params: { id } }]);
    const answer = await raw.response(id);
    assert.equal(answer.error?.code, LSPErrorCodes.RequestCancelled, JSON.stringify(answer));

    created!();
    // The dropped reads come back: the index ran to its end although nobody waits for it.
    const done = await client.waitForNotification<StatusParams>('hairpin/status', (s) => s.quiescent && s.index?.read === files && s.frontends > 0);
    assert.equal(done.frontends, 1);
    // And the server answers the next one.
    const again = await notCancelled(raw, ReanalyseRequestMethod, undefined);
    assert.deepEqual(again.result, { files, truncated: false });
    await client.shutdown();
  });
});
