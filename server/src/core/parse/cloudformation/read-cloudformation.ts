import type { Document } from 'yaml';
import type { LoadBalancerModel, TargetGroupModel } from '../../model/nlb';
import type { FileFacts, Notice } from '../../model/workspace';
import { entries, entry, scalarText } from '../yaml-ast';
import { NETWORK_PROTOCOLS, type ListenerFacts } from '../../model/aws-defaults';
import { readLoadBalancer } from './cfn-load-balancer';
import { readListener, type ListenerRefs } from './cfn-listener';
import { readTargetGroup } from './cfn-target-group';
import { readAutoScalingTargets, readCfnTargets } from './cfn-targets';
import { cfnId } from './ids';
import { LB_TYPE, LISTENER_TYPE, readTemplate, TG_TYPE, type Resource, type Template } from './template';

/**
 * Whether a parsed YAML/JSON document is a CloudFormation template: it names the format version, or
 * its `Resources` map holds typed resources (`Type: AWS::…`), as SAM and `cdk synth` output do.
 */
export function isCloudFormation(doc: Document): boolean {
  const root = doc.contents;
  if (entry(root, 'AWSTemplateFormatVersion')) return true;
  return entries(entry(root, 'Resources')?.value).some((e) => (scalarText(entry(e.value, 'Type')?.value) ?? '').includes('::'));
}

/**
 * Reads the NLB resources of one CloudFormation template document into `facts`: network load
 * balancers, their target groups, and one listener model per (listener, forwarded target group).
 * Short tags (`!Ref`) and long form (`{"Ref": …}`) read the same; never throws.
 */
export function readCloudFormationDocument(doc: Document, file: string, text: string, facts: FileFacts): void {
  const tpl = readTemplate(doc, file, text, facts.notices);
  const ofType = (type: string) => [...tpl.resources.values()].filter((r) => r.type === type);

  // Notices about a listener or target group count only once it turns out to be part of an NLB.
  const listeners = ofType(LISTENER_TYPE).flatMap((r) => {
    const read = isolated(tpl, r, (t) => readListener(t, r));
    if (!read.value) facts.notices.push(...read.notices);
    return read.value ? [{ ...read.value, notices: read.notices }] : [];
  });
  const networkListener = (lb: string) => listeners.some((l) => l.loadBalancer === lb && NETWORK_PROTOCOLS.has(l.protocol.value));

  const lbs = new Map<string, LoadBalancerModel>();
  for (const r of ofType(LB_TYPE)) {
    const read = isolated(tpl, r, (t) => readLoadBalancer(t, r, networkListener(r.logicalId)));
    facts.notices.push(...read.notices);
    if (read.value) lbs.set(r.logicalId, read.value);
  }
  // A target group names no load balancer; the first listener that forwards to it does.
  const lbOfTg = new Map<string, string>();
  for (const l of listeners) {
    const lb = l.loadBalancer !== undefined ? lbs.get(l.loadBalancer) : undefined;
    if (lb || (l.loadBalancer === undefined && NETWORK_PROTOCOLS.has(l.protocol.value))) facts.notices.push(...l.notices);
    for (const tg of l.targetGroups) if (lb && !lbOfTg.has(tg)) lbOfTg.set(tg, lb.id);
  }
  const tgs = new Map<string, TargetGroupModel>();
  for (const r of ofType(TG_TYPE)) {
    const read = isolated(tpl, r, (t) => readTargetGroup(t, r, lbOfTg.get(r.logicalId) ?? ''));
    // Lambda, ALB and HTTP target groups are no NLB's business: their notices would be noise.
    facts.notices.push(...read.notices.filter((n) => read.value || n.level === 'error'));
    if (read.value) tgs.set(r.logicalId, read.value);
  }

  facts.loadBalancers.push(...lbs.values());
  facts.targetGroups.push(...tgs.values());
  const attached = [...tgs].flatMap(([logicalId, tg]) => readCfnTargets(tpl, tpl.resources.get(logicalId)!, tg));
  attached.push(...readAutoScalingTargets(tpl, tgs));
  if (attached.length > 0) (facts.attachedTargets ??= []).push(...attached);
  for (const l of listeners) facts.listeners.push(...listenerModels(tpl, l, lbs, tgs));
}

function listenerModels(tpl: Template, l: ListenerRefs, lbs: ReadonlyMap<string, LoadBalancerModel>, tgs: ReadonlyMap<string, TargetGroupModel>): ListenerFacts[] {
  const lb = l.loadBalancer !== undefined ? lbs.get(l.loadBalancer) : undefined;
  if (!lb) return [];
  const out: ListenerFacts[] = [];
  for (const tgId of l.targetGroups) {
    const tg = tgs.get(tgId);
    if (!tg) continue;
    // One model per forwarded target group; the first keeps the listener's own id.
    const id = out.length === 0 ? cfnId(tpl.file, l.res.logicalId) : `${cfnId(tpl.file, l.res.logicalId)}/${tgId}`;
    out.push({
      id,
      loadBalancerId: lb.id,
      targetGroupId: tg.id,
      port: l.port,
      protocol: l.protocol,
      ...(l.idleTimeoutSeconds ? { idleTimeoutSeconds: l.idleTimeoutSeconds } : {}),
    });
  }
  return out;
}

/**
 * Runs one resource's reader with its own notice list. A reader failing must not lose the other
 * resources: the failure becomes an error notice on that resource.
 */
function isolated<T>(tpl: Template, res: Resource, read: (t: Template) => T): { value?: T; notices: Notice[] } {
  const notices: Notice[] = [];
  try {
    const value = read({ ...tpl, notices });
    return value === undefined ? { notices } : { value, notices };
  } catch (err) {
    notices.push({ file: tpl.file, level: 'error', message: `Internal error while reading ${res.logicalId}: ${(err as Error).message}`, span: res.head });
    return { notices };
  }
}
