import type { TfBlock, TfExpr, TfObjectItem } from '../model/terraform';
import type { Span } from '../text/span';
import { endOfLineAfter, indentOfLine, newlineOf } from './text-layout';
import type { TextEdit } from './types';

/**
 * Edits of HCL at the offsets the Terraform reader records: a literal replaced in its own quoting,
 * or a new `name = value` line placed after the last attribute of a block or object, joining its
 * `=`-aligned group when the name fits (as `terraform fmt` aligns), otherwise as a group of its own.
 */

/**
 * The literal `true`, `"false"`, `"instance"` … at `at`, rewritten to `value` in the same quoting;
 * null when it already says that, undefined when it is not a literal.
 */
export function replaceLiteral(file: string, text: string, at: Span, value: string | boolean | number): TextEdit | null | undefined {
  const raw = text.slice(at.start, at.end);
  const quoted = /^"[\w.-]*"$/.test(raw);
  const literal = typeof value === 'number' ? /^\d+$/.test(raw) : /^(true|false)$/.test(raw);
  if (!quoted && !literal) return undefined;
  // The written style wins: `preserve_client_ip = true` becomes `false`, not `"false"` (Terraform converts either way).
  const bare = !quoted && (typeof value !== 'string' || /^(true|false)$/.test(value));
  const next = bare ? String(value) : `"${String(value)}"`;
  return raw === next ? null : { file, start: at.start, end: at.end, newText: next };
}

/** Where new lines go in a block or an object: its entries (name span, whole span) in source order. */
interface Entries {
  readonly items: readonly { readonly name: Span; readonly span: Span }[];
  /** Offset just after the opening brace, for an empty body. */
  readonly open: number;
  /** One-line objects (`{ a = 1, b = 2 }`) take `, name = value`. */
  readonly oneLine: boolean;
  /** A one-line block (`resource "x" "y" { port = 1 }` or `{}`): HCL allows one argument there, so it opens onto lines. */
  readonly close?: number;
}

export function blockEntries(text: string, block: TfBlock): Entries {
  const open = text.indexOf('{', block.head.end) + 1;
  const close = text.lastIndexOf('}', block.span.end);
  const items = (block.body?.attributes ?? []).map((a) => ({ name: a.nameSpan, span: a.span }));
  return { items, open, oneLine: false, ...(close >= open && !text.slice(open, close).includes('\n') ? { close } : {}) };
}

export function objectEntries(text: string, object: Extract<TfExpr, { kind: 'object' }>): Entries {
  const items = object.items.map((i: TfObjectItem) => ({ name: i.key.span, span: { ...i.key.span, end: i.value.span.end } }));
  return { items, open: object.span.start + 1, oneLine: !text.slice(object.span.start, object.span.end).includes('\n') };
}

/** Inserts `name = value` lines (values already rendered) after the last entry, in one edit. */
export function insertAttributes(file: string, text: string, entries: Entries, attrs: readonly (readonly [string, string])[]): TextEdit | undefined {
  const nl = newlineOf(text);
  const items = [...entries.items].sort((a, b) => a.span.start - b.span.start);
  const last = items[items.length - 1];
  if (entries.close !== undefined) {
    const indent = indentOfLine(text, entries.open - 1);
    const inner = `${indent}  `;
    // The written argument joins the new ones, `=` aligned as `terraform fmt` does.
    const own: [string, string][] = last ? [[text.slice(last.name.start, last.name.end), text.slice(text.indexOf('=', last.name.end) + 1, last.span.end).trim()]] : [];
    const all = [...own, ...attrs];
    return { file, start: entries.open, end: entries.close, newText: `${nl}${lines(inner, all, undefined).join(nl)}${nl}${indent}` };
  }
  if (entries.oneLine) {
    const list = attrs.map(([n, v]) => `${n} = ${v}`).join(', ');
    return last ? { file, start: last.span.end, end: last.span.end, newText: `, ${list}` } : undefined;
  }
  if (!last) {
    const indent = `${indentOfLine(text, entries.open - 1)}  `;
    const at = endOfLineAfter(text, entries.open);
    return { file, start: at, end: at, newText: nl + lines(indent, attrs, undefined).join(nl) };
  }
  const indent = indentOfLine(text, last.name.start);
  const eqCol = alignedColumn(text, items);
  const at = endOfLineAfter(text, last.span.end);
  const longest = Math.max(...attrs.map(([n]) => n.length));
  if (eqCol !== undefined && eqCol - indent.length - longest >= 1) return { file, start: at, end: at, newText: nl + lines(indent, attrs, eqCol - indent.length).join(nl) };
  // A longer name would make `terraform fmt` realign its neighbours; a group of its own (after a blank line) leaves them as they are.
  const multiline = text.slice(last.span.start, last.span.end).includes('\n');
  return { file, start: at, end: at, newText: (eqCol !== undefined || multiline ? nl : '') + nl + lines(indent, attrs, longest + 1).join(nl) };
}

/** `name = value` lines with `=` at `width` past the indentation (aligned among themselves). */
function lines(indent: string, attrs: readonly (readonly [string, string])[], width: number | undefined): string[] {
  const w = width ?? Math.max(...attrs.map(([n]) => n.length)) + 1;
  return attrs.map(([n, v]) => `${indent}${n}${' '.repeat(Math.max(1, w - n.length))}= ${v}`);
}

/** The column of `=` in the run of one-line entries that ends with the last one. */
function alignedColumn(text: string, items: readonly { name: Span; span: Span }[]): number | undefined {
  const cols: number[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const source = text.slice(it.span.start, it.span.end);
    if (source.includes('\n')) break;
    const eq = text.indexOf('=', it.name.end);
    if (eq < 0) break;
    cols.push(eq - (text.lastIndexOf('\n', it.name.start - 1) + 1));
    const prev = items[i - 1];
    // A blank line or a multi-line entry ends the group.
    if (!prev || /\n[ \t]*\r?\n/.test(text.slice(prev.span.end, it.span.start))) break;
  }
  // `terraform fmt` aligns a group at its widest name.
  return cols.length === 0 ? undefined : Math.max(...cols);
}
