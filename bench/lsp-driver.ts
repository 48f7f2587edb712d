/**
 * A bench-local LSP client over stdio: spawns a language server as a child process and speaks
 * JSON-RPC with Content-Length framing, as an editor does. It frames the bytes itself so that
 * every message it receives carries its exact size on the wire (header + body), which is what
 * "bytes published per keystroke" counts.
 *
 * It answers the server's requests as a plain editor would: `workspace/configuration` with one
 * null per item, `window/workDoneProgress/create`, `client/registerCapability` and
 * `client/unregisterCapability` with success, anything else with MethodNotFound.
 *
 * Every wait is bounded: it rejects with a message that names what it waited for, the server, and
 * the tail of its stderr, instead of hanging. Nothing polls or sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export interface Received {
  readonly at: number;
  /** Bytes on the wire: the Content-Length header block plus the body. */
  readonly bytes: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly id?: number | string | null;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

interface Waiter {
  readonly accept: (m: Received) => boolean;
  readonly resolve: (m: Received) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class BenchTimeout extends Error {}

export class LspDriver {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every message from the server, in order of arrival (requests, responses and notifications). */
  readonly received: Received[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private stderrTail = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Received) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
  private exitCode: number | null | undefined;
  private folders: { uri: string; name: string }[] | null = null;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    cwd: string,
  ) {
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4000);
    });
    this.child.on('error', (err) => this.fail(new Error(`${name}: could not start: ${err.message}`)));
    this.child.on('exit', (code, signal) => {
      this.exitCode = code;
      this.fail(new Error(`${name}: server process exited (code ${code}, signal ${signal})`));
    });
    this.child.stdin.on('error', (err) => this.fail(new Error(`${name}: stdin: ${err.message}`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Sends a notification; resolves when it has been handed to the pipe. */
  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request and waits (bounded) for its response. */
  request<R = unknown>(method: string, params: unknown, timeoutMs: number): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BenchTimeout(this.explain(`no answer to ${method} within ${timeoutMs} ms`)));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.error) reject(new Error(`${this.name}: ${method} failed: ${m.error.message}`));
          else resolve(m.result as R);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (this.failure) return this.pending.get(id)!.reject(this.failure);
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /**
   * The first message received at index >= `from` of `received` that `accept` takes; resolves at once
   * if one is already there. Rejects after `timeoutMs` with `what` in the message.
   */
  waitFor(accept: (m: Received) => boolean, from: number, timeoutMs: number, what: string): Promise<Received> {
    for (let i = from; i < this.received.length; i++) if (accept(this.received[i]!)) return Promise.resolve(this.received[i]!);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Received>((resolve, reject) => {
      const w: Waiter = {
        accept,
        resolve: (m) => {
          clearTimeout(w.timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(w.timer);
          reject(e);
        },
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          reject(new BenchTimeout(this.explain(`timed out after ${timeoutMs} ms waiting for ${what}`)));
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  async initialize(rootUri: string | null, timeoutMs: number): Promise<InitializeResult> {
    this.folders = rootUri ? [{ uri: rootUri, name: 'bench' }] : null;
    const result = await this.request<InitializeResult>(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'hairpin-bench' },
        rootUri,
        rootPath: null,
        workspaceFolders: this.folders,
        initializationOptions: {},
        capabilities: {
          workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          },
          window: { workDoneProgress: true },
        },
      },
      timeoutMs,
    );
    this.notify('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  save(uri: string): void {
    this.notify('textDocument/didSave', { textDocument: { uri } });
  }

  /** A publishDiagnostics for `uri` at or after index `from` that passes `accept`. */
  waitForPublish(uri: string, from: number, timeoutMs: number, accept: (p: PublishDiagnosticsParams) => boolean = () => true, what = ''): Promise<Received> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishDiagnosticsParams).uri === uri && accept(m.params as PublishDiagnosticsParams), from, timeoutMs, `publishDiagnostics for ${uri}${what ? ` (${what})` : ''}`);
  }

  /** VmRSS of the server process in bytes (Linux), or undefined when /proc has no entry. */
  rss(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, bounded; kills the process if it does not go. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit', null);
      await Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    } catch {
      // fall through to kill
    }
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private explain(what: string): string {
    const tail = this.stderrTail.trim().split('\n').slice(-10).join('\n');
    return `${this.name}: ${what}${tail ? `\n  server stderr (tail):\n  ${tail.replace(/\n/g, '\n  ')}` : ''}`;
  }

  private write(msg: object): void {
    if (this.failure) return;
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        this.fail(new Error(`${this.name}: bad header from server: ${JSON.stringify(header.slice(0, 200))}`));
        return;
      }
      const length = Number(m[1]);
      const total = headerEnd + 4 + length;
      if (this.buffer.length < total) return;
      const body = this.buffer.subarray(headerEnd + 4, total).toString('utf8');
      this.buffer = this.buffer.subarray(total);
      let msg: { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };
      try {
        msg = JSON.parse(body);
      } catch {
        this.fail(new Error(`${this.name}: unparsable message from server`));
        return;
      }
      this.dispatch({ at: performance.now(), bytes: total, ...msg });
    }
  }

  private dispatch(m: Received): void {
    this.received.push(m);
    if (m.method !== undefined && m.id !== undefined && m.id !== null) {
      this.answer(m);
    } else if (m.method === undefined && typeof m.id === 'number') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    }
    const hit = this.waiters.filter((w) => w.accept(m));
    if (hit.length) {
      this.waiters = this.waiters.filter((w) => !hit.includes(w));
      for (const w of hit) w.resolve(m);
    }
  }

  /** What a plain editor answers to the server's requests. */
  private answer(m: Received): void {
    switch (m.method) {
      case 'workspace/configuration': {
        const items = (m.params as { items?: unknown[] } | undefined)?.items ?? [];
        return this.write({ jsonrpc: '2.0', id: m.id, result: items.map(() => null) });
      }
      case 'window/workDoneProgress/create':
      case 'client/registerCapability':
      case 'client/unregisterCapability':
        return this.write({ jsonrpc: '2.0', id: m.id, result: null });
      case 'workspace/workspaceFolders':
        return this.write({ jsonrpc: '2.0', id: m.id, result: this.folders });
      default:
        return this.write({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `bench client does not handle ${m.method}` } });
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = new Error(this.explain(err.message.replace(`${this.name}: `, '')));
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
  }
}
