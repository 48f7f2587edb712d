import type { Frontend } from '../model/frontend';
import type { TargetGroupModel } from '../model/nlb';
import type { Span } from '../text/span';
import { perServicePort } from './per-service-port';
import type { Finding, FrontendAnalysis } from './types';

/**
 * A load balancer is simulated once per listener, but what fails belongs to a target group: one
 * target group behind two listeners is one finding (the worst of them), and on a load balancer with
 * several target groups each finding names its target group and sits on that target group's deciding
 * value, not on the load balancer's line (where several identical messages would pile up).
 */
export function perTargetGroup(entries: readonly { readonly analysis: FrontendAnalysis; readonly findings: readonly Finding[] }[]): Finding[] {
  const frontendById = new Map<string, Frontend>();
  const groupsOfLb = new Map<string, Set<string>>();
  for (const { analysis } of entries) {
    const f = analysis.frontend;
    frontendById.set(f.id, f);
    let groups = groupsOfLb.get(f.loadBalancer.id);
    if (!groups) groupsOfLb.set(f.loadBalancer.id, (groups = new Set()));
    groups.add(f.targetGroup.id);
  }
  const kept = new Map<string, Finding>();
  const order: string[] = [];
  for (const entry of entries) {
    const keys = groupKeys(entry.findings, frontendById);
    entry.findings.forEach((finding, i) => {
      const key = keys[i]!;
      const known = kept.get(key);
      if (!known) order.push(key);
      if (!known || finding.probability > known.probability) kept.set(key, finding);
    });
  }
  const perGroup = order.map((key) => {
    const finding = kept.get(key)!;
    const f = frontendById.get(finding.frontendId);
    // A Service's target groups are its ports: per-service-port.ts names them as ports.
    return f && !f.targetGroup.servicePort && (groupsOfLb.get(f.loadBalancer.id)?.size ?? 0) > 1 ? namedForTargetGroup(finding, f) : finding;
  });
  return perServicePort(perGroup, (id) => frontendById.get(id), (lb) => groupsOfLb.get(lb)?.size ?? 0);
}

/**
 * Each finding's group: its rule on its load balancer and target group. A frontend's findings are kept
 * between analyses while its input is unchanged (analysis-cache.ts), so their keys are made once per list.
 */
const KEYS = new WeakMap<readonly Finding[], { readonly frontends: ReadonlyMap<string, Frontend>; readonly keys: readonly string[] }>();

function groupKeys(findings: readonly Finding[], frontendById: ReadonlyMap<string, Frontend>): readonly string[] {
  const known = KEYS.get(findings);
  // Keyed also on the frontends they were made against: a finding of one id joined to another frontend gets a new key.
  if (known && findings.every((x) => known.frontends.get(x.frontendId) === frontendById.get(x.frontendId))) return known.keys;
  const keys = findings.map((finding) => {
    const f = frontendById.get(finding.frontendId);
    return f ? `${finding.ruleId}\u0000${f.loadBalancer.id}\u0000${f.targetGroup.id}` : `${finding.ruleId}\u0000${finding.frontendId}`;
  });
  KEYS.set(findings, { frontends: new Map(findings.map((x) => [x.frontendId, frontendById.get(x.frontendId)!])), keys });
  return keys;
}

/** `aws_lb_target_group.api`, `ApiTargetGroup`: the definition's own name, with its AWS name when one is written. */
export function targetGroupLabel(tg: TargetGroupModel): string {
  const tail = tg.id.slice(tg.id.lastIndexOf(':') + 1) || tg.id;
  const name = tg.name?.origin === 'explicit' ? tg.name.value : undefined;
  return name && name !== tail ? `${tail} ("${name}")` : tail;
}

function namedForTargetGroup(finding: Finding, f: Frontend): Finding {
  const tg = f.targetGroup;
  const label = `target group ${targetGroupLabel(tg)}${tg.port ? ` (port ${tg.port.value})` : ''}`;
  const message = `${label[0]!.toUpperCase()}${label.slice(1)}: ${finding.message}`;
  if (within(finding.span, tg)) return { ...finding, message };
  // Decided on the load balancer (its cross-zone setting, its head): the finding goes to this target
  // group's own deciding value, and the load balancer's value becomes a related location.
  const own = ownDecidingSpan(tg);
  return { ...finding, message, span: own, related: [{ span: finding.span, message: `load balancer setting shared by its target groups (${f.loadBalancer.name})` }, ...finding.related] };
}

function ownDecidingSpan(tg: TargetGroupModel): Span {
  if (tg.crossZone.origin === 'explicit' && tg.crossZone.span) return tg.crossZone.span;
  if (tg.preserveClientIp.origin === 'explicit' && tg.preserveClientIp.span) return tg.preserveClientIp.span;
  return tg.head;
}

function within(span: Span, tg: TargetGroupModel): boolean {
  const box = tg.extent ?? tg.head;
  if (span.file !== box.file) return false;
  return span.start >= box.start && span.end <= box.end;
}
