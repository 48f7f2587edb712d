/**
 * When analysis runs. Edits are debounced (the timer is re-armed by each change, so a superseded
 * version is never read nor analysed); opening a document, saving a changed one and requests that need
 * a document's results run it at once. Work is stamped by the state's revision: a run with nothing new
 * (a save without an edit) does nothing and publishes nothing.
 */
export interface SchedulerHooks {
  /** Reads the documents whose changes are pending, in their latest version. */
  readPending(uris: ReadonlySet<string>): void;
  /** Whether anything changed since the last analysis. */
  isDirty(): boolean;
  /** Analyses and publishes. */
  analyse(): void;
  /** Something became pending or stopped being pending (for the status item's quiescent flag). */
  pendingChanged(): void;
}

export class AnalysisScheduler {
  private readonly pendingDocs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Background work (index batches, watcher events) asks for an analysis less often than typing does. */
  private backgroundTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hooks: SchedulerHooks,
    private readonly settings: () => { readonly run: 'onType' | 'onSave'; readonly debounceMs: number },
  ) {}

  /** A document changed. With `run: onSave` it is read when saved (or when a request needs it). */
  changed(uri: string): void {
    const wasBusy = this.busy;
    this.pendingDocs.add(uri);
    if (this.settings().run === 'onSave') return;
    this.arm();
    if (!wasBusy) this.hooks.pendingChanged();
  }

  /** A document was saved: if it changed since it was last read, analyse at once. */
  saved(uri: string): void {
    if (!this.pendingDocs.has(uri) && !this.hooks.isDirty()) return;
    this.now();
  }

  /** Whether a document has changes that are not analysed yet. */
  isPending(uri: string): boolean {
    return this.pendingDocs.has(uri);
  }

  /** Reads what is pending and analyses now, if anything changed. */
  now(): void {
    this.clear();
    const uris = new Set(this.pendingDocs);
    this.pendingDocs.clear();
    if (uris.size > 0) this.hooks.readPending(uris);
    if (this.hooks.isDirty()) this.hooks.analyse();
    this.hooks.pendingChanged();
  }

  /** Analysis for background changes (index batches, files changed on disk), at most every `delayMs`. */
  background(delayMs: number): void {
    if (this.backgroundTimer) return;
    this.backgroundTimer = setTimeout(() => {
      this.backgroundTimer = undefined;
      // Documents whose changes wait for a save stay unread; only the background changes are analysed.
      if (this.hooks.isDirty()) this.hooks.analyse();
      this.hooks.pendingChanged();
    }, delayMs);
  }

  /** Background work finished (the index is complete): analyse what it changed now, not after the delay. */
  backgroundNow(): void {
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    this.backgroundTimer = undefined;
    if (this.hooks.isDirty()) this.hooks.analyse();
    this.hooks.pendingChanged();
  }

  /** Whether an analysis is waiting to run (for documents typed into, or background changes). */
  get busy(): boolean {
    return this.timer !== undefined || this.backgroundTimer !== undefined || (this.pendingDocs.size > 0 && this.settings().run === 'onType');
  }

  /** The document was closed: a pending change to it is moot. */
  forget(uri: string): void {
    this.pendingDocs.delete(uri);
  }

  dispose(): void {
    this.clear();
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    this.backgroundTimer = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.now();
    }, this.settings().debounceMs);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
