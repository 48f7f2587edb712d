import * as path from 'node:path';
import { Range, workspace, type Disposable, type ExtensionContext, type LogOutputChannel, type TextDocument } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isRelevantDocument } from './relevance';

/** Files the server reads: Kubernetes/Helm/CloudFormation YAML, Terraform, CloudFormation JSON, CDK code. */
const WATCHED = '**/*.{yaml,yml,tf,tfvars,tftpl,tpl,tmpl,json,template,ts,py}';

/**
 * The language server, started lazily (vscode-eslint's pattern): nothing runs until a document that could
 * define an NLB is open (see relevance.ts), or a command needs the server. `start()` is idempotent.
 */
export class HairpinServer implements Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly listeners: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly output: LogOutputChannel,
    /** Called once the client exists, before it starts: notification handlers go here. */
    private readonly onCreated: (client: LanguageClient) => void,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client;
  }

  get started(): boolean {
    return this.starting !== undefined;
  }

  /** Starts now if a relevant document is already open, else on the first one that opens. */
  startWhenRelevant(): void {
    if (workspace.textDocuments.some(relevant)) {
      void this.start();
      return;
    }
    const sub = workspace.onDidOpenTextDocument((doc) => {
      if (!relevant(doc)) return;
      sub.dispose();
      void this.start();
    });
    this.listeners.push(sub);
  }

  start(): Promise<LanguageClient> {
    this.starting ??= this.create();
    return this.starting;
  }

  private async create(): Promise<LanguageClient> {
    for (const l of this.listeners.splice(0)) l.dispose();
    const watcher = workspace.createFileSystemWatcher(WATCHED);
    this.context.subscriptions.push(watcher);
    // Loaded now, not at activation (see language-client.ts). A plain require of a computed path: esbuild leaves it alone.
    const { createLanguageClient } = require(this.context.asAbsolutePath(path.join('dist', 'language-client.js'))) as typeof import('./language-client');
    const client = createLanguageClient({
      serverModule: this.context.asAbsolutePath(path.join('dist', 'server.js')),
      watcher,
      output: this.output,
      maxFileSize: workspace.getConfiguration('hairpin').get<number>('maxFileSize'),
    });
    this.client = client;
    this.onCreated(client);
    await client.start();
    return client;
  }

  dispose(): void {
    for (const l of this.listeners.splice(0)) l.dispose();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    await client?.stop();
  }
}

/** The first 2,000 lines are enough for the sniff (it reads 64 KB at most), and no large file is copied. */
function relevant(doc: TextDocument): boolean {
  return isRelevantDocument({ languageId: doc.languageId, path: doc.uri.path, scheme: doc.uri.scheme, text: doc.getText(new Range(0, 0, Math.min(doc.lineCount, 2000), 0)) });
}
