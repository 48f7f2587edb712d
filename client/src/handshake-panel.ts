import { randomBytes } from 'node:crypto';
import { Disposable, Range, Uri, ViewColumn, window, workspace, type Webview, type WebviewPanel } from 'vscode';
import { isFromWebview, type FromWebview, type PanelState, type ToWebview, type TraceParams, type TraceResult } from '../webview/messages';
import { handshakeHtml } from './handshake-html';

export const HANDSHAKE_VIEW_TYPE = 'hairpin.handshake';

/** Where the panel gets its traces: `hairpin/trace` through the language client. */
export type TraceSource = (params: TraceParams) => Promise<TraceResult | null>;

/** What the panel last did, for the integration test (the command returns it). */
export interface HandshakeSnapshot {
  readonly params: TraceParams;
  readonly visible: boolean;
  /** The last message posted to the webview and whether the webview had said it was ready. */
  readonly posted?: ToWebview['type'];
  readonly delivered: boolean;
  readonly result?: { readonly name: string; readonly client: string; readonly applied: readonly string[]; readonly hops: number };
}

/**
 * The "failing handshake" panel: one at a time, revealed and reloaded for a new position. The HTML is set
 * once per webview; traces and updates go by `postMessage` (never by resetting `webview.html`). State for
 * a reload lives in the webview (`setState`) and comes back through the serializer.
 */
export class HandshakePanel {
  static current: HandshakePanel | undefined;
  private readonly disposables: Disposable[] = [];
  private params: TraceParams;
  private result: TraceResult | null | undefined;
  private last: ToWebview | undefined;
  private ready = false;
  private delivered = false;
  private seq = 0;
  private waiters: (() => void)[] = [];
  /** The analysis changed while the panel was hidden: simulate again when it shows. */
  private stale = false;

  static show(extensionUri: Uri, source: TraceSource, params: TraceParams, result?: TraceResult): HandshakePanel {
    const existing = HandshakePanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? ViewColumn.Beside);
      void existing.load(params, result);
      return existing;
    }
    const panel = window.createWebviewPanel(HANDSHAKE_VIEW_TYPE, 'Hairpin: failing handshake', ViewColumn.Beside, webviewOptions(extensionUri));
    return (HandshakePanel.current = new HandshakePanel(panel, extensionUri, source, params, result));
  }

  /** From the serializer after a reload: the options are set again so the resource roots match this install. */
  static revive(panel: WebviewPanel, extensionUri: Uri, source: TraceSource, state: PanelState | undefined): void {
    HandshakePanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    HandshakePanel.current = new HandshakePanel(panel, extensionUri, source, state?.params);
  }

  private constructor(private readonly panel: WebviewPanel, extensionUri: Uri, private readonly source: TraceSource, params: TraceParams | undefined, result?: TraceResult) {
    this.params = params ?? { textDocument: { uri: '' }, position: { line: 0, character: 0 } };
    panel.webview.html = html(panel.webview, extensionUri);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => isFromWebview(m) && this.onMessage(m), undefined, this.disposables);
    panel.onDidChangeViewState(() => panel.visible && this.stale && this.refresh(), undefined, this.disposables);
    if (params) void this.load(params, result);
    else this.post({ type: 'message', text: 'Run "Hairpin: Show Failing Handshake" to choose a load balancer.' });
  }

  /**
   * The analysis changed (an edit, the workspace index, a restored panel that came before the server was
   * ready): simulate the same NLB again, without the busy state, and redraw only if the answer changed.
   */
  refresh(): void {
    if (!this.params.textDocument.uri) return;
    this.stale = !this.panel.visible;
    if (!this.stale) void this.load(this.params, undefined, true);
  }

  /** Simulates `params` (unless `result` is its answer already) and posts the trace; stale answers are dropped. */
  async load(params: TraceParams, result?: TraceResult, quiet = false): Promise<void> {
    this.params = params;
    const seq = ++this.seq;
    if (!result && !quiet) this.post({ type: 'loading', params });
    let answer: TraceResult | null;
    try {
      answer = result ?? (await this.source(params));
    } catch (e) {
      if (seq === this.seq) this.post({ type: 'message', text: `The trace request failed: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (seq !== this.seq) return;
    if (quiet && JSON.stringify(answer) === JSON.stringify(this.result)) return;
    this.result = answer;
    if (answer) {
      this.panel.title = `Handshake: ${answer.name}`;
      this.post({ type: 'trace', params, result: answer });
    } else {
      this.post({ type: 'message', text: 'No Network Load Balancer is defined at that position any more.' });
    }
  }

  snapshot(): HandshakeSnapshot {
    const r = this.result;
    const trace = r?.clients.find((c) => c.location === r.client)?.trace;
    return {
      params: this.params,
      visible: this.panel.visible,
      ...(this.last ? { posted: this.last.type } : {}),
      delivered: this.delivered,
      ...(r ? { result: { name: r.name, client: r.client, applied: r.applied, hops: trace?.hops.length ?? 0 } } : {}),
    };
  }

  /** Resolves once a trace (or the message that replaces it) reached a ready webview, or after `ms`. */
  whenDelivered(ms: number): Promise<HandshakeSnapshot> {
    if (this.delivered && this.last?.type !== 'loading') return Promise.resolve(this.snapshot());
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.snapshot()), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(this.snapshot());
      });
    });
  }

  private post(message: ToWebview): void {
    this.last = message;
    this.delivered = false;
    if (!this.ready) return;
    void this.panel.webview.postMessage(message).then((ok) => {
      if (!ok || this.last !== message) return;
      this.delivered = true;
      if (message.type !== 'loading') for (const w of this.waiters.splice(0)) w();
    });
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        // A (re)loaded webview: send what it should show now.
        this.ready = true;
        if (this.last) this.post(this.last);
        return;
      case 'whatIfs':
        void this.load({ ...this.params, client: m.client, whatIfs: [...m.whatIfs] });
        return;
      case 'selectClient':
        this.params = { ...this.params, client: m.client };
        return;
      case 'exportSvg':
        void exportSvg(m.svg, m.name);
        return;
      case 'reveal': {
        // Only the resource this panel shows: a webview message does not choose what gets opened.
        const at = this.result?.location;
        if (!at || at.uri !== m.location.uri) return;
        const { start, end } = at.range;
        void window.showTextDocument(Uri.parse(at.uri), { selection: new Range(start.line, start.character, end.line, end.character), viewColumn: ViewColumn.One });
        return;
      }
    }
  }

  dispose(): void {
    if (HandshakePanel.current === this) HandshakePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(extensionUri: Uri) {
  return { enableScripts: true, localResourceRoots: [Uri.joinPath(extensionUri, 'dist'), Uri.joinPath(extensionUri, 'media')] };
}

function html(webview: Webview, extensionUri: Uri): string {
  return handshakeHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: webview.asWebviewUri(Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(Uri.joinPath(extensionUri, 'media', 'handshake.css')).toString(),
  });
}

async function exportSvg(svg: string, name: string): Promise<void> {
  const folder = workspace.workspaceFolders?.[0]?.uri;
  const target = await window.showSaveDialog({ filters: { 'SVG image': ['svg'] }, ...(folder ? { defaultUri: Uri.joinPath(folder, name) } : {}) });
  if (!target) return;
  await workspace.fs.writeFile(target, new TextEncoder().encode(svg));
  void window.showInformationMessage(`Saved the handshake diagram to ${workspace.asRelativePath(target)}.`);
}
