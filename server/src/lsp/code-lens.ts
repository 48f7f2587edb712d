import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import { lensesFor } from '../core/explain/lens';
import { ShowHandshakeCommand, type TraceParams } from '../protocol';
import type { Positions } from './convert';

/** One lens above each NLB-defining resource; it runs the same command as the "Show failing handshake" code action. */
export function codeLenses(params: CodeLensParams, result: AnalysisResult, positions: Positions, toClient: (uri: string) => string): CodeLens[] {
  const uri = params.textDocument.uri;
  return lensesFor(result, uri).flatMap((lens) => {
    const range = positions.range(lens.span);
    if (!range) return [];
    const args: TraceParams = { textDocument: { uri: toClient(uri) }, position: range.start };
    return [{ range, command: { title: lens.title, command: ShowHandshakeCommand, arguments: [args] } }];
  });
}
