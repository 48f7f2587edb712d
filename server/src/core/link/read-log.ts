/**
 * What linking one listener looked up in the workspace's indexes, so that after an edit only the
 * listeners whose lookups now answer differently are linked again (cache/listener-links.ts).
 *
 * Every index a listener's link reads is reached through `Lookup`s made by `trackedLookups` from one
 * table of named indexes (`LookupTable`). After an edit the table is built again and compared with the
 * last one (`changedKeys`): a listener none of whose reads changed would link to the same objects. A
 * lookup added later is tracked by being in the table, with nothing to keep in step by hand.
 */

/** The one operation linking uses on an index. */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/** Lists read whole (every EnvoyFilter, every mesh config): one key stands for the list. */
export interface WholeList<T> {
  readonly items: readonly T[];
}

export type LookupTable = Readonly<Record<string, ReadonlyMap<unknown, unknown> | WholeList<unknown>>>;

/** The reads of the listener being linked, if one is. */
export class ReadLog {
  reads: Set<string> | undefined;
}

/** Records `name\0key` in the log on each read. */
function trackedMap<K, V>(name: string, map: ReadonlyMap<K, V>, log: ReadLog): Lookup<K, V> {
  return {
    get(key: K): V | undefined {
      log.reads?.add(`${name}\0${String(key)}`);
      return map.get(key);
    },
  };
}

function trackedList<T>(name: string, list: WholeList<T>, log: ReadLog): WholeList<T> {
  return {
    get items(): readonly T[] {
      log.reads?.add(name);
      return list.items;
    },
  };
}

function isList(x: ReadonlyMap<unknown, unknown> | WholeList<unknown>): x is WholeList<unknown> {
  return !(x instanceof Map);
}

/** The table's indexes, each recording its reads in `log`. */
export function trackedLookups<T extends LookupTable>(table: T, log: ReadLog): { readonly [K in keyof T]: T[K] extends ReadonlyMap<infer A, infer B> ? Lookup<A, B> : T[K] } {
  const out: Record<string, unknown> = {};
  for (const [name, index] of Object.entries(table)) out[name] = isList(index) ? trackedList(name, index, log) : trackedMap(name, index, log);
  return out as never;
}

/**
 * The reads whose answers differ between two builds of the same table: keys added, removed, or whose
 * value is not the same (facts compare by identity, lists and small records element by element), and
 * whole lists that differ. Everything in a table that was not there before counts as changed.
 */
export function changedKeys(before: LookupTable, after: LookupTable): Set<string> {
  const out = new Set<string>();
  for (const [name, now] of Object.entries(after)) {
    const was = before[name];
    // An index kept from the last run (the workload index while no workload changed) has no changed key.
    if (was === now) continue;
    if (isList(now)) {
      if (!was || !isList(was) || !sameAnswer(was.items, now.items)) out.add(name);
      continue;
    }
    const old = was && !isList(was) ? was : new Map<unknown, unknown>();
    for (const [key, value] of now) if (!sameAnswer(old.get(key), value)) out.add(`${name}\0${String(key)}`);
    for (const key of old.keys()) if (!now.has(key)) out.add(`${name}\0${String(key)}`);
  }
  return out;
}

/** Identical, or arrays / plain records whose elements are identical (one level deep). */
function sameAnswer(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameAnswer(a[i], b[i]) && !sameRecord(a[i], b[i])) return false;
    return true;
  }
  return sameRecord(a, b);
}

function sameRecord(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return a === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
