import type { AnalysisResult } from '../analyze';
import type { Sourced } from '../model/sourced';
import { worstFailure } from '../rules/rank-mitigations';
import type { FrontendAnalysis } from '../rules/types';
import { spanContains, type Span } from '../text/span';
import { moduleCallOf } from './module-call';

/**
 * The frontend a position in a file belongs to: a finding there, a value of the frontend written there,
 * or else the smallest stretch of the file that its resources cover (extents where readers know them,
 * heads and written values otherwise). Undefined when the position is outside every NLB-defining resource.
 */
export function frontendAt(result: AnalysisResult, file: string, offset: number): FrontendAnalysis | undefined {
  // A Service's port entry is that port's listener and target group.
  const port = result.frontends.find((a) => a.frontend.servicePort?.extent?.file === file && spanContains(a.frontend.servicePort.extent, offset));
  if (port) return port;
  const finding = result.findings.find((f) => f.span.file === file && spanContains(f.span, offset));
  if (finding) return result.frontends.find((a) => a.frontend.id === finding.frontendId);
  // A value every port of a Service shares (an annotation, the head) belongs to all its frontends: the worst one answers.
  const onValue = result.frontends.filter((a) => valueSpans(a).some((s) => s.file === file && spanContains(s, offset)));
  if (onValue.length > 0) return worstOf(onValue);
  let best: { a: FrontendAnalysis; size: number } | undefined;
  for (const a of result.frontends) {
    const values = valueSpans(a).filter((s) => s.file === file);
    const call = moduleCallOf(result, a.frontend)?.span;
    const spans = [...values, ...extents(a).filter((s) => s.file === file), ...(call?.file === file ? [call] : [])];
    if (spans.length === 0) continue;
    const start = Math.min(...spans.map((s) => s.start));
    const end = Math.max(...spans.map((s) => s.end));
    // The smallest hull wins: a Service inside a file of several is closer than a module spanning it.
    if (offset >= start && offset <= end && (!best || end - start < best.size || (end - start === best.size && worseThan(a, best.a)))) best = { a, size: end - start };
  }
  return best?.a;
}

/** The frontend whose worst client fails most often, then the one with the most collisions, then one HP105 is about; the first on a tie. */
export function worstOf(frontends: readonly FrontendAnalysis[]): FrontendAnalysis {
  return frontends.reduce((w, a) => (worseThan(a, w) ? a : w));
}

function worseThan(a: FrontendAnalysis, b: FrontendAnalysis): boolean {
  const c = worstFailure(a.simulation.clients, () => true).compare(worstFailure(b.simulation.clients, () => true));
  if (c !== 0) return c > 0;
  if (a.simulation.collision.probability !== b.simulation.collision.probability) return a.simulation.collision.probability > b.simulation.collision.probability;
  return !!a.simulation.idle?.resetOnReuse && !b.simulation.idle?.resetOnReuse;
}

/** Heads and the values written for this frontend: a position on one of them is unambiguous. */
function valueSpans(a: FrontendAnalysis): Span[] {
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

/** Whole resources, where readers record them. */
function extents(a: FrontendAnalysis): Span[] {
  const f = a.frontend;
  return [f.loadBalancer.extent, f.targetGroup.extent, f.service?.extent].filter((s): s is Span => !!s);
}
