import { DidChangeWatchedFilesNotification, FileChangeType, type ClientCapabilities, type Connection, type FileEvent } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../core/parse/hairpin-config';
import type { Notice } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';
import { readSourceFile } from '../host/read-source';
import type { AnalysisState } from './analysis-state';
import { ClusterConfig } from './cluster-config';
import { canonicalUri, pathToUri, uriToPath } from './uri';

/**
 * `.hairpin.yaml` changes everything, so it is watched on disk, not only while open: the server asks the
 * client for a watcher (dynamic registration). A client that cannot register one still sends the events
 * of its own watcher (the VS Code client's watcher includes the file).
 */
export async function registerConfigWatcher(connection: Connection, capabilities: ClientCapabilities): Promise<void> {
  if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration !== true) return;
  try {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
  } catch (err) {
    connection.console.warn(`Hairpin could not watch ${CONFIG_FILE_NAME}: ${(err as Error).message}`);
  }
}

/**
 * Applies file-watcher events: re-read what changed on disk, forget what was deleted. Files are opened
 * under the index's policy (regular files only; links followed into `roots`, the workspace folders'
 * real paths). Returns whether anything changed.
 */
export function applyFileEvents(events: readonly FileEvent[], state: AnalysisState, roots: readonly string[], skipped: Map<string, Notice> = new Map()): boolean {
  let changed = false;
  for (const event of events) {
    const uri = canonicalUri(event.uri);
    if (ClusterConfig.isConfig(uri)) {
      // While it is open, the editor's text is the configuration; the disk copy counts again on close.
      if (state.config.appliesTo(uri) && !state.isConfigOpen) {
        state.config.reloadFromDisk();
        state.touch();
        changed = true;
      }
      continue;
    }
    const path = uriToPath(uri);
    if (!isAnalysablePath(uri) || path === undefined) continue;
    skipped.delete(uri);
    if (event.type === FileChangeType.Deleted) state.removeDisk(uri);
    else {
      const r = readSourceFile(path, { roots, maxChars: state.limits.maxFileSize });
      if (!r.ok) {
        // As the index does: the file is not read, and the status says why (a pipe, a link outside).
        skipped.set(uri, { ...r.notice, file: uri, message: r.notice.message.replace('(--max-file-size)', '(hairpin.maxFileSize)') });
        state.removeDisk(uri);
      } else {
        // A link inside the workspace is its target, read once under the target's URI (as the index and the CLI read it).
        const real = pathToUri(r.realPath);
        if (real !== uri) state.removeDisk(uri);
        state.setDisk(real, r.text);
      }
    }
    changed = true;
  }
  return changed;
}
