import { join } from 'node:path';
import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { initTreeSitter } from '../core/parse/tree-sitter';
import { readGrammarBytes } from '../host/grammars';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ExplainRequestMethod, FrontendsRequestMethod, ReanalyseRequestMethod, StatusNotificationMethod, TraceRequestMethod, type ExplainParams, type StatusParams, type TraceParams } from '../protocol';
import { codeActions, codeActionSupport, type CodeActionSupport } from './code-action';
import { codeLenses } from './code-lens';
import { explainRequest, frontendsRequest, traceRequest } from './custom-requests';
import { AnalysisState } from './analysis-state';
import { Positions } from './convert';
import { diagnosticsFor } from './diagnostics';
import { hover } from './hover';
import { reanalyse } from './reanalyse';
import { applyFileEvents, indexWorkspace } from './workspace-index';
import type { Notice } from '../core/model/workspace';

/** Wires the LSP features to the engine. Each feature lives in its own file; this only connects them. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const state = new AnalysisState();
  const positions = new Positions((uri) => documents.get(uri)?.getText() ?? state.diskText(uri));
  const published = new Set<string>();
  const logged = new Set<string>();

  let folders: string[] = [];
  let actionSupport: CodeActionSupport = { disabled: false, documentChanges: false };
  connection.onInitialize(async (params) => {
    actionSupport = codeActionSupport(params.capabilities);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const maxFileSize = (params.initializationOptions as { maxFileSize?: unknown } | undefined)?.maxFileSize;
    if (typeof maxFileSize === 'number' && maxFileSize > 0) state.limits = { maxFileSize };
    state.config.loadFromDisk(folders[0]);
    try {
      await initTreeSitter(readGrammarBytes(join(__dirname, 'grammars'), join(__dirname, '..', 'node_modules')));
    } catch (err) {
      connection.console.error(`Terraform and CDK files cannot be read: the tree-sitter grammars did not load (${(err as Error).message}).`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'hairpin', version },
    };
  });

  let indexNotices: readonly Notice[] = [];
  const validate = () => {
    try {
      const result = state.analyze();
      const current = new Set<string>();
      for (const doc of documents.all()) {
        if (!AnalysisState.handles(doc)) continue;
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: diagnosticsFor(doc.uri, result, positions) });
        current.add(doc.uri);
      }
      // Files that are not open show their findings too (not their notices: a skipped Helm template is not a problem).
      for (const uri of new Set(result.findings.map((f) => f.span.file))) {
        if (current.has(uri)) continue;
        void connection.sendDiagnostics({ uri, diagnostics: diagnosticsFor(uri, { ...result, notices: [] }, positions) });
        current.add(uri);
      }
      for (const uri of published) if (!current.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      published.clear();
      for (const uri of current) published.add(uri);
      const skipped = [...indexNotices, ...result.notices].filter((n) => n.skipped);
      // Log each skip once, not on every keystroke.
      for (const n of skipped) {
        const line = `${n.file}: ${n.message}`;
        if (!logged.has(line)) connection.console.info(line);
        logged.add(line);
      }
      const status: StatusParams = {
        state: result.findings.length ? 'findings' : 'ok',
        frontends: result.frontends.length,
        findings: result.findings.length,
        skippedFiles: skipped.map((n) => ({ uri: n.file, reason: n.message })),
      };
      void connection.sendNotification(StatusNotificationMethod, status);
    } catch (err) {
      // The server must survive anything a workspace holds: report, keep serving.
      connection.console.error(`Hairpin analysis failed: ${(err as Error).stack ?? String(err)}`);
    }
  };

  documents.onDidChangeContent((e) => {
    if (!AnalysisState.handles(e.document)) return;
    state.update(e.document);
    validate();
  });
  documents.onDidSave((e) => {
    if (!AnalysisState.handles(e.document)) return;
    state.update(e.document);
    validate();
  });
  documents.onDidClose((e) => {
    state.remove(e.document.uri);
    validate();
  });

  connection.onInitialized(() => {
    const started = folders.length > 0 ? indexWorkspace(folders, state) : undefined;
    if (started) {
      indexNotices = started.notices;
      connection.console.info(`Hairpin indexed ${started.files} file(s) in the workspace${started.truncated ? ' (stopped at the limit; open files are still analysed)' : ''}.`);
    }
    // Nothing read and nothing open: nothing to report until a document opens.
    if ((started?.files ?? 0) > 0 || documents.all().length > 0) validate();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (applyFileEvents(params.changes, state)) validate();
  });

  connection.onHover((params) => {
    try {
      return hover(params, state.result, positions);
    } catch (err) {
      connection.console.error(`Hairpin hover failed: ${(err as Error).message}`);
      return null;
    }
  });

  /** A feature handler must never take the server down: log and answer null. */
  const guarded =
    <P, R>(what: string, handler: (params: P) => R) =>
    (params: P): R | null => {
      try {
        return handler(params);
      } catch (err) {
        connection.console.error(`Hairpin ${what} failed: ${(err as Error).stack ?? String(err)}`);
        return null;
      }
    };
  connection.onCodeAction((params, token) =>
    // A request cancelled before it starts is answered with nothing (vscode-eslint does the same).
    token.isCancellationRequested ? null : guarded('code action', () => codeActions(params, state.result, positions, actionSupport, (uri) => documents.get(uri)?.version ?? null))(params),
  );
  connection.onCodeLens(guarded('code lens', (params) => codeLenses(params, state.result, positions)));
  connection.onRequest(TraceRequestMethod, guarded('trace', (params: TraceParams) => traceRequest(params, state.result, positions)));
  connection.onRequest(FrontendsRequestMethod, guarded('frontends', () => frontendsRequest(state.result, positions)));
  connection.onRequest(ExplainRequestMethod, guarded('explain', (params: ExplainParams) => explainRequest(params, state.result, positions)));
  connection.onRequest(ReanalyseRequestMethod, guarded('re-analyse', () => reanalyse(state, folders, documents.all(), (notices) => ((indexNotices = notices), validate()))));

  documents.listen(connection);
  connection.listen();
}
