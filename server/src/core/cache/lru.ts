/**
 * A map bounded by entry count, and optionally by a total weight (an estimate of memory), that evicts
 * the least recently used entries (a read counts as a use). Long-lived callers (the language server)
 * keep memos in these, so a workspace with more distinct shapes than fit costs one miss per evicted
 * shape instead of a memo cleared wholesale. Iterating `keys()` does not count as a use.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;
  /**
   * False when neither bound can be reached (both at Number.MAX_SAFE_INTEGER, a cache made for one run):
   * nothing is evicted, so a read need not move its entry (two hash-table writes per hit).
   */
  private readonly evicts: boolean;

  constructor(
    readonly maxEntries: number,
    private readonly weight: { readonly max: number; readonly of: (value: V) => number } | undefined = undefined,
  ) {
    if (!(maxEntries >= 1)) throw new RangeError(`maxEntries must be at least 1, got ${maxEntries}`);
    this.evicts = maxEntries < Number.MAX_SAFE_INTEGER || (weight !== undefined && weight.max < Number.MAX_SAFE_INTEGER);
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.evicts) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  set(key: K, value: V): this {
    this.delete(key);
    const weight = this.weight ? this.weight.of(value) : 0;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    // The newest entry stays even when it alone is over the weight bound.
    while (this.entries.size > this.maxEntries || (this.weight && this.totalWeight > this.weight.max && this.entries.size > 1)) {
      this.delete(this.entries.keys().next().value as K);
    }
    return this;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated weight of everything held (0 without a weight function). */
  get weightHeld(): number {
    return this.totalWeight;
  }

  /** A snapshot, least recently used first (in insertion order when nothing is ever evicted). */
  keys(): K[] {
    return [...this.entries.keys()];
  }

  private delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }
}
