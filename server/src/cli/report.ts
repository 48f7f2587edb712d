import type { AnalysisResult } from '../core/analyze';
import type { Notice } from '../core/model/workspace';
import type { Severity } from '../core/rules/types';
import type { FailOn } from './args';

/** What every output format prints: the analysis plus the notices the CLI itself raised. */
export interface Report {
  readonly result: AnalysisResult;
  readonly notices: readonly Notice[];
  readonly texts: ReadonlyMap<string, string>;
  readonly version: string;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { note: 1, warning: 2, error: 3, none: Infinity };

export function shouldFail(report: Report, failOn: FailOn): boolean {
  return report.result.findings.some((f) => RANK[f.severity] >= THRESHOLD[failOn]);
}

/** SARIF calls info "note". */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}
