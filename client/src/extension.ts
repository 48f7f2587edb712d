import { languages, LanguageStatusSeverity, window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotificationMethod, TraceRequestMethod, type StatusParams, type TraceParams, type TraceResult } from '../../server/src/protocol';
import type { PanelState } from '../webview/messages';
import { registerCommands, ShowOutputCommand } from './commands';
import { HANDSHAKE_VIEW_TYPE, HandshakePanel, type TraceSource } from './handshake-panel';
import { HairpinServer } from './hairpin-server';
import { useFallbackHclWhenNeeded } from './hcl-fallback';
import { statusText } from './status-text';
import { registerWalkthrough } from './walkthrough';

let server: HairpinServer | undefined;

/**
 * Registers the commands, the status item and the panel serializer, and nothing heavier: the language
 * server starts once a document that could define an NLB opens (see hairpin-server.ts and relevance.ts).
 */
/** What activate() returns to other extensions and the integration suite. */
export interface HairpinApi {
  /** Whether the language server has been started (it starts on the first relevant document). */
  readonly serverStarted: () => boolean;
}

export async function activate(context: ExtensionContext): Promise<HairpinApi> {
  const output = window.createOutputChannel('Hairpin', { log: true });
  context.subscriptions.push(output);

  const status = languages.createLanguageStatusItem('hairpin.status', [{ language: 'yaml' }, { language: 'terraform' }, { pattern: '**/*.{tf,tfvars}' }]);
  status.name = 'Hairpin';
  status.text = 'Hairpin: waiting for a load balancer file';
  status.command = { title: 'Show output', command: ShowOutputCommand };
  context.subscriptions.push(status);

  const onCreated = (client: LanguageClient) => {
    status.text = 'Hairpin: starting';
    client.onNotification(StatusNotificationMethod, (p: StatusParams) => {
      const s = statusText(p);
      status.text = s.text;
      status.detail = s.detail;
      status.severity = s.severity === 'warning' ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
      status.busy = s.busy;
      // An analysis has settled (the server sends a status when that changes): the open panel follows the edits.
      if (p.quiescent) HandshakePanel.current?.refresh();
    });
  };
  const lazy = (server = new HairpinServer(context, output, onCreated));
  context.subscriptions.push(lazy, { dispose: () => void lazy.stop() });

  // The handshake panel: registered at once, so a restored panel finds its serializer (and starts the server).
  const trace: TraceSource = async (params: TraceParams) => (await lazy.start()).sendRequest<TraceResult | null>(TraceRequestMethod, params);
  context.subscriptions.push(
    ...registerCommands(context.extensionUri, lazy, trace, () => output.show(true)),
    ...registerWalkthrough(context.extensionUri),
    window.registerWebviewPanelSerializer(HANDSHAKE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: PanelState | undefined) => HandshakePanel.revive(panel, context.extensionUri, trace, state),
    }),
    { dispose: () => HandshakePanel.current?.dispose() },
  );
  lazy.startWhenRelevant();
  void useFallbackHclWhenNeeded().then((d) => d && context.subscriptions.push(d));
  return { serverStarted: () => lazy.started };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
