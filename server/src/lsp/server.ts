import { join } from 'node:path';
import { realRoot } from '../host/read-source';
import { CancellationToken, DidChangeConfigurationNotification, TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type Connection, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Notice } from '../core/model/workspace';
import { initTreeSitter } from '../core/parse/tree-sitter';
import { readGrammarBytes } from '../host/grammars';
import { ReanalyseRequestMethod, StatusNotificationMethod, type ReanalyseResult } from '../protocol';
import { AnalysisState } from './analysis-state';
import { Positions } from './convert';
import { LensRefresher } from './lens-refresh';
import { FEATURE_CAPABILITIES, FEATURES, requestCancelled, type Feature, type FeatureContext } from './features';
import { WorkspaceIndexer, type IndexProgress } from './indexer';
import { DiagnosticsPublisher } from './publish-diagnostics';
import { AnalysisScheduler } from './scheduler';
import { SettingsSource, type HairpinSettings } from './settings';
import { statusOf } from './status';
import { serveTestCounters, wantsTestCounters } from './test-counters';
import { canonicalUri, ClientUris, uriToPath } from './uri';
import { applyFileEvents, registerConfigWatcher } from './watchers';

/** While the index runs, cross-file links are refreshed this often (each run is incremental). */
const INDEX_ANALYSIS_MS = 1000;
/** Index progress reaches the client at most this often. */
const PROGRESS_MS = 200;

/**
 * Wires the LSP features to the engine: documents and watchers feed the state, the scheduler decides
 * when to analyse, the publisher sends what changed, the indexer reads the workspace in the background.
 * Request features get a FeatureContext (see features.ts); pass more to extend the server.
 * URIs from the client are made canonical here, as they arrive (uri.ts); `documents` alone keeps the
 * client's spelling, and what goes back names open documents as the client does.
 */
export function startServer(connection: Connection, version: string, features: readonly Feature[] = FEATURES): void {
  const documents = new TextDocuments(TextDocument);
  const state = new AnalysisState();
  const uris = new ClientUris();
  const settings = new SettingsSource();
  const text = (uri: string) => state.analysedText(uri);
  const positions = new Positions(text);
  const publisher = new DiagnosticsPublisher(connection, positions, text, (uri) => uris.toClient(uri));
  const logged = new Set<string>();
  let capabilities: ClientCapabilities = {};
  let folders: string[] = [];
  let failed = false;
  /** Files a watched-file event named but Hairpin did not read (a pipe, a link outside), by URI. */
  const watchSkipped = new Map<string, Notice>();
  let lastStatus = '';
  let indexProgress: IndexProgress | undefined;
  let progress: WorkDoneProgressServerReporter | undefined;
  let progressSent = 0;
  let analyses = 0;

  const sendStatus = () => {
    const skipped = [...indexer.skipped, ...watchSkipped.values(), ...state.result.notices].filter((n) => n.skipped);
    // Log each skip once, not on every keystroke.
    for (const n of skipped) {
      const line = `${n.file}: ${n.message}`;
      if (!logged.has(line)) connection.console.info(line);
      logged.add(line);
    }
    const status = statusOf(state.result, skipped, !scheduler.busy && !indexer.running, indexProgress, failed);
    const json = JSON.stringify(status);
    if (json === lastStatus) return;
    lastStatus = json;
    void connection.sendNotification(StatusNotificationMethod, status);
  };

  const lenses = new LensRefresher(connection, () => capabilities);

  const analyse = () => {
    try {
      analyses++;
      const result = state.analyze();
      failed = false;
      publisher.publish(result, state.openDocuments);
      lenses.changed(result);
    } catch (err) {
      // The server must survive anything a workspace holds: report, keep serving.
      failed = true;
      connection.console.error(`Hairpin analysis failed: ${(err as Error).stack ?? String(err)}`);
    }
  };

  /** The workspace folders' real paths: watched-file events follow links into these only. */
  const realRoots = () => folders.flatMap((u) => uriToPath(u) ?? []).flatMap((path) => realRoot(path) ?? []);

  /** Waiting for the current index to finish ("Re-analyse Workspace" answers then). */
  const indexDone: ((p: IndexProgress) => void)[] = [];

  const scheduler = new AnalysisScheduler(
    {
      readPending: (pending) => {
        for (const uri of pending) {
          const doc = documents.get(uris.toClient(uri));
          if (doc && AnalysisState.handles(doc)) state.update(doc);
        }
      },
      isDirty: () => state.dirty,
      analyse,
      pendingChanged: sendStatus,
    },
    () => settings.value,
  );

  const indexer = new WorkspaceIndexer({
    file: (uri, t) => state.setDisk(uri, t),
    progress: (p) => {
      indexProgress = p;
      const now = performance.now();
      if (!p.done && now - progressSent < PROGRESS_MS) return;
      progressSent = now;
      const message = `${p.read} files read / ${p.found} files found`;
      if (p.done) {
        for (const resolve of indexDone.splice(0)) resolve(p);
        if (p.truncated) connection.console.info(`Hairpin stopped indexing at ${p.read} files (hairpin.index.maxFiles is ${p.limit}); open files are still analysed.`);
        progress?.done();
        progress = undefined;
        scheduler.backgroundNow();
        sendStatus();
      } else {
        progress?.report(p.found ? Math.floor((100 * p.read) / p.found) : 0, message);
        scheduler.background(INDEX_ANALYSIS_MS);
        sendStatus();
      }
    },
  });

  const startIndex = async () => {
    indexer.abandon();
    progress?.done();
    progress = undefined;
    if (folders.length === 0) return;
    if (capabilities.window?.workDoneProgress) {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin('Hairpin: indexing', 0, 'files read / files found', true);
      reporter.token.onCancellationRequested(() => indexer.cancel());
      progress = reporter;
    }
    const s = settings.value;
    indexer.start({ folders, priorityUris: documents.all().map((d) => d.uri), maxFiles: s.index.maxFiles, maxFileSize: s.maxFileSize, exclude: s.exclude });
  };

  /** Applies settings; returns whether the index must start again. */
  const apply = (before: HairpinSettings, after: HairpinSettings): boolean => {
    state.thresholds = after.severity;
    if (after.maxFileSize !== before.maxFileSize) {
      state.limits = { maxFileSize: after.maxFileSize };
      state.clearOpen();
      for (const doc of documents.all()) if (AnalysisState.handles(doc)) state.update(doc);
    }
    return after.maxFileSize !== before.maxFileSize || after.index.maxFiles !== before.index.maxFiles || JSON.stringify(after.exclude) !== JSON.stringify(before.exclude);
  };

  connection.onInitialize(async (params) => {
    capabilities = params.capabilities;
    folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])).map(canonicalUri);
    settings.init(capabilities, params.initializationOptions);
    if (wantsTestCounters(params.initializationOptions)) serveTestCounters(connection, () => ({ analyses, links: state.links }));
    state.thresholds = settings.value.severity;
    state.limits = { maxFileSize: settings.value.maxFileSize };
    state.config.loadFromDisk(folders[0]);
    try {
      await initTreeSitter(readGrammarBytes(join(__dirname, 'grammars'), join(__dirname, '..', 'node_modules')));
    } catch (err) {
      connection.console.error(`Terraform and CDK files cannot be read: the tree-sitter grammars did not load (${(err as Error).message}).`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...FEATURE_CAPABILITIES,
      },
      serverInfo: { name: 'hairpin', version },
    };
  });

  connection.onInitialized(async () => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hairpin' }).catch(() => undefined);
    }
    void registerConfigWatcher(connection, capabilities);
    const before = settings.value;
    const after = await settings.refresh(connection);
    apply(before, after);
    // Documents opened while the settings were on their way are analysed with the settings now.
    if (state.dirty) scheduler.now();
    await startIndex();
    sendStatus();
  });

  connection.onDidChangeConfiguration(async (params) => {
    const before = settings.value;
    const after = await settings.refresh(connection, params.settings);
    if (apply(before, after)) {
      state.clearDisk();
      await startIndex();
    }
    // With `run: onSave`, unsaved edits stay unread; a change of thresholds still re-publishes.
    if (after.run === 'onType') scheduler.now();
    else scheduler.backgroundNow();
  });

  documents.onDidOpen((e) => {
    uris.opened(e.document.uri);
    if (!AnalysisState.handles(e.document)) return;
    state.update(e.document);
    // The opened file gets its diagnostics at once, with whatever the index has read so far.
    scheduler.now();
  });
  documents.onDidChangeContent((e) => {
    const uri = canonicalUri(e.document.uri);
    if (!AnalysisState.handles(e.document) || state.readVersion(uri) === e.document.version) return;
    scheduler.changed(uri);
  });
  documents.onDidSave((e) => {
    if (AnalysisState.handles(e.document)) scheduler.saved(canonicalUri(e.document.uri));
  });
  documents.onDidClose((e) => {
    const uri = uris.closed(e.document.uri);
    scheduler.forget(uri);
    state.remove(uri);
    publisher.closed(uri);
    scheduler.now();
  });

  // "Hairpin: Re-analyse Workspace": forget every read and simulation, read the open documents and the
  // workspace again, and answer when the index is done (its diagnostics follow as usual). Cancelled
  // before it starts, it does nothing; cancelled while the index runs, it stops waiting (the index goes on).
  connection.onRequest(ReanalyseRequestMethod, async (...args: unknown[]): Promise<ReanalyseResult> => {
    // The request has no params; the token comes last either way.
    const token = args.find((a): a is CancellationToken => CancellationToken.is(a));
    if (token?.isCancellationRequested) throw requestCancelled();
    state.dropCaches();
    for (const doc of documents.all()) if (AnalysisState.handles(doc)) state.update(doc);
    scheduler.now();
    if (folders.length === 0) return { files: 0, truncated: false };
    const done = new Promise<IndexProgress>((resolve) => indexDone.push(resolve));
    const cancelled = new Promise<never>((_, reject) => token?.onCancellationRequested(() => reject(requestCancelled())));
    const p = await Promise.race([
      cancelled,
      (async () => {
        await startIndex();
        return done;
      })(),
    ]);
    return { files: p.read, truncated: p.truncated };
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (applyFileEvents(params.changes, state, realRoots(), watchSkipped)) scheduler.background(settings.value.debounceMs);
  });

  const context: FeatureContext = {
    connection,
    documents,
    state,
    positions,
    uris,
    settings: () => settings.value,
    capabilities: () => capabilities,
    resultFor: (uri) => {
      if (scheduler.isPending(uri)) {
        if (settings.value.run === 'onSave') return undefined;
        scheduler.now();
      }
      return state.result;
    },
    latest: () => state.result,
  };
  for (const feature of features) feature(context);

  connection.onShutdown(() => {
    indexer.abandon();
    scheduler.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
