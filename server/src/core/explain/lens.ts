import type { AnalysisResult } from '../analyze';
import { isInCluster } from '../rules/clients';
import type { FrontendAnalysis } from '../rules/types';
import type { ClientResult } from '../simulate/enumerate';
import { inWords, percent } from '../simulate/probability-text';
import type { Span } from '../text/span';
import { moduleCallOf } from './module-call';

export interface Lens {
  /** The load balancer's head: one lens per NLB, however many listeners it has. */
  readonly span: Span;
  readonly title: string;
  /** The frontend whose handshake the lens shows (the one with the worst client). */
  readonly frontendId: string;
  readonly failing: boolean;
}

/**
 * "▶ 1 in 6 in-cluster connections fail: show handshake", "✓ no handshake failures (3 clients simulated)"
 * or, when no client could be simulated, "○ no handshake simulated: <why>", for the load balancers defined in `file`, or in every file when `file` is undefined.
 */
export function lensesFor(result: AnalysisResult, file?: string): Lens[] {
  const byHead = new Map<string, { span: Span; group: FrontendAnalysis[] }>();
  const add = (span: Span, a: FrontendAnalysis) => {
    if (file !== undefined && span.file !== file) return;
    const key = `${span.file}:${span.start}:${span.end}`;
    const entry = byHead.get(key) ?? byHead.set(key, { span, group: [] }).get(key)!;
    entry.group.push(a);
  };
  for (const a of result.frontends) {
    add(a.frontend.loadBalancer.head, a);
    // A local module's NLB also gets a lens on the module call that made it, for that call's instance alone.
    const call = moduleCallOf(result, a.frontend);
    if (call) add(call.head, a);
  }
  return [...byHead.values()].map(({ span, group }) => lensOf(group, span));
}

function lensOf(group: readonly FrontendAnalysis[], span: Span): Lens {
  let worst: { a: FrontendAnalysis; c: ClientResult } | undefined;
  for (const a of group) for (const c of a.simulation.clients) if (!worst || c.failureProbability.compare(worst.c.failureProbability) > 0) worst = { a, c };
  const first = group[0]!;
  if (worst && !worst.c.failureProbability.isZero()) {
    return { span, title: `▶ ${inWords(worst.c.failureProbability)} ${where(worst.c)} connections fail: show handshake`, frontendId: worst.a.frontend.id, failing: true };
  }
  const colliding = group.find((a) => a.simulation.collision.probability > 0);
  if (colliding) {
    return { span, title: `▶ ${percent(colliding.simulation.collision.probability)} of new connections from a busy source collide: show handshake`, frontendId: colliding.frontend.id, failing: true };
  }
  const clients = new Set(group.flatMap((a) => a.simulation.clients.map((c) => c.location))).size;
  // Nothing was simulated (no client can be assumed, as when the targets are unknown): no check mark for that.
  if (clients === 0) return { span, title: `○ no handshake simulated: ${first.cluster.clients.why ?? 'no client location is known'}`, frontendId: first.frontend.id, failing: false };
  const simulated = `${clients} client${clients === 1 ? '' : 's'} simulated`;
  // HP105 fails no handshake: the lens names the idle window it is about instead of a failure rate.
  const idle = group.find((a) => a.simulation.idle?.resetOnReuse);
  if (idle) {
    const { nlbSeconds, backendSeconds } = idle.simulation.idle!;
    return { span, title: `⚠ no handshake failures (${simulated}), but pooled connections idle ${nlbSeconds}–${backendSeconds} s are reset on reuse`, frontendId: idle.frontend.id, failing: false };
  }
  return { span, title: `✓ no handshake failures (${simulated})`, frontendId: first.frontend.id, failing: false };
}

function where(c: ClientResult): string {
  if (isInCluster(c.location)) return 'in-cluster';
  return c.location === 'vpc' ? 'VPC' : 'internet';
}

