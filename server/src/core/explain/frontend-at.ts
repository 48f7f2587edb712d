import type { AnalysisResult } from '../analyze';
import type { Sourced } from '../model/sourced';
import type { FrontendAnalysis } from '../rules/types';
import { spanContains, type Span } from '../text/span';

/**
 * The frontend a position in a file belongs to: a finding there, a value of the frontend written there,
 * or the stretch of the file its written values and head cover (the resource around the cursor).
 * Undefined when the position is outside every NLB-defining resource.
 */
export function frontendAt(result: AnalysisResult, file: string, offset: number): FrontendAnalysis | undefined {
  const byId = (id: string) => result.frontends.find((a) => a.frontend.id === id);
  const finding = result.findings.find((f) => f.span.file === file && spanContains(f.span, offset));
  if (finding) return byId(finding.frontendId);
  let best: { a: FrontendAnalysis; size: number } | undefined;
  for (const a of result.frontends) {
    const spans = spansOf(a).filter((s) => s.file === file);
    if (spans.length === 0) continue;
    if (spans.some((s) => spanContains(s, offset))) return a;
    const start = Math.min(...spans.map((s) => s.start));
    const end = Math.max(...spans.map((s) => s.end));
    // The smallest hull wins: a Service inside a file of several is closer than a module spanning it.
    if (offset >= start && offset <= end && (!best || end - start < best.size)) best = { a, size: end - start };
  }
  return best?.a;
}

/** Every span the frontend's own definitions were read from (written values, resource heads, annotations). */
export function spansOf(a: FrontendAnalysis): Span[] {
  const f = a.frontend;
  const values: Sourced<unknown>[] = [
    f.loadBalancer.scheme,
    f.loadBalancer.crossZone,
    f.targetGroup.targetType,
    f.targetGroup.preserveClientIp,
    f.targetGroup.proxyProtocolV2,
    f.targetGroup.crossZone,
    f.listener.port,
    f.trafficPolicy,
  ];
  const written = values.filter((v) => v.origin === 'explicit' && v.span).map((v) => v.span!);
  const annotations = f.service?.annotations.flatMap((x) => [x.keySpan, x.valueSpan]) ?? [];
  return [f.head, f.loadBalancer.head, f.targetGroup.head, ...(f.service ? [f.service.head] : []), ...written, ...annotations];
}
