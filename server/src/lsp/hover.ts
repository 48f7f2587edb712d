import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import { hoverAt } from '../core/explain/hover';
import type { Positions } from './convert';

export function hover(params: HoverParams, result: AnalysisResult, positions: Positions): Hover | null {
  const uri = params.textDocument.uri;
  const offset = positions.offset(uri, params.position);
  if (offset === undefined) return null;
  const info = hoverAt(result, uri, offset);
  if (!info) return null;
  const range = positions.range(info.span);
  return { contents: { kind: MarkupKind.Markdown, value: info.markdown }, ...(range ? { range } : {}) };
}
