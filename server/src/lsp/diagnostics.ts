import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import type { Notice } from '../core/model/workspace';
import type { Finding, Severity } from '../core/rules/types';
import type { Positions } from './convert';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Rule pages ship next to the bundle (dist/../docs/rules), so links work offline. */
export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(resolve(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).href;
}

/** Findings and notices of one file as LSP diagnostics. */
export function diagnosticsFor(uri: string, result: AnalysisResult, positions: Positions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of result.findings) {
    if (f.span.file !== uri) continue;
    const d = findingDiagnostic(f, positions);
    if (d) out.push(d);
  }
  // An empty document has nothing to mark; its notice still reaches the log and the status item.
  if (positions.isBlank(uri)) return out;
  for (const n of result.notices) {
    if (n.file !== uri) continue;
    out.push(noticeDiagnostic(n, positions));
  }
  return out;
}

function findingDiagnostic(f: Finding, positions: Positions): Diagnostic | undefined {
  const range = positions.range(f.span);
  if (!range) return undefined;
  const relatedInformation = f.related.flatMap((r) => {
    const rr = positions.range(r.span);
    return rr ? [{ location: { uri: r.span.file, range: rr }, message: r.message }] : [];
  });
  return {
    range,
    severity: SEVERITY[f.severity],
    source: 'hairpin',
    code: f.ruleId,
    codeDescription: { href: ruleDocUri(f.ruleId) },
    message: f.message,
    relatedInformation,
    data: { ruleId: f.ruleId, frontendId: f.frontendId, probability: f.probability, mode: f.mode, traceRef: f.traceRef },
  };
}

function noticeDiagnostic(n: Notice, positions: Positions): Diagnostic {
  const range = (n.span && positions.range(n.span)) || { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity: n.level === 'error' ? DiagnosticSeverity.Warning : n.level === 'warning' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint,
    source: 'hairpin',
    message: n.message,
  };
}
