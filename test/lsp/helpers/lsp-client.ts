/**
 * A small LSP client for tests: spawns the built language server (dist/server.js --stdio) as a child
 * process and drives it over JSON-RPC. Every wait is event-driven: a wait resolves when the awaited
 * notification arrives and rejects when the server process or the connection goes away. Nothing here
 * sleeps or polls; bound a test's duration with node:test's `timeout` option instead.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  RegistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type Registration,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';

import { Mailbox } from './mailbox';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** The bundled server; HAIRPIN_SERVER_JS points the tests at another build (e.g. an installed one). */
export const SERVER_JS = process.env.HAIRPIN_SERVER_JS ? resolve(process.env.HAIRPIN_SERVER_JS) : resolve(REPO_ROOT, 'dist', 'server.js');

/** What the client advertises and answers, beyond the defaults. */
export interface ClientOptions {
  /** Merged into the default capabilities, one level deep per section (`workspace`, `window`, ...). */
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** The `hairpin` section answered to workspace/configuration (adds `workspace.configuration: true`). */
  readonly configuration?: unknown;
}

/** One event of the client's record of server messages, in arrival order. */
export type ClientEvent =
  | { readonly kind: 'diagnostics'; readonly params: PublishDiagnosticsParams }
  | { readonly kind: 'progress'; readonly token: string | number; readonly value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }
  | { readonly kind: 'notification'; readonly method: string; readonly params: unknown };

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class LspTestClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  /** Everything the server wrote to stderr. */
  private stderrText = '';
  /** window/logMessage lines, kept for error messages. */
  readonly logMessages: string[] = [];
  /** Every publishDiagnostics received, in order (for debugging and error messages). */
  readonly diagnosticsHistory: PublishDiagnosticsParams[] = [];
  private readonly diagnostics = new Map<string, Mailbox<PublishDiagnosticsParams>>();
  /** Diagnostics, progress and other notifications in the order they arrived, to assert ordering by events. */
  readonly events: ClientEvent[] = [];
  /** client/registerCapability registrations the server asked for. */
  readonly registrations: Registration[] = [];
  /** What workspace/configuration answers for the `hairpin` section. */
  configuration: unknown = null;
  private readonly notifications = new Map<string, Mailbox<unknown>>();
  private readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;
  private closedError: Error | undefined;

  constructor(serverPath: string = SERVER_JS) {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} does not exist; run \`npm run build\` first.`);
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrText += chunk;
    });
    this.exited = new Promise<ExitStatus>((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
    this.child.on('error', (err) => this.failAll(`could not run the server: ${err.message}`));
    this.exited.then((s) => this.failAll(`server process exited (code ${s.code}, signal ${s.signal})`));

    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnosticsHistory.push(params);
      this.events.push({ kind: 'diagnostics', params });
      this.diagnosticsBox(params.uri).deliver(params);
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logMessages.push(`[${params.type}] ${params.message}`);
      this.notificationBox(LogMessageNotification.method).deliver(params);
    });
    this.connection.onUnhandledNotification((message) => {
      this.events.push({ kind: 'notification', method: message.method, params: message.params });
      this.notificationBox(message.method).deliver(message.params);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'hairpin' ? this.configuration : null)));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    // Progress arrives on the token the server created; each event goes to the '$/progress' mailbox.
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      this.connection.onProgress(WorkDoneProgress.type, token, (value) => {
        this.events.push({ kind: 'progress', token, value });
        this.notificationBox('$/progress').deliver(value);
      });
    });
    // `workspace/codeLens/refresh`: answered, and delivered to the mailbox of that method.
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.events.push({ kind: 'notification', method: 'workspace/codeLens/refresh', params: null });
      this.notificationBox('workspace/codeLens/refresh').deliver(null);
      return null;
    });
    // A closed connection means the server is going away; its 'exit' event (above) fails the waits with
    // the exit code, which says more than "connection closed".
    this.connection.onError(([err]) => this.failAll(`connection error: ${err.message}`));
    this.connection.listen();
  }

  /** stderr of the server so far. */
  get stderr(): string {
    return this.stderrText;
  }

  /** Context appended to error messages: stderr and log lines of the server. */
  describe(): string {
    const parts = [`server stderr:\n${this.stderrText.trim() || '(empty)'}`];
    if (this.exitStatus) parts.unshift(`server exited: code ${this.exitStatus.code}, signal ${this.exitStatus.signal}`);
    if (this.logMessages.length) parts.push(`server log:\n${this.logMessages.slice(-20).join('\n')}`);
    return parts.join('\n');
  }

  async initialize(rootUri: string | null, options: ClientOptions = {}): Promise<InitializeResult> {
    if (options.configuration !== undefined) this.configuration = options.configuration;
    const extra = options.capabilities ?? {};
    const result = await this.request(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'hairpin-lsp-tests' },
        rootUri,
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
        capabilities: {
          ...extra,
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            ...extra.textDocument,
          },
          window: { workDoneProgress: false, ...extra.window },
          workspace: { ...(options.configuration !== undefined ? { configuration: true } : {}), ...extra.workspace },
        },
        ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      }),
      'initialize',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, languageId: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Full-text change: the whole document is replaced by `text`. */
  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Incremental change: `text` replaces `range` (what editors send to a server that asks for Incremental sync). */
  async changeRange(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Changes what workspace/configuration answers, and tells the server (as VS Code does: settings null, pull them). */
  async setConfiguration(configuration: unknown): Promise<void> {
    this.configuration = configuration;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async fileEvents(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), 'textDocument/hover');
  }

  /** Any request by method name (custom `hairpin/*` requests, code lens, code action). */
  sendRequest<R>(method: string, params: unknown): Promise<R> {
    return this.request(this.connection.sendRequest(method, params) as Promise<R>, method);
  }

  /**
   * The next publishDiagnostics for `uri` that matches `predicate` (any, if omitted). Notifications that
   * arrived before this call are considered too, oldest first; the ones passed over are discarded.
   */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.withContext(this.diagnosticsBox(uri).take(predicate), `waiting for diagnostics on ${uri}`);
  }

  /** The params of the next notification with this method (buffered like waitForDiagnostics). */
  waitForNotification<P = unknown>(method: string, predicate: (params: P) => boolean = () => true): Promise<P> {
    const box = this.notificationBox(method);
    return this.withContext(box.take((p) => predicate(p as P)) as Promise<P>, `waiting for ${method}`);
  }

  /** shutdown request, exit notification, then the process must exit with code 0. */
  async shutdown(): Promise<ExitStatus> {
    await this.request(this.connection.sendRequest(ShutdownRequest.type), 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    const status = await this.exited;
    this.connection.dispose();
    assert.deepEqual(status, { code: 0, signal: null }, `server did not exit cleanly after shutdown/exit.\n${this.describe()}`);
    return status;
  }

  /** Resolves when the server process has exited, whatever the reason. */
  whenExited(): Promise<ExitStatus> {
    return this.exited;
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** For test teardown: ends the connection and kills this client's server if it is still running. */
  dispose(): void {
    this.connection.dispose();
    if (!this.hasExited) this.child.kill();
  }

  private diagnosticsBox(uri: string): Mailbox<PublishDiagnosticsParams> {
    let box = this.diagnostics.get(uri);
    if (!box) {
      box = new Mailbox();
      if (this.closedError) box.fail(this.closedError);
      this.diagnostics.set(uri, box);
    }
    return box;
  }

  private notificationBox(method: string): Mailbox<unknown> {
    let box = this.notifications.get(method);
    if (!box) {
      box = new Mailbox();
      if (this.closedError) box.fail(this.closedError);
      this.notifications.set(method, box);
    }
    return box;
  }

  private failAll(reason: string): void {
    if (this.closedError) return;
    this.closedError = new Error(reason);
    for (const box of this.diagnostics.values()) box.fail(this.closedError);
    for (const box of this.notifications.values()) box.fail(this.closedError);
  }

  private request<R>(p: Promise<R>, what: string): Promise<R> {
    return this.withContext(p, `${what} request`);
  }

  private async withContext<R>(p: Promise<R>, what: string): Promise<R> {
    try {
      return await p;
    } catch (err) {
      const e = new Error(`${what} failed: ${(err as Error).message}\n${this.describe()}`);
      (e as Error & { cause?: unknown }).cause = err;
      throw e;
    }
  }
}

/** Starts a server and initializes it; the caller owns shutdown (or dispose on failure). */
export async function startInitialized(rootUri: string | null = null, options: ClientOptions = {}): Promise<{ client: LspTestClient; init: InitializeResult }> {
  const client = new LspTestClient();
  try {
    const init = await client.initialize(rootUri, options);
    return { client, init };
  } catch (err) {
    client.dispose();
    throw err;
  }
}
