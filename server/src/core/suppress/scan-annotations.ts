import { isScalar, type Document } from 'yaml';
import { entryAt, nodeSpan, scalarOffsetMapper } from '../parse/yaml-ast';
import { span, type Span } from '../text/span';
import { IGNORE_ANNOTATION, type SuppressionDirective } from './directive';
import { parseIdList, readJustification } from './id-list';

/**
 * `metadata.annotations["hairpin.io/ignore"]` of one Kubernetes document: entries separated by `;`,
 * each `IDS[: reason]` ("HP101: callers use the Service; HP103, HP102: one zone"). Each entry is a
 * directive covering the whole object. Offsets inside the value are exact for plain and simply quoted
 * values; otherwise the entries point at the whole value and offer no per-id deletion.
 */
export function annotationDirectives(doc: Document, file: string, text: string): SuppressionDirective[] {
  const found = entryAt(doc.contents, ['metadata', 'annotations', IGNORE_ANNOTATION]);
  const target = nodeSpan(file, doc.contents);
  if (!found || !target || !isScalar(found.value) || typeof found.value.value !== 'string') return [];
  const value = found.value.value;
  const valueSpan = nodeSpan(file, found.value)!;
  const at = scalarOffsetMapper(text, found.value);
  const entries = splitEntries(value);
  const line = wholeLine(text, nodeSpan(file, found.keyNode)!, valueSpan);
  return entries.map((e, k): SuppressionDirective => {
    const lead = /^\s*/.exec(e.text)![0].length;
    const list = parseIdList(e.text.slice(lead), file, 0);
    const justification = readJustification(e.text.slice(lead + list.end));
    const ruleIds = list.ids.map((id) =>
      at
        ? { id: id.id, span: span(file, at(e.start + lead + id.span.start), at(e.start + lead + id.span.end)), ...(id.removal ? { removal: span(file, at(e.start + lead + id.removal.start), at(e.start + lead + id.removal.end)) } : {}) }
        : { id: id.id, span: valueSpan },
    );
    const trimmedEnd = e.start + e.text.trimEnd().length;
    const removal = entries.length === 1 ? line : at ? entryRemoval(entries, k, at, file) : undefined;
    return {
      file,
      form: 'annotation',
      ruleIds,
      ...(justification !== undefined ? { justification } : {}),
      span: at ? span(file, at(e.start + lead), at(trimmedEnd)) : valueSpan,
      target,
      ...(removal ? { removal } : {}),
    };
  });
}

interface Entry {
  readonly text: string;
  /** Index in the annotation value. */
  readonly start: number;
}

function splitEntries(value: string): Entry[] {
  const out: Entry[] = [];
  let start = 0;
  for (const part of value.split(';')) {
    if (part.trim() !== '') out.push({ text: part, start });
    start += part.length + 1;
  }
  return out;
}

/** An entry with the `;` before it (or after it, for the first), so the rest reads as before. */
function entryRemoval(entries: readonly Entry[], k: number, at: (i: number) => number, file: string): Span {
  const contentStart = (e: Entry) => e.start + /^\s*/.exec(e.text)![0].length;
  const contentEnd = (e: Entry) => e.start + e.text.trimEnd().length;
  const e = entries[k]!;
  const prev = entries[k - 1];
  const next = entries[k + 1];
  return prev ? span(file, at(contentEnd(prev)), at(contentEnd(e))) : span(file, at(contentStart(e)), at(contentStart(next!)));
}

/** The annotation's own line(s), when nothing else shares them; undefined for flow style. */
function wholeLine(text: string, key: Span, value: Span): Span | undefined {
  const lineStart = text.lastIndexOf('\n', key.start - 1) + 1;
  if (text.slice(lineStart, key.start).trim() !== '') return undefined;
  const eol = /\r?\n|$/.exec(text.slice(value.end))!;
  if (text.slice(value.end, value.end + eol.index).replace(/#.*$/, '').trim() !== '') return undefined;
  return span(key.file, lineStart, value.end + eol.index + eol[0].length);
}
