import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { Notice } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';
import { collectFiles } from '../host/collect-files';
import type { AnalysisState } from './analysis-state';
import { ClusterConfig } from './cluster-config';

/** Cross-file links need the files nobody has opened: a Terraform module, the NodePort Service in another folder. */
const MAX_INDEXED_FILES = 5000;

export interface IndexResult {
  readonly files: number;
  readonly notices: readonly Notice[];
  readonly truncated: boolean;
}

/** Reads every analysable file under the workspace folders into the state's disk layer. */
export function indexWorkspace(folders: readonly string[], state: AnalysisState): IndexResult {
  const paths = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  const collected = collectFiles(paths, state.limits.maxFileSize);
  const files = collected.files.slice(0, MAX_INDEXED_FILES);
  for (const f of files) state.setDisk(pathToFileURL(f.path).href, f.text);
  const notices = collected.notices.map((n) => ({ ...n, file: pathToFileURL(n.file).href }));
  return { files: files.length, notices, truncated: collected.files.length > files.length };
}

/** Applies file-watcher events: re-read what changed on disk, forget what was deleted. */
export function applyFileEvents(events: readonly FileEvent[], state: AnalysisState): boolean {
  let changed = false;
  for (const e of events) {
    if (ClusterConfig.isConfig(e.uri)) {
      if (state.config.appliesTo(e.uri) && !state.isOpen(e.uri)) state.config.reloadFromDisk();
      changed = true;
      continue;
    }
    if (!isAnalysablePath(e.uri) || !e.uri.startsWith('file:')) continue;
    if (e.type === FileChangeType.Deleted) state.removeDisk(e.uri);
    else {
      try {
        state.setDisk(e.uri, readFileSync(fileURLToPath(e.uri), 'utf8'));
      } catch {
        state.removeDisk(e.uri);
      }
    }
    changed = true;
  }
  return changed;
}
