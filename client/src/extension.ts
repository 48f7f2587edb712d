import * as path from 'node:path';
import { commands, languages, LanguageStatusSeverity, window, workspace, type ExtensionContext } from 'vscode';
import {
  FrontendsRequestMethod,
  ShowHandshakeCommand,
  StatusNotificationMethod,
  TraceRequestMethod,
  type FrontendSummary,
  type StatusParams,
  type TraceParams,
  type TraceResult,
} from '../../server/src/protocol';
import type { PanelState } from '../webview/messages';
import { HANDSHAKE_VIEW_TYPE, HandshakePanel, type TraceSource } from './handshake-panel';
import { showHandshake } from './show-handshake';
import { statusText } from './status-text';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Files the server reads: Kubernetes/Helm/CloudFormation YAML, Terraform, CloudFormation JSON, CDK code. */
const WATCHED = '**/*.{yaml,yml,tf,tfvars,json,template,ts,py}';

/** Starts the Hairpin language server. Heavy work runs in the server process. */
export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watcher = workspace.createFileSystemWatcher(WATCHED);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.{tf,tfvars}' },
      { scheme: 'file', pattern: '**/*.{template,template.json}' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'python' },
    ],
    synchronize: { fileEvents: watcher },
    diagnosticCollectionName: 'hairpin',
    // Settings are pulled by the server (workspace/configuration); these are for the first moments only.
    initializationOptions: { maxFileSize: workspace.getConfiguration('hairpin').get<number>('maxFileSize') },
  };
  client = new LanguageClient('hairpin', 'Hairpin', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });

  const status = languages.createLanguageStatusItem('hairpin.status', [{ language: 'yaml' }, { language: 'terraform' }, { pattern: '**/*.{tf,tfvars}' }]);
  status.name = 'Hairpin';
  status.text = 'Hairpin: starting';
  status.command = { title: 'Show output', command: 'hairpin.showOutput' };
  context.subscriptions.push(status);
  context.subscriptions.push(commands.registerCommand('hairpin.showOutput', () => client?.outputChannel.show()));

  // The handshake panel: registered before the client starts, so a restored panel finds its serializer.
  const trace: TraceSource = (params: TraceParams) => client!.sendRequest<TraceResult | null>(TraceRequestMethod, params);
  const frontends = () => client!.sendRequest<FrontendSummary[]>(FrontendsRequestMethod);
  context.subscriptions.push(
    commands.registerCommand(ShowHandshakeCommand, (arg?: unknown) => showHandshake(context.extensionUri, trace, frontends, arg)),
    window.registerWebviewPanelSerializer(HANDSHAKE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: PanelState | undefined) => HandshakePanel.revive(panel, context.extensionUri, trace, state),
    }),
    { dispose: () => HandshakePanel.current?.dispose() },
  );
  client.onNotification(StatusNotificationMethod, (p: StatusParams) => {
    const s = statusText(p);
    status.text = s.text;
    status.detail = s.detail;
    status.severity = s.severity === 'warning' ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
    status.busy = s.busy;
    // An analysis has settled (the server sends a status when that changes): the open panel follows the edits.
    if (p.quiescent) HandshakePanel.current?.refresh();
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
