import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Notice } from '../core/model/workspace';
import type { ReanalyseResult } from '../protocol';
import { AnalysisState } from './analysis-state';
import { indexWorkspace } from './workspace-index';

/**
 * `hairpin/reanalyse` ("Hairpin: Re-analyse Workspace"): forget every cached read and simulation, read
 * the workspace folders and the open documents again, then let the caller analyse and publish (it
 * receives the index's notices). For when files changed behind the watcher's back.
 */
export function reanalyse(state: AnalysisState, folders: readonly string[], open: readonly TextDocument[], publish: (indexNotices: readonly Notice[]) => void): ReanalyseResult {
  state.dropCaches();
  const index = folders.length > 0 ? indexWorkspace(folders, state) : { files: 0, notices: [], truncated: false };
  for (const doc of open) if (AnalysisState.handles(doc)) state.update(doc);
  publish(index.notices);
  return { files: index.files, truncated: index.truncated };
}
