// Bundled on its own (dist/language-client.js) and required only when the server starts: the LSP client
// library is most of the client's code, and loading it at activation cost about 200 ms (see bench/).
import type { FileSystemWatcher, LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export interface LanguageClientSetup {
  /** dist/server.js of this install. */
  readonly serverModule: string;
  readonly watcher: FileSystemWatcher;
  readonly output: LogOutputChannel;
  readonly maxFileSize: number | undefined;
}

export function createLanguageClient(setup: LanguageClientSetup): LanguageClient {
  const module = setup.serverModule;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.{tf,tfvars,tftpl,tpl,tmpl}' },
      { scheme: 'file', pattern: '**/*.{json,template}' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'python' },
    ],
    synchronize: { fileEvents: setup.watcher },
    diagnosticCollectionName: 'hairpin',
    outputChannel: setup.output,
    initializationOptions: { maxFileSize: setup.maxFileSize },
  };
  return new LanguageClient('hairpin', 'Hairpin', serverOptions, clientOptions);
}
