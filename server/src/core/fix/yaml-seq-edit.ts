import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { columnOf, endOfLine, endOfLineAfter, indentOfLine } from './text-layout';
import type { TextEdit } from './types';
import { insertIntoMap, keyText, type YamlFile } from './yaml-edit';

/** Sequences of mappings (attribute lists), appended to in their own block or flow style. */

/** A mapping item as rendered `key: value` pairs. */
export type SeqItem = readonly (readonly [string, string])[];

/** Appends mapping items to a sequence, in its block or flow style, in one edit. */
export function appendToSeq(y: YamlFile, seq: YAMLSeq, newItems: readonly SeqItem[]): TextEdit | undefined {
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  const pairsOf = (item: SeqItem) => item.map(([k, v]) => `${keyText(y, k)}: ${v}`);
  if (seq.flow) {
    const r = seq.range;
    if (!r) return undefined;
    // Items written one key per line (JSON as printers write it) get the same shape at the same indentation.
    const firstItem = items[0]?.range ?? undefined;
    const tall = firstItem !== undefined && y.text.slice(firstItem[0], firstItem[1]).includes('\n');
    const col = firstItem ? columnOf(y.text, firstItem[0]) : 0;
    const flowItems = newItems.map((i) => (tall ? tallObject(y, pairsOf(i), col) : `{ ${pairsOf(i).join(', ')} }`));
    if (!last?.range) {
      const close = y.text.lastIndexOf(']', r[1]);
      return { file: y.file, start: close, end: close, newText: flowItems.join(', ') };
    }
    const first = items[0]!.range![0];
    const sep = y.text.slice(r[0], first).includes('\n') ? `,${y.nl}${indentOfLine(y.text, first)}` : ', ';
    const end = last.range[1];
    return { file: y.file, start: end, end, newText: flowItems.map((i) => sep + i).join('') };
  }
  if (!last?.range) return undefined;
  const itemCol = columnOf(y.text, items[0]!.range![0]);
  const dash = y.text.lastIndexOf('-', items[0]!.range![0]);
  const dashCol = dash >= 0 ? columnOf(y.text, dash) : itemCol - 2;
  const lines = newItems.flatMap((item) =>
    pairsOf(item).map((p, i) => (i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(Math.max(1, itemCol - dashCol - 1))}${p}` : `${' '.repeat(itemCol)}${p}`)),
  );
  const at = endOfLineAfter(y.text, last.range[1]);
  return { file: y.file, start: at, end: at, newText: y.nl + lines.join(y.nl) };
}

/** A new key holding a sequence of mapping items, for a property that is not written yet. */
export function insertSeqProperty(y: YamlFile, map: YAMLMap, key: string, newItems: readonly SeqItem[]): TextEdit | undefined {
  const pairsOf = (item: SeqItem) => item.map(([k, v]) => `${keyText(y, k)}: ${v}`);
  if (map.flow || y.json) {
    const first = (map.items as Pair<Node, Node | null>[])[0]?.key.range?.[0];
    const tall = first !== undefined && map.range !== undefined && map.range !== null && y.text.slice(map.range[0], first).includes('\n');
    if (!tall) return insertIntoMap(y, map, [key], `[${newItems.map((i) => `{ ${pairsOf(i).join(', ')} }`).join(', ')}]`);
    const col = columnOf(y.text, first);
    const inner = ' '.repeat(col + y.step);
    const list = ['[', ...newItems.map((i, n) => `${inner}${tallObject(y, pairsOf(i), col + y.step)}${n < newItems.length - 1 ? ',' : ''}`), `${' '.repeat(col)}]`].join(y.nl);
    return insertIntoMap(y, map, [key], list);
  }
  const items = map.items as Pair<Node, Node | null>[];
  const last = items[items.length - 1];
  if (!last) return undefined;
  const col = columnOf(y.text, items[0]!.key.range![0]);
  const itemCol = col + y.step + 2;
  const lines = [
    `${' '.repeat(col)}${keyText(y, key)}:`,
    ...newItems.flatMap((item) => pairsOf(item).map((p, i) => (i === 0 ? `${' '.repeat(col + y.step)}- ${p}` : `${' '.repeat(itemCol)}${p}`))),
  ];
  const at = endOfLineAfter(y.text, (last.value ?? last.key).range![1]);
  return { file: y.file, start: at, end: at, newText: y.nl + lines.join(y.nl) };
}

/** A key written with no value (`TargetGroupAttributes:`, `… null # later`): the items go below it, a comment stays on its line. */
export function fillSeqProperty(y: YamlFile, pair: Pair<Node, Node | null>, newItems: readonly SeqItem[]): TextEdit | undefined {
  const pairsOf = (item: SeqItem) => item.map(([k, v]) => `${keyText(y, k)}: ${v}`);
  const keyStart = pair.key.range?.[0];
  const range = pair.value?.range;
  if (keyStart === undefined) return undefined;
  const written = range && y.text.slice(range[0], range[1]).trim() ? range : undefined;
  if (y.json) return written ? { file: y.file, start: written[0], end: written[1], newText: `[${newItems.map((i) => `{ ${pairsOf(i).join(', ')} }`).join(', ')}]` } : undefined;
  const col = columnOf(y.text, keyStart) + y.step;
  const lines = newItems.flatMap((item) => pairsOf(item).map((p, i) => `${' '.repeat(i === 0 ? col : col + 2)}${i === 0 ? '- ' : ''}${p}`));
  const lineEnd = endOfLine(y.text, keyStart);
  const comment = written ? y.text.slice(written[1], lineEnd).trim() : '';
  const start = written ? (comment ? written[0] : written[0] - (/[ \t]*$/.exec(y.text.slice(0, written[0]))![0].length)) : lineEnd;
  return { file: y.file, start, end: lineEnd, newText: (comment || '') + y.nl + lines.join(y.nl) };
}

/** `{` / one pair per line / `}` for an object whose opening brace sits at column `col`. */
function tallObject(y: YamlFile, pairs: readonly string[], col: number): string {
  const inner = ' '.repeat(col + y.step);
  return ['{', ...pairs.map((p, i) => `${inner}${p}${i < pairs.length - 1 ? ',' : ''}`), `${' '.repeat(col)}}`].join(y.nl);
}
