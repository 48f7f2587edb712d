import type { AnalysisResult } from '../core/analyze';
import type { Notice } from '../core/model/workspace';
import type { Severity } from '../core/rules/types';
import type { ProblemSeverity } from '../core/suppress/problem-rules';
import type { FailOn } from './args';

/** What every output format prints: the analysis plus the notices the CLI itself raised. */
export interface Report {
  readonly result: AnalysisResult;
  readonly notices: readonly Notice[];
  readonly texts: ReadonlyMap<string, string>;
  readonly version: string;
}

/** Hints (an unused suppression) never fail a check. */
const RANK: Record<Severity | ProblemSeverity, number> = { hint: 0, info: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { note: 1, warning: 2, error: 3, none: Infinity };

/** Suppressed findings do not count; problems of the suppressions themselves do, at their severity. */
export function shouldFail(report: Report, failOn: FailOn): boolean {
  const { findings, suppressionProblems = [] } = report.result;
  return [...findings, ...suppressionProblems].some((f) => RANK[f.severity] >= THRESHOLD[failOn]);
}

/** SARIF calls info "note", and has no hint. */
export function sarifLevel(s: Severity | ProblemSeverity): 'error' | 'warning' | 'note' {
  return s === 'info' || s === 'hint' ? 'note' : s;
}
