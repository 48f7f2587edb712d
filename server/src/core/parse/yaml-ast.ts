import { isAlias, isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { span, type Span } from '../text/span';

/** Small, total helpers over the `yaml` AST. None of them throws; aliases are never followed. */

export interface Entry {
  readonly key: string;
  readonly keyNode: Scalar;
  readonly value: Node | null;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** A pair's key as entries() names it; undefined when the key is not a scalar string, number or boolean. */
function keyText(pair: Pair<unknown, unknown>): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const key = pair.key.value;
  return typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'boolean' ? String(key) : undefined;
}

export function entries(node: unknown): Entry[] {
  const map = asMap(node);
  if (!map) return [];
  const out: Entry[] = [];
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    const key = keyText(pair);
    if (key !== undefined) out.push({ key, keyNode: pair.key as Scalar, value: (pair.value as Node | null) ?? null });
  }
  return out;
}

/** The first entry named `key`: the same as `entries(node).find(...)`, without building the list (readers look up keys per document). */
export function entry(node: unknown, key: string): Entry | undefined {
  const map = asMap(node);
  if (!map) return undefined;
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    if (keyText(pair) === key) return { key, keyNode: pair.key as Scalar, value: (pair.value as Node | null) ?? null };
  }
  return undefined;
}

/** Follows a path of map keys; undefined as soon as a step is missing or not a map. */
export function entryAt(node: unknown, path: readonly string[]): Entry | undefined {
  let current: unknown = node;
  let found: Entry | undefined;
  for (const key of path) {
    found = entry(current, key);
    if (!found) return undefined;
    current = found.value;
  }
  return found;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for anything else. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A scalar as written in the file (`1e308`, `.inf`), not as JavaScript prints its value; undefined for anything else. */
export function writtenText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.source === 'string' && node.source !== '' ? node.source : scalarText(node);
}

/** A value as a message names it: a scalar as written, or what kind of node it is. */
export function describeValue(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isAlias(node)) return `an alias (*${node.source})`;
  return isScalar(node) && node.value !== null ? String(writtenText(node)) : 'null';
}

export function scalarNumber(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** A whole, non-negative count no larger than 2^53 - 1; undefined for anything else (-5, 1.5, "x"). */
export function scalarCount(node: unknown): number | undefined {
  const n = scalarNumber(node);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Nodes built from values written in several files (a `helm_release`'s values: a values file, a
 * `set` block in the .tf, a variable's default) say which file their range is in, and its text when
 * it is known. Read by nodeSpan and scalarOffsetMapper; nodes parsed from one file need no entry.
 */
const ORIGINS = new WeakMap<object, { readonly file: string; readonly text?: string }>();

export function setNodeOrigin<T extends object>(node: T, file: string, text?: string): T {
  ORIGINS.set(node, text === undefined ? { file } : { file, text });
  return node;
}

export function nodeSpan(file: string, node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? span(ORIGINS.get(node!)?.file ?? file, r[0], r[1]) : undefined;
}

/**
 * Maps an index inside a scalar's parsed value back to a source offset. Exact for plain scalars and
 * for quoted scalars without escapes; otherwise undefined (callers then fall back to the whole value).
 */
export function scalarOffsetMapper(fileText: string, node: Scalar): ((index: number) => number) | undefined {
  const r = node.range;
  const origin = ORIGINS.get(node);
  const text = origin ? origin.text : fileText;
  if (!r || typeof node.value !== 'string' || text === undefined) return undefined;
  const raw = text.slice(r[0], r[1]);
  const value = node.value;
  if (node.type === Scalar.PLAIN && raw === value) return (i) => r[0] + i;
  if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && raw.slice(1, -1) === value) {
    return (i) => r[0] + 1 + i;
  }
  return undefined;
}
