/** A node's labels, as Kubernetes keeps them. */
export type Labels = Readonly<Record<string, string>>;

export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/**
 * Which nodes an NLB registers as instance targets: `aws-load-balancer-target-node-labels` (`k1=v1,k2=v2`,
 * every pair must match) or a TargetGroupBinding's `spec.nodeSelector` (a Kubernetes label selector).
 */
export interface NodeSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions?: readonly LabelRequirement[];
}

/** The label every node carries with its own name. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export function selects(selector: NodeSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, r.key);
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
    if (r.operator === 'In' && (!has || !r.values.includes(labels[r.key]!))) return false;
    if (r.operator === 'NotIn' && has && r.values.includes(labels[r.key]!)) return false;
  }
  return true;
}

/** `role=edge, kubernetes.io/os in (linux)` */
export function describeSelector(selector: NodeSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(', ')})`);
  }
  return parts.length ? parts.join(', ') : '(every node)';
}
