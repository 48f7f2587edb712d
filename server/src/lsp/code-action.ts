import {
  CodeActionKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import { fixesFor } from '../core/fix/fixes';
import type { FixProposal } from '../core/fix/types';
import { suppressionEdit } from '../core/suppress/suppression-edit';
import type { Finding } from '../core/rules/types';
import { ShowHandshakeCommand, type TraceParams } from '../protocol';
import type { Positions } from './convert';
import { lspFix, suppressTitle, type DiagnosticFix, type FindingDiagnosticData, type SuppressionProblemData } from './diagnostics';

/** What the client said it can take, read once at initialize. */
export interface CodeActionSupport {
  /** `CodeAction.disabled`: a fix that cannot be made is shown greyed out with its reason. */
  readonly disabled: boolean;
  /** Versioned `documentChanges`, so a client refuses an edit made for an older text. */
  readonly documentChanges: boolean;
}

export function codeActionSupport(c: ClientCapabilities): CodeActionSupport {
  return { disabled: c.textDocument?.codeAction?.disabledSupport === true, documentChanges: c.workspace?.workspaceEdit?.documentChanges === true };
}

/**
 * Quick fixes for Hairpin's diagnostics: the simulated mitigations (best first, the preferred one
 * marked), a suppression comment, "Show failing handshake", and the fixes of HP001–HP003. Edits go to
 * whichever file holds the deciding value, in that file's own format (core/fix). URIs in `params` and
 * `versionOf` are canonical; the actions name files as the client does (`toClient`, uri.ts).
 */
export function codeActions(
  params: CodeActionParams,
  result: AnalysisResult,
  positions: Positions,
  support: CodeActionSupport,
  versionOf: (uri: string) => number | null,
  toClient: (uri: string) => string,
): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const out: CodeAction[] = [];
  const edit = (changes: Map<string, LspTextEdit[]>): WorkspaceEdit => workspaceEdit(changes, support, versionOf, toClient);
  for (const d of params.context.diagnostics) {
    if (d.source !== 'hairpin') continue;
    const data = typeof d.data === 'object' && d.data !== null ? (d.data as Partial<FindingDiagnosticData & SuppressionProblemData>) : dataOf(d, params.textDocument.uri, result, positions);
    if (!data) continue;
    if (data.frontendId !== undefined) {
      const finding = findingOf(d, data as FindingDiagnosticData, params.textDocument.uri, result, positions);
      const analysis = finding && result.frontends.find((a) => a.frontend.id === finding.frontendId);
      if (finding && analysis) {
        for (const p of fixesFor(finding, analysis, (f) => positions.text(f), (id) => result.frontends.find((a) => a.frontend.id === id))) {
          const action = fixAction(p, d, positions, support, edit);
          if (action) out.push(action);
        }
      }
      // The suppression edit is made again from the latest text: the diagnostic may be older than the document.
      const comment = finding && data.suppress ? suppressionEdit(finding, (f) => positions.text(f)) : undefined;
      const suppress = comment && data.suppress ? lspFix(data.suppress.title, [comment], positions) : undefined;
      if (suppress) out.push(readyAction(suppress, d, params.textDocument.uri, edit));
      if (data.traceRef) {
        const args: TraceParams = { textDocument: { uri: toClient(params.textDocument.uri) }, position: d.range.start, client: data.traceRef.client };
        out.push({ title: 'Show failing handshake', kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Show failing handshake', command: ShowHandshakeCommand, arguments: [args] } });
      }
    } else if (data.fix) {
      // Only while the latest analysis still reports that problem there; its edits are those of the latest text.
      const problem = (result.suppressionProblems ?? []).find((p) => p.ruleId === data.ruleId && p.span.file === params.textDocument.uri && sameStart(positions.range(p.span), d));
      const fix = problem?.fix && problem.fix.edits.length > 0 ? lspFix(problem.fix.title, problem.fix.edits, positions) : undefined;
      if (fix) out.push({ ...readyAction(fix, d, params.textDocument.uri, edit), isPreferred: true });
    }
  }
  return out;
}

/**
 * What `data` would have said, for a client that does not send it back (no `publishDiagnostics.dataSupport`,
 * as in several editors): the latest finding or suppression problem of that code starting at the same place.
 */
function dataOf(d: Diagnostic, uri: string, result: AnalysisResult, positions: Positions): Partial<FindingDiagnosticData & SuppressionProblemData> | undefined {
  if (typeof d.code !== 'string') return undefined;
  const finding = result.findings.find((f) => f.ruleId === d.code && f.span.file === uri && sameStart(positions.range(f.span), d));
  if (finding) {
    const suppress = suppressionEdit(finding, (f) => positions.text(f)) ? { title: suppressTitle(finding.ruleId), edits: [] } : undefined;
    return { ruleId: finding.ruleId, frontendId: finding.frontendId, traceRef: finding.traceRef, ...(suppress ? { suppress } : {}) };
  }
  const problem = (result.suppressionProblems ?? []).find((p) => p.ruleId === d.code && p.span.file === uri && sameStart(positions.range(p.span), d));
  return problem?.fix ? { ruleId: problem.ruleId, fix: { title: problem.fix.title, edits: [] } } : undefined;
}

function sameStart(r: Diagnostic['range'] | undefined, d: Diagnostic): boolean {
  return !!r && r.start.line === d.range.start.line && r.start.character === d.range.start.character;
}

/** The finding a diagnostic was made from, if the latest analysis still has it at the same place. */
function findingOf(d: Diagnostic, data: FindingDiagnosticData, uri: string, result: AnalysisResult, positions: Positions): Finding | undefined {
  return result.findings.find((f) => {
    if (f.ruleId !== data.ruleId || f.frontendId !== data.frontendId || f.span.file !== uri) return false;
    const r = positions.range(f.span);
    return !!r && r.start.line === d.range.start.line && r.start.character === d.range.start.character;
  });
}

function fixAction(p: FixProposal, d: Diagnostic, positions: Positions, support: CodeActionSupport, edit: (c: Map<string, LspTextEdit[]>) => WorkspaceEdit): CodeAction | undefined {
  const base = { title: p.title, kind: CodeActionKind.QuickFix, diagnostics: [d] };
  if (p.edits.length === 0) return support.disabled && p.unavailable ? { ...base, disabled: { reason: p.unavailable } } : undefined;
  const changes = new Map<string, LspTextEdit[]>();
  for (const e of p.edits) {
    const range = positions.range(e);
    if (!range) return support.disabled ? { ...base, disabled: { reason: `The text of ${e.file} is not available.` } } : undefined;
    changes.set(e.file, [...(changes.get(e.file) ?? []), { range, newText: e.newText }]);
  }
  return { ...base, isPreferred: p.preferred, edit: edit(changes) };
}

function readyAction(fix: DiagnosticFix, d: Diagnostic, uri: string, edit: (c: Map<string, LspTextEdit[]>) => WorkspaceEdit): CodeAction {
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(new Map([[uri, [...fix.edits]]])) };
}

function workspaceEdit(changes: Map<string, LspTextEdit[]>, support: CodeActionSupport, versionOf: (uri: string) => number | null, toClient: (uri: string) => string): WorkspaceEdit {
  if (support.documentChanges) {
    return { documentChanges: [...changes].map(([uri, edits]) => ({ textDocument: { uri: toClient(uri), version: versionOf(uri) }, edits })) };
  }
  return { changes: Object.fromEntries([...changes].map(([uri, edits]) => [toClient(uri), edits])) };
}
