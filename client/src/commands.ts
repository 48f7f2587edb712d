import { commands, Uri, window, workspace, type Disposable, type QuickPickItem } from 'vscode';
import {
  ExplainRequestMethod,
  FrontendsRequestMethod,
  ReanalyseCommand,
  ReanalyseRequestMethod,
  ShowHandshakeCommand,
  type ExplainParams,
  type ExplainResult,
  type FrontendSummary,
  type ReanalyseResult,
} from '../../server/src/protocol';
import { ExplainDocuments } from './explain-view';
import type { TraceSource } from './handshake-panel';
import type { HairpinServer } from './hairpin-server';
import { ruleDocEntries, type RuleDocEntry } from './rule-docs';
import { showHandshake } from './show-handshake';

export const ExplainCommand = 'hairpin.explain';
export const OpenRuleDocsCommand = 'hairpin.openRuleDocs';
export const ShowOutputCommand = 'hairpin.showOutput';

/**
 * Every command of the palette, registered once at activation. Those that need the server start it (an
 * explicit command is reason enough), so none of them is a dead placeholder before the first relevant file.
 */
export function registerCommands(extensionUri: Uri, server: HairpinServer, trace: TraceSource, showOutput: () => void): Disposable[] {
  const frontends = async () => (await server.start()).sendRequest<FrontendSummary[]>(FrontendsRequestMethod);
  const explain = async (params: ExplainParams) => (await server.start()).sendRequest<ExplainResult | null>(ExplainRequestMethod, params);
  const explainDocuments = new ExplainDocuments();
  return [
    explainDocuments,
    commands.registerCommand(ShowOutputCommand, showOutput),
    commands.registerCommand(ShowHandshakeCommand, (arg?: unknown) => showHandshake(extensionUri, trace, frontends, arg)),
    commands.registerCommand(ExplainCommand, () => explainDocuments.explainAtCursor(explain)),
    commands.registerCommand(ReanalyseCommand, () => reanalyseWorkspace(server)),
    commands.registerCommand(OpenRuleDocsCommand, (id?: unknown) => openRuleDocs(extensionUri, typeof id === 'string' ? id : undefined)),
  ];
}

async function reanalyseWorkspace(server: HairpinServer): Promise<ReanalyseResult> {
  const client = await server.start();
  const result = await window.withProgress({ location: { viewId: 'workbench.view.explorer' }, title: 'Hairpin: re-analysing' }, () =>
    client.sendRequest<ReanalyseResult>(ReanalyseRequestMethod),
  );
  void window.setStatusBarMessage(`Hairpin: re-analysed ${result.files} file${result.files === 1 ? '' : 's'}${result.truncated ? ' (stopped at the file limit)' : ''}`, 5000);
  return result;
}

/** A pick of the rule pages shipped in docs/rules/, opened in the markdown preview. Returns the page opened. */
async function openRuleDocs(extensionUri: Uri, id?: string): Promise<string | undefined> {
  const folder = Uri.joinPath(extensionUri, 'docs', 'rules');
  const names = (await workspace.fs.readDirectory(folder)).map(([name]) => name);
  const decoder = new TextDecoder();
  const pages = ruleDocEntries(await Promise.all(names.map(async (name) => ({ name, text: decoder.decode(await workspace.fs.readFile(Uri.joinPath(folder, name))) }))));
  const picked: RuleDocEntry | undefined = id
    ? pages.find((p) => p.id === id)
    : (await window.showQuickPick<QuickPickItem & { page: RuleDocEntry }>(
        pages.map((page) => ({ label: page.label, detail: page.detail, page })),
        { title: 'Hairpin: Open Rule Documentation', placeHolder: 'Which rule?', matchOnDetail: true },
      ))?.page;
  if (!picked) return undefined;
  const uri = Uri.joinPath(folder, picked.file);
  try {
    await commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await window.showTextDocument(uri, { preview: true });
  }
  return uri.toString();
}
