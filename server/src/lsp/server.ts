import { join } from 'node:path';
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { initTreeSitter } from '../core/parse/tree-sitter';
import { readGrammarBytes } from '../host/grammars';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotificationMethod, type StatusParams } from '../protocol';
import { AnalysisState } from './analysis-state';
import { Positions } from './convert';
import { diagnosticsFor } from './diagnostics';
import { hover } from './hover';

/** Wires the LSP features to the engine. Each feature lives in its own file; this only connects them. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const state = new AnalysisState();
  const positions = new Positions((uri) => documents.get(uri)?.getText());
  const published = new Set<string>();
  const logged = new Set<string>();

  connection.onInitialize(async (params) => {
    state.config.loadFromDisk(params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined);
    try {
      await initTreeSitter(readGrammarBytes(join(__dirname, 'grammars'), join(__dirname, '..', 'node_modules')));
    } catch (err) {
      connection.console.error(`Terraform and CDK files cannot be read: the tree-sitter grammars did not load (${(err as Error).message}).`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
      },
      serverInfo: { name: 'hairpin', version },
    };
  });

  const validate = () => {
    try {
      const result = state.analyze();
      for (const doc of documents.all()) {
        if (!AnalysisState.handles(doc)) continue;
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: diagnosticsFor(doc.uri, result, positions) });
        published.add(doc.uri);
      }
      const skipped = result.notices.filter((n) => n.skipped);
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
    if (published.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    validate();
  });

  connection.onHover((params) => {
    try {
      return hover(params, state.result, positions);
    } catch (err) {
      connection.console.error(`Hairpin hover failed: ${(err as Error).message}`);
      return null;
    }
  });

  documents.listen(connection);
  connection.listen();
}
