import type { ClusterFacts, ClusterOverrides } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import { assumed } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { CONFIG_FILE_NAME } from '../parse/hairpin-config';
import type { TargetedCluster } from './target-nodes';

/** The one stand-in target of a target group whose targets are unknown. */
export const UNKNOWN_TARGET = '(unknown target)';

const WHY = 'no attachment, Service, TargetGroupBinding, node group or .hairpin.yaml entry says what this target group sends to';

/**
 * A frontend whose targets nothing in the workspace describes: no Service or TargetGroupBinding linked to
 * its target group, no NodePort Service on its port, nothing attached to it, and `.hairpin.yaml` does not
 * list it under `cluster.targetGroups`. No cluster is invented: there is no client (so no HP101 or HP102),
 * and one stand-in target that runs the backend itself, so that only what holds for any targets is
 * reported. HP103's estimate for one target is its upper bound, since the rate falls as targets are added.
 * The notice says what would tell Hairpin the targets. Unchanged when something says what they are.
 */
export function withUnknownTargets(frontend: Frontend, cluster: ClusterFacts, overrides: ClusterOverrides | undefined, given: boolean): TargetedCluster {
  if (given || frontend.kubernetesTargets || (frontend.attached?.length ?? 0) > 0 || listedInConfig(frontend, overrides)) return { cluster, notices: [] };
  const tg = frontend.targetGroup;
  const zones = cluster.zones.value.map((z, k) => ({ name: z.name, nodes: k === 0 ? [UNKNOWN_TARGET] : [] }));
  const port = tg.port?.value;
  const notice: Notice = {
    file: tg.file,
    span: tg.head,
    level: 'info',
    message:
      `${frontend.name}: targets unknown. Nothing in the workspace says what its target group registers, so Hairpin assumes no cluster and reports only what holds for any targets (such as HP103 when cross-zone and client IP preservation are both on, estimated for one target: its upper bound). ` +
      `To simulate the real targets, add what would tell: an attachment (aws_lb_target_group_attachment, aws_autoscaling_attachment, CloudFormation Targets, CDK addTargets), ` +
      `a TargetGroupBinding for it, ${port !== undefined ? `the NodePort Service on port ${port}` : 'the NodePort Service it sends to'}, or its name under cluster.targetGroups in ${CONFIG_FILE_NAME}.`,
  };
  return {
    cluster: {
      ...cluster,
      zones: assumed(zones, `targets unknown: ${WHY}; one stand-in target`),
      endpoints: assumed({ [UNKNOWN_TARGET]: 1 }, WHY),
      clients: assumed([], 'no client is assumed while the targets are unknown'),
      targetKind: assumed('unknown', WHY),
    },
    notices: [notice],
  };
}

/** `.hairpin.yaml` `cluster.targetGroups`: `*`, or one of the target group's names, addresses or ids. */
function listedInConfig(frontend: Frontend, overrides: ClusterOverrides | undefined): boolean {
  const listed = overrides?.targetGroups?.value;
  if (!listed || listed.length === 0) return false;
  if (listed.includes('*')) return true;
  const tg = frontend.targetGroup;
  const names = new Set([tg.name?.value, tg.id, tg.id.slice(tg.id.lastIndexOf(':') + 1), ...(tg.aliases ?? [])].filter((n): n is string => !!n));
  return listed.some((n) => names.has(n));
}
