import type { Span } from '../../text/span';
import { camel, lastName, type Expr } from './expr';
import { follow, type Ctx } from './values';

export type TargetKind = 'instance' | 'ip' | 'alb' | 'lambda';

/** Target classes (aws-elasticloadbalancingv2-targets, autoscaling, ECS) and the target type CDK registers them as. */
const CLASS_KINDS: Readonly<Record<string, TargetKind>> = {
  InstanceTarget: 'instance',
  InstanceIdTarget: 'instance',
  AutoScalingGroup: 'instance',
  IpTarget: 'ip',
  FargateService: 'ip',
  AlbTarget: 'alb',
  AlbArnTarget: 'alb',
  AlbListenerTarget: 'alb',
  LambdaTarget: 'lambda',
};
const CLASS_PATTERN = new RegExp(`\\b(${Object.keys(CLASS_KINDS).join('|')})\\b`, 'g');
const MAX_DEPTH = 6;

export interface TargetEvidence {
  /** Set when every target found is of one kind. */
  readonly kind?: TargetKind;
  /** The class that decided it, e.g. `IpTarget`. */
  readonly evidence?: string;
  readonly span?: Span;
}

/**
 * What kind of targets `targets: [...]` and `addTarget(...)` register. CDK derives a target group's
 * target type from them; an expression Hairpin cannot classify leaves the kind unknown.
 */
export function classifyTargets(ctx: Ctx, exprs: readonly Expr[]): TargetEvidence {
  const found: { kind: TargetKind; cls: string; span: Span }[] = [];
  let unknown = false;
  const visit = (e: Expr, depth: number): void => {
    if (depth > MAX_DEPTH) {
      unknown = true;
      return;
    }
    const r = follow(ctx, e).expr;
    if (r.kind === 'array') {
      for (const item of r.items) visit(item, depth + 1);
      return;
    }
    if (r.kind === 'call') {
      const name = camel(lastName(r.callee) ?? '');
      const kind = Object.hasOwn(CLASS_KINDS, name) ? CLASS_KINDS[name] : undefined;
      if (kind) found.push({ kind, cls: name, span: e.span });
      else if (name === 'loadBalancerTarget' && r.callee.kind === 'member') visit(r.callee.object, depth + 1); // an ECS service
      else scan(r.span, e.span); // `nodes.map((n) => new InstanceTarget(n))`
      return;
    }
    if (r.kind === 'other') scan(r.span, e.span); // a Python comprehension, a lambda
    else unknown = true;
  };
  // Mentions of target classes in code Hairpin does not evaluate, such as a map over instances.
  const scan = (where: Span, at: Span): void => {
    const classes = [...ctx.text.slice(where.start, where.end).matchAll(CLASS_PATTERN)].map((m) => m[1]!);
    for (const cls of classes) found.push({ kind: CLASS_KINDS[cls]!, cls, span: at });
    if (classes.length === 0) unknown = true;
  };
  for (const e of exprs) visit(e, 0);
  const kinds = new Set(found.map((f) => f.kind));
  if (unknown || kinds.size !== 1) return {};
  return { kind: found[0]!.kind, evidence: found[0]!.cls, span: found[0]!.span };
}
