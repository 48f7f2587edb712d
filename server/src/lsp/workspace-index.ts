import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { Notice } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';
import { collectFiles } from '../host/collect-files';
import { readSourceFile, realRoot } from '../host/read-source';
import type { AnalysisState } from './analysis-state';
import { ClusterConfig } from './cluster-config';

/** Cross-file links need the files nobody has opened: a Terraform module, the NodePort Service in another folder. */
const MAX_INDEXED_FILES = 5000;

export interface IndexResult {
  readonly files: number;
  readonly notices: readonly Notice[];
  readonly truncated: boolean;
}

/** Real paths of the folders last indexed: watched-file events follow links only into these. */
let indexedRoots: string[] = [];

/** Reads every analysable file under the workspace folders into the state's disk layer. */
export function indexWorkspace(folders: readonly string[], state: AnalysisState): IndexResult {
  const paths = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  indexedRoots = paths.map(realRoot).filter((r): r is string => r !== undefined);
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
      // The index's policy: regular files only, links followed inside the workspace folders only.
      const r = readSourceFile(fileURLToPath(e.uri), { roots: indexedRoots, maxChars: state.limits.maxFileSize });
      if (r.ok) state.setDisk(e.uri, r.text);
      else state.removeDisk(e.uri);
    }
    changed = true;
  }
  return changed;
}
