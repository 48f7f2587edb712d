import type { Node } from 'yaml';
import type { AttachedTarget } from '../../model/frontend';
import type { TargetGroupModel } from '../../model/nlb';
import type { TargetAttachmentFact } from '../../model/workspace';
import { asSeq, entry } from '../yaml-ast';
import { resolve } from './intrinsics';
import type { Resource, Template } from './template';
import { prop } from './values';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
/** Targets that are no host: nothing on them can call the NLB or see the 4-tuple. */
const NOT_HOSTS = new Set(['AWS::Lambda::Function', 'AWS::ElasticLoadBalancingV2::LoadBalancer']);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Not in FACTS.md; from AWS's CloudFormation reference (TargetGroup TargetDescription: `Id` is an instance
 * id for instance target groups, an IP address for ip ones, an ARN for lambda and alb ones) and the Auto
 * Scaling API (`TargetGroupARNs`: the group's instances are registered as targets of each).
 *
 * A target group's `Targets: [{Id, Port}]`: instance ids (`!Ref Web` to an `AWS::EC2::Instance`, or
 * `i-…` written out) and IP addresses (literal, or `!GetAtt Web.PrivateIp`), as attached targets.
 * An id only a deploy can tell is still a target, named as written.
 */
export function readCfnTargets(tpl: Template, res: Resource, tg: TargetGroupModel): TargetAttachmentFact[] {
  const out: TargetAttachmentFact[] = [];
  for (const item of asSeq(prop(res, 'Targets'))?.items ?? []) {
    const r = resolve(tpl, entry(item, 'Id')?.value);
    if (!r || r.kind === 'absent') continue;
    let target: AttachedTarget;
    if (r.kind === 'ref') {
      const type = tpl.resources.get(r.logicalId)?.type ?? '';
      if (NOT_HOSTS.has(type)) continue;
      target = { name: r.logicalId, kind: tg.targetType.value === 'ip' ? 'ip' : 'instance', span: r.span };
    } else if (r.kind === 'value') target = { name: r.value.trim(), kind: IPV4.test(r.value.trim()) ? 'ip' : 'instance', span: r.span };
    else target = { name: r.text, kind: tg.targetType.value === 'ip' ? 'ip' : 'instance', span: r.span };
    out.push({ targetGroupId: tg.id, target });
  }
  return out;
}

/** `AWS::AutoScaling::AutoScalingGroup` `TargetGroupARNs: [!Ref Tg]`: the group's instances are targets of each. */
export function readAutoScalingTargets(tpl: Template, tgs: ReadonlyMap<string, TargetGroupModel>): TargetAttachmentFact[] {
  const out: TargetAttachmentFact[] = [];
  for (const res of tpl.resources.values()) {
    if (res.type !== ASG) continue;
    for (const item of asSeq(prop(res, 'TargetGroupARNs'))?.items ?? []) {
      const r = resolve(tpl, item as Node);
      const tg = r?.kind === 'ref' ? tgs.get(r.logicalId) : undefined;
      if (tg) out.push({ targetGroupId: tg.id, target: { name: res.logicalId, kind: 'autoscaling-group', span: res.head } });
    }
  }
  return out;
}
