import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { TfEntry, TfValue } from '../../model/terraform';
import { span, type Span } from '../../text/span';
import { unknown } from './values';

/** Deeper values are cut off: chart values nest a handful of levels. */
const MAX_DEPTH = 64;

/**
 * A chart values string (`values = [<<-EOT … EOT]`, a variable holding YAML) as a Terraform value, so
 * Helm's merge order can be kept: each key and scalar gets the span of its text in the .tf file when the
 * string is the source unchanged (`exactStart`), or the whole string's span when it is not (an indented
 * heredoc, an interpolated template). Aliases are not expanded. Undefined when the text is not a YAML map.
 */
export function yamlStringValue(text: string, at: Span, exactStart: number | undefined): { value?: TfValue; problem?: string } {
  return yamlMapValue(text, at, (start, end) => (exactStart !== undefined ? span(at.file, exactStart + start, exactStart + end) : at));
}

/**
 * The same, for text whose offsets `locate` maps back to where each piece is written (a rendered
 * template); `scalar` may replace a scalar's value (a stand-in for a value not known before apply).
 */
export function yamlMapValue(
  text: string,
  at: Span,
  locate: (start: number, end: number) => Span,
  scalar?: (value: string, where: Span) => TfValue | undefined,
): { value?: TfValue; problem?: string } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return { problem: `it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})` };
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) return { problem: 'it is not a YAML map of values' };
  const where = (node: { range?: [number, number, number] | null } | null | undefined): Span => (node?.range ? locate(node.range[0], node.range[1]) : at);
  const convert = (node: Node | null, depth: number): TfValue => {
    if (depth > MAX_DEPTH) return unknown(`values nested more than ${MAX_DEPTH} deep`, where(node));
    if (node === null) return { kind: 'scalar', value: null, span: at };
    if (isAlias(node)) return unknown('a YAML alias in chart values is not expanded', where(node));
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      const replaced = typeof value === 'string' && scalar ? scalar(value, where(node)) : undefined;
      return replaced ?? { kind: 'scalar', value, span: where(node) };
    }
    if (isMap(node)) {
      const entries: TfEntry[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') continue;
        const keySpan = where(pair.key as Node);
        // A key not known before apply: its value cannot be placed anywhere.
        const unknownKey = typeof key === 'string' && scalar ? scalar(key, keySpan) : undefined;
        entries.push({ key: String(key), keySpan, value: unknownKey?.kind === 'unknown' ? unknownKey : convert(pair.value as Node | null, depth + 1) });
      }
      return { kind: 'object', entries, span: where(node) };
    }
    if (isSeq(node)) return { kind: 'tuple', items: node.items.map((i) => convert(i as Node | null, depth + 1)), span: where(node) };
    return unknown('an unreadable value', where(node));
  };
  return { value: convert(doc.contents, 0) };
}
