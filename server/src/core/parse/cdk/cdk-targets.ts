import type { AttachedTarget } from '../../model/frontend';
import type { TargetGroupModel } from '../../model/nlb';
import type { TargetAttachmentFact } from '../../model/workspace';
import type { TgRecord } from './constructs';
import { camel, dottedName, lastName, stringValue, type Expr } from './expr';
import { follow, prop, quote, type Ctx } from './values';

/** Target classes that register a host, and how; ALB, Lambda and ECS targets register none Hairpin simulates. */
const HOST_CLASSES: Readonly<Record<string, AttachedTarget['kind']>> = {
  InstanceTarget: 'instance',
  InstanceIdTarget: 'instance',
  IpTarget: 'ip',
  AutoScalingGroup: 'autoscaling-group',
  // An EKS cluster's capacity: its instances are Kubernetes nodes (aws-eks AutoScalingGroupCapacityOptions,
  // "options for adding worker nodes"; not in FACTS.md).
  addAutoScalingGroupCapacity: 'node-group',
};
const CLASS_PATTERN = new RegExp(`\\b(${Object.keys(HOST_CLASSES).join('|')})\\b`, 'g');
const MAX_DEPTH = 6;

/**
 * The hosts a CDK target group registers, from `targets: [...]` (on the construct or `addTargets`) and
 * `addTarget(...)`: `new InstanceTarget(web)` (named by its argument), `new InstanceIdTarget('i-…')`,
 * `new IpTarget('10.0.5.7')`, an `AutoScalingGroup`. A target class inside code Hairpin does not run (a
 * `map` over instances) counts once, named by that code; so does a name it cannot follow, marked opaque.
 */
export function readCdkTargets(ctx: Ctx, rec: TgRecord, tg: TargetGroupModel): TargetAttachmentFact[] {
  const out: TargetAttachmentFact[] = [];
  const push = (target: AttachedTarget) => out.push({ targetGroupId: tg.id, target });
  const visit = (e: Expr, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const r = follow(ctx, e).expr;
    if (r.kind === 'array') {
      for (const item of r.items) visit(item, depth + 1);
      return;
    }
    if (r.kind === 'call') {
      const cls = camel(lastName(r.callee) ?? '');
      const kind = Object.hasOwn(HOST_CLASSES, cls) ? HOST_CLASSES[cls]! : undefined;
      if (kind) push({ name: nameOf(ctx, e, r.args, cls), kind, span: e.span });
      else if (!/Target$/.test(cls)) scan(r.span, e);
      return;
    }
    if (r.kind === 'other') scan(r.span, e);
    // `targets: props.nodes`: what it holds is decided elsewhere; link counts it only as Kubernetes nodes.
    else if (r.kind === 'name' || r.kind === 'member') push({ name: quote(ctx, e), kind: tg.targetType.value === 'ip' ? 'ip' : 'instance', span: e.span, several: true, opaque: true });
  };
  const scan = (where: Expr['span'], at: Expr): void => {
    const text = ctx.text.slice(where.start, where.end);
    const seen = new Set<string>();
    for (const m of text.matchAll(CLASS_PATTERN)) {
      if (seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      push({ name: quote(ctx, at), kind: HOST_CLASSES[m[1]!]!, span: at.span, several: true });
    }
  };
  for (const e of [prop(rec.props, 'targets')?.value, ...rec.added]) if (e) visit(e, 0);
  return out;
}

/** `web` for `new InstanceTarget(web)`, the id for `InstanceIdTarget`/`IpTarget`, the variable for a group. */
function nameOf(ctx: Ctx, at: Expr, args: readonly Expr[], cls: string): string {
  const variable = dottedName(at)?.replace(/^(this|self)\./, '');
  if (cls === 'AutoScalingGroup' || cls === 'addAutoScalingGroupCapacity') {
    const id = args[cls === 'AutoScalingGroup' ? 1 : 0];
    return variable ?? (id && stringValue(follow(ctx, id).expr)) ?? quote(ctx, at);
  }
  const arg = args[0];
  if (!arg) return quote(ctx, at);
  return stringValue(follow(ctx, arg).expr)?.trim() ?? dottedName(arg)?.replace(/^(this|self)\./, '') ?? quote(ctx, arg);
}
