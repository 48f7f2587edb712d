import { Uri, window, workspace, type QuickPickItem } from 'vscode';
import type { FrontendSummary, TraceParams } from '../../server/src/protocol';
import { HandshakePanel, type HandshakeSnapshot, type TraceSource } from './handshake-panel';

export type FrontendsSource = () => Promise<FrontendSummary[]>;

/** A code lens / code action argument: a document and a position (anything else is ignored). */
export function isTraceParams(x: unknown): x is TraceParams {
  const p = x as TraceParams | undefined;
  return typeof p === 'object' && p !== null && typeof p.textDocument?.uri === 'string' && typeof p.position?.line === 'number' && typeof p.position?.character === 'number';
}

/**
 * `hairpin.showHandshake`. With TraceParams (the code lens): that NLB. Without (the palette): the NLB at the
 * cursor, else a pick of every NLB, failing ones first. Resolves with the panel's snapshot once the webview
 * has the trace (bounded), which the integration test reads.
 */
export async function showHandshake(extensionUri: Uri, trace: TraceSource, frontends: FrontendsSource, arg?: unknown): Promise<HandshakeSnapshot | undefined> {
  let params: TraceParams | undefined = isTraceParams(arg) ? { textDocument: { uri: arg.textDocument.uri }, position: arg.position, ...(arg.client ? { client: arg.client } : {}), ...(arg.whatIfs ? { whatIfs: arg.whatIfs } : {}) } : undefined;
  let result;
  if (!params) {
    const editor = window.activeTextEditor;
    if (editor) {
      const atCursor: TraceParams = { textDocument: { uri: editor.document.uri.toString() }, position: { line: editor.selection.active.line, character: editor.selection.active.character } };
      result = (await trace(atCursor)) ?? undefined;
      if (result) params = atCursor;
    }
  }
  if (!params) params = await pickFrontend(await frontends());
  if (!params) return undefined;
  return HandshakePanel.show(extensionUri, trace, params, result).whenDelivered(15_000);
}

async function pickFrontend(all: readonly FrontendSummary[]): Promise<TraceParams | undefined> {
  if (all.length === 0) {
    void window.showInformationMessage('Hairpin found no Network Load Balancer in the open workspace.');
    return undefined;
  }
  const items: (QuickPickItem & { summary: FrontendSummary })[] = all.map((f) => ({
    label: f.title,
    description: f.name,
    detail: workspace.asRelativePath(Uri.parse(f.location.uri)),
    summary: f,
  }));
  const picked = await window.showQuickPick(items, { title: 'Hairpin: Show Failing Handshake', placeHolder: 'Which load balancer?', matchOnDescription: true, matchOnDetail: true });
  return picked && { textDocument: { uri: picked.summary.location.uri }, position: picked.summary.location.range.start };
}
