import type { ClusterHint } from '../../model/kubernetes';
import { byDefault, explicit, type Sourced } from '../../model/sourced';
import type { TfValue } from '../../model/terraform';
import { blockSource, isDisabled, objectSource, type ModuleContext } from './context';
import { checkedCount } from '../../parse/counts';
import { asNumber, asString, read, readOptional } from './fields';

const EKS_MODULE = 'terraform-aws-modules/eks/aws';
export const EKS = /^(?:[\w.-]+\/)?terraform-aws-modules\/eks\/aws(?:\/\/)?(?:\?.*)?$|terraform-aws-modules\/terraform-aws-eks(?:\.git)?(?:\/\/)?(?:\?.*)?$/;
export const NODE_GROUP_MODULE = /terraform-aws-modules\/eks\/aws\/\/modules\/eks-managed-node-group|terraform-aws-eks(?:\.git)?\/\/modules\/eks-managed-node-group/;
const DESIRED_WHY = `${EKS_MODULE}: a managed node group's desired_size defaults to 1 (min_size 1, max_size 3)`;

/**
 * Node groups as cluster hints: the EKS module's `eks_managed_node_groups` (over its
 * `eks_managed_node_group_defaults`), its node-group submodule, and `aws_eks_node_group` resources.
 */
export function readNodeGroups(ctx: ModuleContext): void {
  const hints: ClusterHint[] = ctx.facts.clusterHints;
  for (const [name, located] of ctx.scope.modules) {
    const src = blockSource(ctx, located);
    const source = src.get('source');
    if (source?.kind !== 'scalar' || typeof source.value !== 'string' || isDisabled(ctx, located.node)) continue;
    if (NODE_GROUP_MODULE.test(source.value)) {
      const groupName = readOptional(src, 'name', asString)?.value ?? name;
      const fallback = byDefault(1, DESIRED_WHY, located.node.head);
      hints.push({ kind: 'node-group', file: located.file, name: groupName, desiredSize: desiredSize(ctx, read(src, 'desired_size', asNumber, fallback), fallback), ...labelsOf(src.get('labels')) });
      continue;
    }
    if (!EKS.test(source.value)) continue;
    const groups = src.get('eks_managed_node_groups');
    const defaults = src.get('eks_managed_node_group_defaults');
    for (const e of groups?.kind === 'object' ? groups.entries : []) {
      const group = objectSource(ctx, located.file, e.value, e.keySpan);
      const fallback = defaults
        ? read(objectSource(ctx, located.file, defaults, e.keySpan), 'desired_size', asNumber, byDefault(1, DESIRED_WHY, e.keySpan))
        : byDefault(1, DESIRED_WHY, e.keySpan);
      const groupDefault = fallback.origin === 'explicit' ? { ...desiredSize(ctx, fallback, byDefault(1, DESIRED_WHY, e.keySpan)), why: `from eks_managed_node_group_defaults${fallback.why ? `; ${fallback.why}` : ''}` } : fallback;
      const size = desiredSize(ctx, read(group, 'desired_size', asNumber, groupDefault), groupDefault);
      const labels = group.get('labels') ?? (defaults ? objectSource(ctx, located.file, defaults, e.keySpan).get('labels') : undefined);
      hints.push({ kind: 'node-group', file: located.file, name: readOptional(group, 'name', asString)?.value ?? e.key, desiredSize: size, ...labelsOf(labels) });
    }
    if (groups && groups.kind !== 'object') {
      ctx.facts.notices.push({ file: located.file, level: 'info', message: `module.${name}: eks_managed_node_groups cannot be read before apply${groups.kind === 'unknown' ? ` (${groups.why})` : ''}.`, span: groups.span });
    }
  }
  for (const [address, r] of ctx.scope.resources) {
    if (r.node.labels[0]!.value !== 'aws_eks_node_group' || isDisabled(ctx, r.node)) continue;
    const scaling = r.node.body?.blocks.find((b) => b.type === 'scaling_config');
    const src = blockSource(ctx, r);
    const notWritten = { value: 1, origin: 'assumed' as const, why: 'scaling_config.desired_size is not written; assuming 1', ...(scaling ? { span: scaling.head } : {}) };
    const size = scaling
      ? desiredSize(ctx, read(blockSource(ctx, r, scaling), 'desired_size', asNumber, notWritten), notWritten)
      : { value: 1, origin: 'assumed' as const, why: 'aws_eks_node_group has no scaling_config; assuming 1 node', span: r.node.head };
    hints.push({ kind: 'node-group', file: r.file, name: readOptional(src, 'node_group_name', asString)?.value ?? address, desiredSize: size, ...labelsOf(src.get('labels')) });
  }
}

/** A desired_size as a node count: whole, not negative, at most MAX_COUNT (with a warning on the value otherwise). */
function desiredSize(ctx: ModuleContext, size: Sourced<number>, fallback: Sourced<number>): Sourced<number> {
  return checkedCount(size, 'desired_size', 'nodes', ctx.facts.notices, fallback);
}

/** A node group's Kubernetes `labels` map, where its values are known; a value known only after apply is left out. */
function labelsOf(v: TfValue | undefined): { labels?: Sourced<Readonly<Record<string, string>>> } {
  if (v?.kind !== 'object') return {};
  const out = new Map<string, string>();
  for (const e of v.entries) if (e.value.kind === 'scalar' && e.value.value !== null) out.set(e.key, String(e.value.value));
  return { labels: explicit(Object.fromEntries(out), v.span) };
}
