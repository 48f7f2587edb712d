import { resolve } from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import type { TextEdit } from '../core/fix/types';
import type { Notice } from '../core/model/workspace';
import type { Finding, Severity } from '../core/rules/types';
import type { SuppressionProblem } from '../core/suppress/apply';
import { HP001, type ProblemSeverity } from '../core/suppress/problem-rules';
import { suppressionEdit } from '../core/suppress/suppression-edit';
import type { Positions } from './convert';
import { pathToUri } from './uri';

const SEVERITY: Record<Severity | ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A ready edit for a code action: its title, and edits of the diagnostic’s own document in LSP positions. */
export interface DiagnosticFix {
  readonly title: string;
  readonly edits: readonly LspTextEdit[];
}

/** `data` of a finding's diagnostic. `suppress` adds a `hairpin-ignore` comment for it (absent for JSON). */
export interface FindingDiagnosticData {
  readonly ruleId: string;
  readonly frontendId: string;
  readonly probability: number;
  readonly mode: Finding['mode'];
  readonly traceRef: Finding['traceRef'];
  readonly suppress?: DiagnosticFix;
}

/** `data` of an HP001–HP003 diagnostic. `fix` deletes the dead id or the whole directive. */
export interface SuppressionProblemData {
  readonly ruleId: string;
  readonly fix?: DiagnosticFix;
}

/** Rule pages ship next to the bundle (dist/../docs/rules), so links work offline. */
export function ruleDocUri(ruleId: string): string {
  return pathToUri(resolve(__dirname, '..', 'docs', 'rules', `${ruleId}.md`));
}

/**
 * Findings, suppression problems and notices of one file as LSP diagnostics. Suppressed findings are not
 * shown. `uri` is canonical; `toClient` names the related files as the client knows them (uri.ts).
 */
export function diagnosticsFor(uri: string, result: AnalysisResult, positions: Positions, toClient: (uri: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of result.findings) {
    if (f.span.file !== uri) continue;
    const d = findingDiagnostic(f, positions, toClient);
    if (d) out.push(d);
  }
  for (const p of result.suppressionProblems ?? []) {
    if (p.span.file !== uri) continue;
    const d = problemDiagnostic(p, positions);
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

function findingDiagnostic(f: Finding, positions: Positions, toClient: (uri: string) => string): Diagnostic | undefined {
  const range = positions.range(f.span);
  if (!range) return undefined;
  const relatedInformation = f.related.flatMap((r) => {
    const rr = positions.range(r.span);
    return rr ? [{ location: { uri: toClient(r.span.file), range: rr }, message: r.message }] : [];
  });
  const edit = suppressionEdit(f, (file) => positions.text(file));
  const suppress = edit && lspFix(suppressTitle(f.ruleId), [edit], positions);
  const data: FindingDiagnosticData = { ruleId: f.ruleId, frontendId: f.frontendId, probability: f.probability, mode: f.mode, traceRef: f.traceRef, ...(suppress ? { suppress } : {}) };
  return { ...ruleDiagnostic(range, f.ruleId, SEVERITY[f.severity], f.message), relatedInformation, data };
}

/** The title of the action that adds a `hairpin-ignore` comment for a finding. */
export function suppressTitle(ruleId: string): string {
  return `Suppress ${ruleId} on this line`;
}

/** What every diagnostic of a rule carries: its code, the link to its page, its severity and message. */
function ruleDiagnostic(range: Diagnostic['range'], ruleId: string, severity: DiagnosticSeverity, message: string): Diagnostic {
  return { range, severity, source: 'hairpin', code: ruleId, codeDescription: { href: ruleDocUri(ruleId) }, message };
}

function problemDiagnostic(p: SuppressionProblem, positions: Positions): Diagnostic | undefined {
  const range = positions.range(p.span);
  if (!range) return undefined;
  const fix = p.fix && lspFix(p.fix.title, p.fix.edits, positions);
  const data: SuppressionProblemData = { ruleId: p.ruleId, ...(fix ? { fix } : {}) };
  return {
    ...ruleDiagnostic(range, p.ruleId, SEVERITY[p.severity], p.message),
    // Editors fade an unused suppression, as they do unused code.
    ...(p.ruleId === HP001.id ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data,
  };
}

/** Core edits as a ready fix in LSP positions; undefined when a position is not in the text. */
export function lspFix(title: string, edits: readonly TextEdit[], positions: Positions): DiagnosticFix | undefined {
  const converted: LspTextEdit[] = [];
  for (const e of edits) {
    const range = positions.range(e);
    if (!range) return undefined;
    converted.push({ range, newText: e.newText });
  }
  return { title, edits: converted };
}

/**
 * A notice is about Hairpin's reading, not a failing handshake: at most a Warning, so Error stays the
 * mark of a finding. Info notices (an ignored annotation, a value known only after apply, a skipped
 * template) are Information, listed in the Problems panel; Hint, which editors show faintly and do not
 * list, is left to the unused suppression (HP001, tagged Unnecessary).
 */
const NOTICE_SEVERITY: Record<Notice['level'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Warning,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function noticeDiagnostic(n: Notice, positions: Positions): Diagnostic {
  const range = (n.span && positions.range(n.span)) || { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity: NOTICE_SEVERITY[n.level],
    source: 'hairpin',
    message: n.message,
  };
}
