import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnalysisResult } from '../core/analyze';
import { explainAt, explanationData, type Explanation } from '../core/explain/explain';
import { explanationText } from '../core/explain/explain-text';
import { frontendAt } from '../core/explain/frontend-at';
import { frontendReport } from '../core/explain/frontend-report';
import { captureFilters } from '../core/explain/tcpdump';
import { resimulate } from '../core/simulate/resimulate';
import { LineIndex } from '../core/text/line-index';
import type { CommandArgs } from './args';
import { Locator } from './locate';
import { missingPathMessage } from './output';

export type ExplainOutcome = { readonly ok: true; readonly output: string } | { readonly ok: false; readonly message: string };

/** `hairpin explain FILE:LINE[:COL]`: the same explanation as the hover, plus the handshake and capture filters. */
export function runExplain(args: CommandArgs, result: AnalysisResult, texts: ReadonlyMap<string, string>): ExplainOutcome {
  const target = args.target!;
  const file = [...texts.keys()].find((f) => resolve(f) === resolve(target.file));
  if (file === undefined) return { ok: false, message: notReadMessage(target.file) };
  const text = texts.get(file)!;
  const index = new LineIndex(text);
  // A final line break ends the last line; it does not start another.
  const lines = index.lineCount - (text.endsWith('\n') ? 1 : 0);
  if (target.line > Math.max(lines, 1)) return { ok: false, message: `${target.file} has ${lines} line${lines === 1 ? '' : 's'}; line ${target.line} is past its end` };
  const lineStart = index.offsetAt({ line: target.line - 1, character: 0 });
  const lineEnd = index.offsetAt({ line: target.line, character: 0 });
  const offsets = target.column !== undefined ? [index.offsetAt({ line: target.line - 1, character: target.column - 1 })] : range(firstNonBlank(text, lineStart, lineEnd), lineEnd);
  let explanation: Explanation | undefined;
  for (const o of offsets) if ((explanation = explainAt(result, file, o))) break;
  const found = explanation?.analysis ?? offsets.map((o) => frontendAt(result, file, o)).find(Boolean);
  if (!found) return { ok: false, message: `nothing at ${target.file}:${target.line}${target.column ? `:${target.column}` : ''} belongs to an AWS Network Load Balancer Hairpin found` };
  const { analysis } = resimulate(found);
  if (args.format === 'json') {
    const loc = new Locator(texts);
    const report = frontendReport(analysis, loc.region(analysis.frontend.head).startLine);
    const failing = report.clients.find((c) => c.trace && c.mode !== 'ok')?.trace ?? report.collision.trace;
    const json = {
      ...(explanation ? { explanation: explanationData(explanation) } : {}),
      frontend: report,
      captureFilters: failing ? captureFilters(failing, analysis.simulation.scenario) : [],
    };
    return { ok: true, output: JSON.stringify(json, null, 2) + '\n' };
  }
  return { ok: true, output: explanationText(explanation, analysis) };
}

/** Why FILE of FILE:LINE has no analysis: it does not exist, it is a folder, or it is not a file Hairpin read. */
function notReadMessage(path: string): string {
  let st;
  try {
    st = statSync(path);
  } catch {
    return missingPathMessage(path);
  }
  if (st.isDirectory()) return `${path} is a folder; explain needs a file and a line in it (FILE:LINE)`;
  return `${path} was not read (is it a file type Hairpin reads, inside the PATHs given?)`;
}

function firstNonBlank(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}
