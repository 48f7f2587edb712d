import { isMap, isScalar, isSeq, parse, parseAllDocuments, Scalar, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from './types';
import { columnOf, endOfLine, endOfLineAfter, indentOfLine, indentStep, newlineOf } from './text-layout';

/**
 * Edits of YAML (and JSON, which is YAML's flow style) at the offsets the `yaml` library records:
 * one scalar replaced, or new entries inserted after their siblings in the siblings' style. Nothing
 * is ever re-printed, so comments, key order and quoting elsewhere stay byte for byte.
 */
export interface YamlFile {
  readonly file: string;
  readonly text: string;
  readonly docs: readonly Document.Parsed[];
  /** JSON text: keys and strings double-quoted, no plain scalars. */
  readonly json: boolean;
  readonly step: number;
  readonly nl: string;
}

export function parseYamlFile(file: string, text: string): YamlFile | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs)) return undefined;
  return { file, text, docs, json: /\.(json|template)$/i.test(file) || /^\s*[{[]/.test(text), step: indentStep(text), nl: newlineOf(text) };
}

/** The document that holds `offset`, when it parsed without errors (an edit there stays well-formed). */
export function documentAt(y: YamlFile, offset: number): Document.Parsed | undefined {
  const doc = y.docs.find((d) => d.range[0] <= offset && offset <= d.range[2]);
  return doc && doc.errors.length === 0 ? doc : undefined;
}

/** The pair whose key or value starts at `offset`, and the map holding it. */
export function pairAt(doc: Document.Parsed, offset: number): { pair: Pair<Node, Node | null>; map: YAMLMap } | undefined {
  let found: { pair: Pair<Node, Node | null>; map: YAMLMap } | undefined;
  visit(doc, {
    Pair(_, pair, path) {
      const p = pair as Pair<Node, Node | null>;
      const parent = path[path.length - 1];
      if (isMap(parent) && (p.key?.range?.[0] === offset || p.value?.range?.[0] === offset)) {
        found = { pair: p, map: parent };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** A value written the way `like` was written (plain, single or double quoted); plain only when it reads back as the same string. */
export function renderString(value: string, like: Scalar.Type | undefined, json: boolean): string {
  if (json || like === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (like === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  let plainOk = false;
  try {
    plainOk = /^[\w./=,-][\w./=,: -]*$/.test(value) && !/: |\s$/.test(value) && parse(value) === value;
  } catch {
    plainOk = false;
  }
  return plainOk ? value : JSON.stringify(value);
}

/** Replaces a scalar's text, keeping its quoting style. */
export function replaceScalar(y: YamlFile, node: Scalar, value: string): TextEdit | undefined {
  const r = node.range;
  if (!r) return undefined;
  const block = node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL;
  // A block scalar's range runs through its last line break; the one-line replacement keeps it.
  const trailing = block ? /(\r?\n)*$/.exec(y.text.slice(r[0], r[1]))![0] : '';
  const rendered = renderString(value, block ? Scalar.QUOTE_DOUBLE : node.type, y.json);
  // An empty value (`key:`, `key: # comment`) is only the whitespace after the colon: the new value is
  // inserted there with its separating spaces, and the comment stays a comment.
  if (!y.text.slice(r[0], r[1]).trim()) {
    const space = y.text[r[0] - 1] === ':' ? ' ' : '';
    const after = /[^\s]/.test(y.text[r[0]] ?? '') ? ' ' : '';
    return { file: y.file, start: r[0], end: r[0], newText: space + rendered + after };
  }
  return { file: y.file, start: r[0], end: r[1], newText: rendered + trailing };
}

export function keyText(y: YamlFile, key: string): string {
  return y.json ? JSON.stringify(key) : renderString(key, undefined, false);
}

/** Lines of a nested block mapping: `a:` / `  b: value`, starting at column `col`. */
function blockLines(y: YamlFile, col: number, path: readonly string[], value: string): string {
  return path.map((k, i) => `${' '.repeat(col + i * y.step)}${keyText(y, k)}:${i === path.length - 1 ? ` ${value}` : ''}`).join(y.nl);
}

/** The same as a flow mapping: `{a: {b: value}}` (JSON-quoted in JSON files). */
function flowValue(y: YamlFile, path: readonly string[], value: string): string {
  return path.reduceRight((inner, k) => `{ ${keyText(y, k)}: ${inner} }`, value);
}

/** The written scalar at `offset` set to `value`; null when it already is, undefined when it is not a plain literal. */
export function replaceWrittenScalar(y: YamlFile, offset: number, value: string): TextEdit | null | undefined {
  const doc = documentAt(y, offset);
  const at = doc && pairAt(doc, offset);
  const node = at?.pair.value;
  if (!isScalar(node) || node.tag) return undefined;
  if (String(node.value) === value) return null;
  if (typeof node.value === 'boolean') return { file: y.file, start: node.range![0], end: node.range![1], newText: value };
  return replaceScalar(y, node, value);
}

/** Inserts `path` (nested keys, the last one holding `value`, already rendered) into a map. */
export function insertIntoMap(y: YamlFile, map: YAMLMap, path: readonly string[], value: string): TextEdit | undefined {
  const items = map.items as Pair<Node, Node | null>[];
  const last = items[items.length - 1];
  if (map.flow) {
    const r = map.range;
    if (!r) return undefined;
    const close = y.text.lastIndexOf('}', r[1]);
    const head = keyText(y, path[0]!);
    const rest = path.length > 1 ? flowValue(y, path.slice(1), value) : value;
    // An empty `{}` gets the spaces JSON printers use; `{ }` keeps its own, on both sides.
    const padded = y.json || y.text[close - 1] === ' ';
    if (!last) return { file: y.file, start: close, end: close, newText: `${y.json && y.text[close - 1] !== ' ' ? ' ' : ''}${head}: ${rest}${padded ? ' ' : ''}` };
    const first = items[0]!.key.range![0];
    const end = (last.value ?? last.key).range![1];
    // Multi-line flow maps (JSON as usually written) get one entry per line, at the first entry's indentation.
    const multiline = y.text.slice(r[0], first).includes('\n');
    const sep = multiline ? `,${y.nl}${indentOfLine(y.text, first)}` : ', ';
    return { file: y.file, start: end, end, newText: `${sep}${head}: ${rest}` };
  }
  if (!last) return undefined;
  const col = columnOf(y.text, items[0]!.key.range![0]);
  const at = endOfLineAfter(y.text, (last.value ?? last.key).range![1]);
  return { file: y.file, start: at, end: at, newText: y.nl + blockLines(y, col, path, value) };
}

/**
 * Writes `value` (rendered) at `path` below `map`: replaces the scalar there when the path exists,
 * otherwise inserts what is missing under the deepest map that exists.
 */
export function setAt(y: YamlFile, map: YAMLMap, path: readonly string[], value: string, replace: (node: Scalar) => TextEdit | undefined): TextEdit | undefined {
  const pair = pairOf(map, path[0]!);
  if (!pair) return insertIntoMap(y, map, path, value);
  if (path.length === 1) {
    if (isScalar(pair.value) && pair.value.value !== null && pair.value.range && pair.value.range[0] < pair.value.range[1]) return replace(pair.value);
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return afterKey(y, pair, [], value);
    return undefined;
  }
  if (isMap(pair.value)) {
    return pair.value.items.length > 0 || pair.value.flow ? setAt(y, pair.value, path.slice(1), value, replace) : undefined;
  }
  if (pair.value === null || (isScalar(pair.value) && (pair.value.value === null || pair.value.value === ''))) return afterKey(y, pair, path.slice(1), value);
  return undefined;
}

/**
 * A key written with no value (`annotations:`, `annotations: # none yet`, `annotations: null`): the
 * value goes on its line, or the nested keys below it. A comment on the key's line stays there.
 */
function afterKey(y: YamlFile, pair: Pair<Node, Node | null>, path: readonly string[], value: string): TextEdit | undefined {
  const keyRange = pair.key.range;
  if (!keyRange) return undefined;
  const colon = y.text.indexOf(':', keyRange[1]);
  if (colon < 0) return undefined;
  // `null`, `~` or `""` written as the value are replaced; an empty value is only whitespace (up to a comment).
  const range = isScalar(pair.value) ? pair.value.range : undefined;
  const written = range && y.text.slice(range[0], range[1]).trim() ? range : undefined;
  if (y.json || path.length === 0) {
    const rendered = path.length === 0 ? value : flowValue(y, path, value);
    return written ? { file: y.file, start: written[0], end: written[1], newText: rendered } : { file: y.file, start: colon + 1, end: colon + 1, newText: ` ${rendered}` };
  }
  const lineEnd = endOfLine(y.text, colon);
  const comment = y.text.slice(written ? written[1] : colon + 1, lineEnd).trim();
  const col = columnOf(y.text, keyRange[0]) + y.step;
  const block = y.nl + blockLines(y, col, path, value);
  if (!written) return { file: y.file, start: lineEnd, end: lineEnd, newText: block };
  return comment ? { file: y.file, start: written[0], end: lineEnd, newText: comment + block } : { file: y.file, start: colon + 1, end: lineEnd, newText: block };
}

export { isMap, isScalar, isSeq };
