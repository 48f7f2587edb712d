import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFacts, type AnalysisConfig, type AnalysisResult } from '../core/analyze';
import type { FileFacts } from '../core/model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from '../core/parse/guards';
import { isAnalysablePath, readFile } from '../core/parse/read-file';
import { ClusterConfig } from './cluster-config';

const MAX_CACHED_SIMULATIONS = 256;

/**
 * Per-file facts in two layers: what is on disk (the workspace index) and what is open in the editor
 * (keyed on version, so only a changed document is re-read). An open document hides its disk copy.
 * Linking and simulation re-run over the cached facts; simulations are memoised by scenario.
 */
export class AnalysisState {
  private readonly facts = new Map<string, { version: number; facts: FileFacts }>();
  private readonly disk = new Map<string, FileFacts>();
  /** Text of disk files that hold something, so findings in unopened files can be given positions. */
  private readonly diskTexts = new Map<string, string>();
  private readonly simulationCache: NonNullable<AnalysisConfig['simulationCache']> = new Map();
  private last: AnalysisResult = { files: [], frontends: [], findings: [], notices: [] };
  readonly config = new ClusterConfig();
  /** From the client's `hairpin.maxFileSize` setting. */
  limits: ReadLimits = DEFAULT_LIMITS;

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
    this.facts.set(doc.uri, { version: doc.version, facts: readFile({ path: doc.uri, text: doc.getText(), ...(language ? { language } : {}) }, this.limits) });
  }

  /** A file read from disk by the workspace index or a file-watcher event. */
  setDisk(uri: string, text: string): void {
    if (ClusterConfig.isConfig(uri)) return;
    const facts = readFile({ path: uri, text }, this.limits);
    this.disk.set(uri, facts);
    const relevant = facts.services.length + facts.loadBalancers.length + facts.targetGroups.length + facts.targetGroupBindings.length + facts.workloads.length > 0 || !!facts.terraform || !!facts.gatewayApi;
    if (relevant) this.diskTexts.set(uri, text);
    else this.diskTexts.delete(uri);
  }

  removeDisk(uri: string): void {
    this.disk.delete(uri);
    this.diskTexts.delete(uri);
  }

  diskText(uri: string): string | undefined {
    return this.diskTexts.get(uri);
  }

  isOpen(uri: string): boolean {
    return this.facts.has(uri);
  }

  get diskFileCount(): number {
    return this.disk.size;
  }

  /** "Re-analyse Workspace": forget every read (open and on disk) and simulation; the cluster file is read again. */
  dropCaches(): void {
    this.facts.clear();
    this.disk.clear();
    this.diskTexts.clear();
    this.simulationCache.clear();
    this.config.reloadFromDisk();
  }

  remove(uri: string): void {
    this.facts.delete(uri);
    if (ClusterConfig.isConfig(uri) && this.config.appliesTo(uri)) this.config.reloadFromDisk();
  }

  analyze(config: Omit<AnalysisConfig, 'simulationCache'> = {}): AnalysisResult {
    if (this.simulationCache.size > MAX_CACHED_SIMULATIONS) this.simulationCache.clear();
    const overrides = this.config.overrides;
    const onDisk = [...this.disk.entries()].filter(([uri]) => !this.facts.has(uri)).map(([, f]) => f);
    const result = analyzeFacts(
      [...onDisk, ...[...this.facts.values()].map((f) => f.facts)],
      // Diagnostics and hovers need probabilities, not packet traces; those are made on demand.
      { traces: false, ...config, ...(overrides ? { clusterOverrides: overrides } : {}), simulationCache: this.simulationCache },
    );
    this.last = { ...result, notices: [...result.notices, ...this.config.notices] };
    return this.last;
  }

  get result(): AnalysisResult {
    return this.last;
  }
}
