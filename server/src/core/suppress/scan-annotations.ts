import { isCollection, isScalar, visit, type Document, type Node, type Scalar } from 'yaml';
import type { ServiceFact } from '../model/service';
import { entryAt, nodeSpan, scalarOffsetMapper } from '../parse/yaml-ast';
import { span, spanContains, type Span } from '../text/span';
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
  return found && target && isScalar(found.value) ? valueDirectives(found.keyNode, found.value, target, file, text) : [];
}

/**
 * `hairpin.io/ignore` among the annotations a document writes for a Service it describes without being
 * one (IstioOperator `serviceAnnotations`, istio/gateway chart values, an Istio-class Gateway's
 * infrastructure annotations): the Service carries it, so it covers what the document says of that
 * Service, the smallest part of the document holding both its head and the annotation.
 */
export function serviceAnnotationDirectives(doc: Document, svc: ServiceFact, file: string, text: string): SuppressionDirective[] {
  const fact = svc.annotations.find((a) => a.key === IGNORE_ANNOTATION && a.valueSpan.file === file);
  const pair = fact && pairWithValueAt(doc, fact.valueSpan.start);
  if (!fact || !pair || svc.head.file !== file) return [];
  const target = smallestCollection(doc, file, [svc.head, fact.valueSpan]);
  return target ? valueDirectives(pair.key, pair.value, target, file, text) : [];
}

function pairWithValueAt(doc: Document, offset: number): { key: Scalar; value: Scalar } | undefined {
  let found: { key: Scalar; value: Scalar } | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && isScalar(pair.value) && pair.value.range?.[0] === offset) {
        found = { key: pair.key, value: pair.value };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The innermost map or list of the document whose extent holds every one of `spans`. */
function smallestCollection(doc: Document, file: string, spans: readonly Span[]): Span | undefined {
  let best: Span | undefined;
  visit(doc, {
    Node(_, node) {
      if (!isCollection(node)) return undefined;
      const at = nodeSpan(file, node as Node);
      if (!at || !spans.every((s) => spanContains(at, s.start) && spanContains(at, s.end))) return visit.SKIP;
      if (!best || at.end - at.start < best.end - best.start) best = at;
      return undefined;
    },
  });
  return best;
}

/** The directives of one annotation value, each `;` entry one directive covering `target`. */
function valueDirectives(keyNode: Scalar, valueNode: Scalar, target: Span, file: string, text: string): SuppressionDirective[] {
  if (typeof valueNode.value !== 'string') return [];
  const value = valueNode.value;
  const valueSpan = nodeSpan(file, valueNode)!;
  const at = scalarOffsetMapper(text, valueNode);
  const entries = splitEntries(value);
  const line = wholeLine(text, nodeSpan(file, keyNode)!, valueSpan);
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
