import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFacts, type AnalysisConfig, type AnalysisResult } from '../core/analyze';
import { AnalysisCache } from '../core/cache/analysis-cache';
import { keepLinkFacts } from '../core/cache/link-facts';
import type { FileFacts } from '../core/model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from '../core/parse/guards';
import { isAnalysablePath, readFile } from '../core/parse/read-file';
import { DEFAULT_THRESHOLDS, type SeverityThresholds } from '../core/rules/severity';
import { ClusterConfig } from './cluster-config';
import { canonicalUri } from './uri';

/**
 * Per-file facts in two layers: what is on disk (the workspace index) and what is open in the editor
 * (keyed on version, so only a changed document is re-read). An open document hides its disk copy.
 * Linking and simulation re-run over the cached facts through one long-lived AnalysisCache, so an edit
 * re-evaluates only the module, joins and frontends whose inputs changed.
 * Every URI here is canonical (uri.ts): `update` makes an open document's so, the other callers pass it.
 */
export class AnalysisState {
  private readonly facts = new Map<string, { version: number; text: string; facts: FileFacts }>();
  private readonly disk = new Map<string, FileFacts>();
  /** Text of disk files that hold something, so findings in unopened files can be given positions. */
  private readonly diskTexts = new Map<string, string>();
  private cache = new AnalysisCache();
  private last: AnalysisResult = { files: [], frontends: [], findings: [], notices: [] };
  /** Bumped by every change to the inputs; an analysis at the same revision would change nothing. */
  private inputRevision = 0;
  private analysedRevision = -1;
  readonly config = new ClusterConfig();
  /** From the `hairpin.maxFileSize` setting. */
  limits: ReadLimits = DEFAULT_LIMITS;
  private severity: SeverityThresholds = DEFAULT_THRESHOLDS;
  /** `.hairpin.yaml` while it is open: its diagnostics are its own notices. */
  private configDoc: { uri: string; version: number; text: string } | undefined;

  static handles(doc: TextDocument): boolean {
    return doc.languageId === 'yaml' || isAnalysablePath(doc.uri);
  }

  /** Whether anything changed since the last analysis (a save without an edit changes nothing). */
  get dirty(): boolean {
    return this.inputRevision !== this.analysedRevision;
  }

  /** Marks the inputs changed from outside (settings, `.hairpin.yaml` read again). */
  touch(): void {
    this.inputRevision++;
  }

  set thresholds(t: SeverityThresholds) {
    if (t.error === this.severity.error && t.warning === this.severity.warning) return;
    this.severity = t;
    this.touch();
  }

  get thresholds(): SeverityThresholds {
    return this.severity;
  }

  /** An open document, keyed by its canonical URI (uri.ts): the index's copy of the same file is hidden by it. */
  update(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    if (ClusterConfig.isConfig(uri)) {
      if (this.config.appliesTo(uri) && !(this.configDoc?.uri === uri && this.configDoc.version === doc.version)) {
        this.config.setText(uri, doc.getText());
        this.configDoc = { uri, version: doc.version, text: doc.getText() };
        this.touch();
      }
      return;
    }
    const known = this.facts.get(uri);
    if (known && known.version === doc.version) return;
    const language = doc.languageId === 'yaml' ? 'yaml' : undefined;
    const text = doc.getText();
    const facts = keepLinkFacts(known?.facts ?? this.disk.get(uri), readFile({ path: uri, text, ...(language ? { language } : {}) }, this.limits));
    this.facts.set(uri, { version: doc.version, text, facts });
    this.touch();
  }

  /** The version of an open document that the facts were read from (undefined when not read). */
  readVersion(uri: string): number | undefined {
    return this.facts.get(uri)?.version ?? (this.configDoc?.uri === uri ? this.configDoc.version : undefined);
  }

  /** Open documents as last read: positions of findings must come from the text that was analysed. */
  get openDocuments(): { uri: string; version: number }[] {
    const docs = [...this.facts].map(([uri, f]) => ({ uri, version: f.version }));
    return this.configDoc ? [...docs, { uri: this.configDoc.uri, version: this.configDoc.version }] : docs;
  }

  /** The text an open document's facts were read from, else the disk text of a file that holds something. */
  analysedText(uri: string): string | undefined {
    return this.facts.get(uri)?.text ?? (this.configDoc?.uri === uri ? this.configDoc.text : undefined) ?? this.diskTexts.get(uri);
  }

  /** A file read from disk by the workspace index or a file-watcher event. */
  setDisk(uri: string, text: string): void {
    if (ClusterConfig.isConfig(uri)) return;
    // The watcher reports saves of files the index already holds: same text, nothing to do.
    if (this.disk.has(uri) && this.diskTexts.get(uri) === text) return;
    const facts = keepLinkFacts(this.disk.get(uri), readFile({ path: uri, text }, this.limits));
    this.disk.set(uri, facts);
    // A YAML or template file keeps its text in its facts: a helm_release may read it as values, and findings may point into it.
    const relevant = facts.services.length + facts.loadBalancers.length + facts.targetGroups.length + facts.targetGroupBindings.length + facts.workloads.length > 0 || !!facts.terraform || !!facts.gatewayApi || facts.text !== undefined;
    if (relevant) this.diskTexts.set(uri, text);
    else this.diskTexts.delete(uri);
    this.touch();
  }

  removeDisk(uri: string): void {
    if (!this.disk.delete(uri)) return;
    this.diskTexts.delete(uri);
    this.touch();
  }

  diskText(uri: string): string | undefined {
    return this.diskTexts.get(uri);
  }

  hasDisk(uri: string): boolean {
    return this.disk.has(uri);
  }

  /** Whether `.hairpin.yaml` is open: its text in the editor is the configuration, not the disk copy. */
  get isConfigOpen(): boolean {
    return this.configDoc !== undefined;
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
    this.cache = new AnalysisCache();
    this.config.reloadFromDisk();
    this.touch();
  }

  remove(uri: string): void {
    if (this.facts.delete(uri)) this.touch();
    if (ClusterConfig.isConfig(uri) && this.config.appliesTo(uri)) {
      this.configDoc = undefined;
      this.config.reloadFromDisk();
      this.touch();
    }
  }

  /** Forgets the files read from disk (the index starts again with other settings). */
  clearDisk(): void {
    this.disk.clear();
    this.diskTexts.clear();
    this.touch();
  }

  /** Forgets the open documents' facts (the read limits changed), so the next update reads them again. */
  clearOpen(): void {
    this.facts.clear();
    this.touch();
  }

  analyze(config: Omit<AnalysisConfig, 'cache'> = {}): AnalysisResult {
    const revision = this.inputRevision;
    const overrides = this.config.overrides;
    const files: FileFacts[] = [];
    for (const [uri, f] of this.disk) if (!this.facts.has(uri)) files.push(f);
    for (const f of this.facts.values()) files.push(f.facts);
    const result = analyzeFacts(files, {
      // Diagnostics and hovers need probabilities, not packet traces; those are made on demand.
      traces: false,
      thresholds: this.severity,
      ...config,
      ...(overrides ? { clusterOverrides: overrides } : {}),
      cache: this.cache,
    });
    this.last = { ...result, notices: [...result.notices, ...this.config.notices] };
    this.analysedRevision = revision;
    return this.last;
  }

  /** Analyses that linked the workspace again, since the caches were last dropped (test-counters.ts). */
  get links(): number {
    return this.cache.links;
  }

  get result(): AnalysisResult {
    return this.last;
  }
}
