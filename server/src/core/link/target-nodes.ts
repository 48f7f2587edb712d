import { defaultClients, labelsOf, podsOn, type ClientLocation, type ClusterFacts } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import type { TargetGroupBindingFact } from '../model/kubernetes';
import { describeSelector, selects, type NodeSelector } from '../model/node-selector';
import type { ServiceFact } from '../model/service';
import { describeOrigin, explicit, inferred, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { parseKeyValueList } from '../parse/key-value-list';
import { TARGET_NODE_LABELS, TARGET_NODE_LABELS_WHY } from '../model/aws-defaults';

/** Both the Load Balancer Controller and the in-tree provider read it (model/aws-defaults.ts has the sources). */
export { TARGET_NODE_LABELS };

/**
 * The selector that limits a frontend's instance targets: a TargetGroupBinding's `spec.nodeSelector` for
 * the target group it binds, otherwise the Service's target-node-labels annotation.
 */
export function targetNodeSelector(service: ServiceFact, binding: TargetGroupBindingFact | undefined): Sourced<NodeSelector> | undefined {
  if (binding) return binding.nodeSelector;
  const a = service.annotations.find((x) => x.key === TARGET_NODE_LABELS);
  if (!a) return undefined;
  const items = a.items ?? parseKeyValueList(a.value, a.valueSpan);
  const matchLabels = new Map<string, string>();
  for (const item of items) if (!matchLabels.has(item.key)) matchLabels.set(item.key, item.value);
  return explicit({ matchLabels: Object.fromEntries(matchLabels) }, a.valueSpan, TARGET_NODE_LABELS_WHY);
}

export interface TargetedCluster {
  readonly cluster: ClusterFacts;
  readonly notices: readonly Notice[];
}

/**
 * The cluster as one frontend's NLB sees it: with a node selector on instance targets, only the nodes
 * whose labels match are targets (labels from `.hairpin.yaml` and node groups; every node has
 * `kubernetes.io/hostname` = its name). Unless the user listed clients, a pod on a target node is added,
 * since only such a pod can be sent back to its own node.
 */
export function withTargetNodes(frontend: Frontend, cluster: ClusterFacts): TargetedCluster {
  const selector = frontend.nodeSelector;
  if (!selector || frontend.targetGroup.targetType.value !== 'instance') return { cluster, notices: [] };
  const labels = cluster.labels?.value;
  const nodes: string[] = [];
  const unnamedOfZones: number[] = [];
  cluster.zones.value.forEach((zone, k) => {
    for (const n of zone.nodes) if (selects(selector.value, labelsOf(labels, zone.name, n))) nodes.push(n);
    if ((zone.unnamed ?? 0) > 0 && selects(selector.value, labelsOf(labels, zone.name, undefined))) unnamedOfZones.push(k);
  });
  const what = describeSelector(selector.value);
  const labelSource = cluster.labels ? `node labels ${describeOrigin(cluster.labels)}` : 'no node labels known, only kubernetes.io/hostname';
  const counted = unnamedOfZones.map((k) => `the ${cluster.zones.value[k]!.unnamed} counted nodes of ${cluster.zones.value[k]!.name}`);
  const list = [...nodes, ...counted];
  const targetNodes = inferred(
    { nodes, unnamedOfZones },
    `instance targets are the nodes matching ${what}: ${list.length ? list.join(', ') : 'none'} (${labelSource})`,
    selector.span,
  );
  const notices: Notice[] =
    list.length === 0
      ? [
          {
            file: selector.span?.file ?? frontend.file,
            span: selector.span ?? frontend.head,
            level: 'warning',
            message: `${frontend.name}: the node selector ${what} matches no known node, so the NLB has no instance targets here. Give node labels in ${'.hairpin.yaml'} (cluster.labels) or on the node groups (labels).`,
          },
        ]
      : [];
  const clients = cluster.clients.span ? cluster.clients : targetClients(cluster, new Set(nodes));
  return { cluster: { ...cluster, targetNodes, clients }, notices };
}

/** The default clients, plus a pod on a target node without a backend pod and one on a target node with one. */
function targetClients(cluster: ClusterFacts, targets: ReadonlySet<string>): ClusterFacts['clients'] {
  const endpoints = cluster.endpoints.value;
  const all = cluster.zones.value.flatMap((z) => z.nodes);
  const onTarget = [all.find((n) => targets.has(n) && podsOn(endpoints, n) === 0), all.find((n) => targets.has(n) && podsOn(endpoints, n) > 0)];
  const out: ClientLocation[] = [...cluster.clients.value];
  for (const n of onTarget) if (n !== undefined && !out.includes(`pod@${n}`)) out.push(`pod@${n}`);
  if (out.length === cluster.clients.value.length) return cluster.clients;
  const base = defaultClients(cluster.zones.value, endpoints);
  return { value: out, origin: 'assumed', why: `${base.length ? 'one pod on a node without a backend pod and one on a node with one, plus ' : ''}a pod on a node the NLB targets` };
}
