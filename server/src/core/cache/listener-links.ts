import { changedKeys, ReadLog, type LookupTable } from '../link/read-log';
import type { ListenerModel } from '../model/nlb';

/**
 * Each listener's link and analysis from the last run, with what its link read from the workspace's
 * lookup table (link/read-log.ts). A run builds the table again; a listener is linked and analysed again
 * only when one of its reads now answers differently, or the workspace-wide inputs (`global`: options,
 * zones, `.hairpin.yaml`) changed. Editing one Service of five hundred NLBs re-links the listeners that
 * read that Service (its own, and any that found it by name or NodePort), not all of them.
 *
 * Reuse is exact, not a guess: every object a listener's frontend is made of was reached through a
 * tracked lookup, facts are never changed once read, and a lookup whose answer is the same object gives
 * the same frontend. The property tests compare every run with a fresh analysis.
 */
export class ListenerLinks<T> {
  private table: LookupTable | undefined;
  private global: string | undefined;
  private kept = new Map<ListenerModel, { readonly reads: ReadonlySet<string>; readonly value: T }>();
  private next = new Map<ListenerModel, { readonly reads: ReadonlySet<string>; readonly value: T }>();
  /** Reads whose answers changed since the last run; undefined when everything is linked again. */
  private dirty: ReadonlySet<string> | undefined;
  /** What `link` calls record their reads in: give it to `trackedLookups`. */
  readonly log = new ReadLog();
  /** Listeners linked again in the last run (the rest were kept): for tests and benchmarks. */
  relinked = 0;

  /** Starts a run over the table built from the workspace as it is now. */
  begin(table: LookupTable, global: string): void {
    this.dirty = this.table !== undefined && this.global === global ? changedKeys(this.table, table) : undefined;
    this.table = table;
    this.global = global;
    this.next = new Map();
    this.relinked = 0;
  }

  /** The listener's last value if nothing it read changed; otherwise `link()`, with its reads recorded. */
  get(listener: ListenerModel, link: () => T): T {
    const known = this.kept.get(listener);
    if (known && this.dirty && !someIn(known.reads, this.dirty)) {
      this.next.set(listener, known);
      return known.value;
    }
    const reads = new Set<string>();
    this.log.reads = reads;
    try {
      const value = link();
      this.next.set(listener, { reads, value });
      this.relinked++;
      return value;
    } finally {
      this.log.reads = undefined;
    }
  }

  /** Ends the run: listeners not seen in it (their file changed or is gone) are forgotten. */
  end(): void {
    this.kept = this.next;
    this.next = new Map();
  }
}

function someIn(reads: ReadonlySet<string>, dirty: ReadonlySet<string>): boolean {
  if (dirty.size === 0) return false;
  for (const r of reads) if (dirty.has(r)) return true;
  return false;
}
