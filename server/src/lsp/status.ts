import type { AnalysisResult } from '../core/analyze';
import type { Notice } from '../core/model/workspace';
import type { StatusParams } from '../protocol';
import type { IndexProgress } from './indexer';

/** The `hairpin/status` notification for the status item: the last result, whether work is pending, the index. */
export function statusOf(result: AnalysisResult, skipped: readonly Notice[], quiescent: boolean, index: IndexProgress | undefined, failed: boolean): StatusParams {
  return {
    state: failed ? 'error' : result.findings.length ? 'findings' : 'ok',
    // Load balancers, as the status item says: a Service's NLB is simulated once per port.
    frontends: new Set(result.frontends.map((a) => a.frontend.loadBalancer.id)).size,
    findings: result.findings.length,
    skippedFiles: skipped.map((n) => ({ uri: n.file, reason: n.message })),
    quiescent,
    ...(index ? { index: { read: index.read, found: index.found, limit: index.limit, truncated: index.truncated } } : {}),
  };
}
