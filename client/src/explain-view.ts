import { EventEmitter, Uri, ViewColumn, commands, window, workspace, type Disposable, type TextDocumentContentProvider } from 'vscode';
import type { ExplainParams, ExplainResult, LspLocation } from '../../server/src/protocol';
import { explanationMarkdown } from './explain-markdown';

export const EXPLAIN_SCHEME = 'hairpin-explain';

export type ExplainSource = (params: ExplainParams) => Promise<ExplainResult | null>;

/** What the command did, for the integration test (the command returns it). */
export interface ExplainShown {
  readonly uri: string;
  readonly markdown: string;
}

/**
 * "Hairpin: Explain This Setting": the explanation of the value at the cursor as a read-only virtual
 * markdown document (the rust-analyzer way), shown in the markdown preview beside the editor.
 */
export class ExplainDocuments implements TextDocumentContentProvider, Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: Disposable[] = [this.changed];

  constructor() {
    this.disposables.push(
      workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, this),
      // A closed explanation is not kept.
      workspace.onDidCloseTextDocument((d) => d.uri.scheme === EXPLAIN_SCHEME && this.texts.delete(d.uri.toString())),
    );
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async explainAtCursor(source: ExplainSource): Promise<ExplainShown | undefined> {
    const editor = window.activeTextEditor;
    if (!editor) {
      void window.showInformationMessage('Hairpin: open a file and put the cursor on a setting to explain it.');
      return undefined;
    }
    const { document, selection } = editor;
    const result = await source({ textDocument: { uri: document.uri.toString() }, position: { line: selection.active.line, character: selection.active.character } });
    if (!result) {
      void window.showInformationMessage('Hairpin has nothing to explain here: put the cursor on a value that decides the handshake (a load balancer annotation, externalTrafficPolicy, an aws_lb or target group attribute, a CDK prop).');
      return undefined;
    }
    const name = document.uri.path.split('/').pop() ?? 'file';
    const uri = Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${name}:${result.location.range.start.line + 1} explained.md` });
    const markdown = explanationMarkdown(result, where);
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    await show(uri);
    return { uri: uri.toString(), markdown };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.texts.clear();
  }
}

function where(location: LspLocation): string {
  return `${workspace.asRelativePath(Uri.parse(location.uri))}:${location.range.start.line + 1}`;
}

async function show(uri: Uri): Promise<void> {
  try {
    await commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // No markdown extension (it is built in, but can be disabled): the text itself, read-only.
    await window.showTextDocument(await workspace.openTextDocument(uri), { viewColumn: ViewColumn.Beside, preview: true });
  }
}
