import type { AnalysisResult } from '../analyze';
import type { Span } from '../text/span';
import { explainAt, type Explanation } from './explain';
import { valueLine } from './fields';
import { clientTable, clusterNote, whatIfList } from './tables';

export interface HoverInfo {
  readonly span: Span;
  readonly markdown: string;
}

/** Hover text for the field at `offset`: its value, where the value came from, and what it does to the handshake. */
export function hoverAt(result: AnalysisResult, file: string, offset: number): HoverInfo | undefined {
  const e = explainAt(result, file, offset);
  return e ? { span: e.span, markdown: explanationMarkdown(e) } : undefined;
}

export function explanationMarkdown(e: Explanation): string {
  if (!e.analysis) return [`**${e.field}**`, e.note ?? ''].filter(Boolean).join('\n\n');
  const values = e.values.flatMap((v) => [valueLine(v.label, v.value), ...v.effect]);
  return [...values, clientTable(e.analysis), whatIfList(e.analysis), clusterNote(e.analysis)].filter(Boolean).join('\n\n');
}
