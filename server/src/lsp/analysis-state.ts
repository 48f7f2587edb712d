import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFacts, type AnalysisConfig, type AnalysisResult } from '../core/analyze';
import type { FileFacts } from '../core/model/workspace';
import { isAnalysablePath, readFile } from '../core/parse/read-file';
import { ClusterConfig } from './cluster-config';

const MAX_CACHED_SIMULATIONS = 256;

/**
 * Per-document facts keyed on version, so only a changed document is re-read; linking and
 * simulation are re-run over the cached facts (simulations themselves are memoised by scenario).
 */
export class AnalysisState {
  private readonly facts = new Map<string, { version: number; facts: FileFacts }>();
  private readonly simulationCache: NonNullable<AnalysisConfig['simulationCache']> = new Map();
  private last: AnalysisResult = { files: [], frontends: [], findings: [], notices: [] };
  readonly config = new ClusterConfig();

  static handles(doc: TextDocument): boolean {
    return doc.languageId === 'yaml' || isAnalysablePath(doc.uri);
  }

  update(doc: TextDocument): void {
    if (ClusterConfig.isConfig(doc.uri)) {
      if (this.config.appliesTo(doc.uri)) this.config.setText(doc.uri, doc.getText());
      return;
    }
    const known = this.facts.get(doc.uri);
    if (known && known.version === doc.version) return;
    const language = doc.languageId === 'yaml' ? 'yaml' : undefined;
    this.facts.set(doc.uri, { version: doc.version, facts: readFile({ path: doc.uri, text: doc.getText(), ...(language ? { language } : {}) }) });
  }

  remove(uri: string): void {
    this.facts.delete(uri);
    if (ClusterConfig.isConfig(uri) && this.config.appliesTo(uri)) this.config.reloadFromDisk();
  }

  analyze(config: Omit<AnalysisConfig, 'simulationCache'> = {}): AnalysisResult {
    if (this.simulationCache.size > MAX_CACHED_SIMULATIONS) this.simulationCache.clear();
    const overrides = this.config.overrides;
    const result = analyzeFacts(
      [...this.facts.values()].map((f) => f.facts),
      { ...config, ...(overrides ? { clusterOverrides: overrides } : {}), simulationCache: this.simulationCache },
    );
    this.last = { ...result, notices: [...result.notices, ...this.config.notices] };
    return this.last;
  }

  get result(): AnalysisResult {
    return this.last;
  }
}
