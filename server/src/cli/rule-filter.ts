import type { AnalysisResult } from '../core/analyze';

/**
 * `--rule` / `--skip-rule`: keep the findings, suppressed findings and suppression problems of the
 * selected rule ids. Every rule still runs, so that a suppression is judged used or unused against all
 * of them and a skipped rule never turns its suppressions into HP001 reports.
 */
export function selectRules(result: AnalysisResult, only: readonly string[] | undefined, skip: readonly string[] | undefined): AnalysisResult {
  if (!only && !skip) return result;
  const keep = (r: { readonly ruleId: string }) => (!only || only.includes(r.ruleId)) && !skip?.includes(r.ruleId);
  return {
    ...result,
    findings: result.findings.filter(keep),
    suppressed: (result.suppressed ?? []).filter(keep),
    suppressionProblems: (result.suppressionProblems ?? []).filter(keep),
  };
}
