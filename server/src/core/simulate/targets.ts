import type { Endpoint } from './packet';
import type { NlbNode, Topology } from './topology';

export interface Target {
  readonly name: string;
  readonly endpoint: Endpoint;
  /** Node the target lives on: the instance itself, or the pod's node for ip targets. */
  readonly node: string;
  readonly hasEndpoint: boolean;
  /** How many real targets this one stands for (see HostNode.weight, Pod.weight). */
  readonly weight?: number;
}

/**
 * Healthy targets an NLB node may pick: every zone with cross-zone on, its own zone otherwise.
 * Instance targets with `Local` are healthy only where a backend pod runs (healthCheckNodePort).
 */
export function healthyTargets(topo: Topology, nlb: NlbNode): Target[] {
  const s = topo.settings;
  const inScope = (zoneIndex: number) => s.crossZone || zoneIndex === nlb.zoneIndex;
  const targets: Target[] = [];
  if (s.targetType === 'instance') {
    for (const n of topo.nodes) {
      const healthy = n.target && (s.trafficPolicy === 'Cluster' || n.endpoints.length > 0);
      if (healthy && inScope(n.zoneIndex)) targets.push({ name: n.name, endpoint: { ip: n.ip, port: s.nodePort }, node: n.name, hasEndpoint: n.endpoints.length > 0, weight: n.weight });
    }
  } else {
    for (const pod of topo.pods) {
      if (inScope(topo.nodeByName.get(pod.node)!.zoneIndex)) targets.push({ name: pod.name, endpoint: { ip: pod.ip, port: pod.port }, node: pod.node, hasEndpoint: true, weight: pod.weight });
    }
  }
  return targets;
}

/** Whether an NLB node has any healthy target in scope, from per-zone groups (O(zones)). */
export function hasHealthyTarget(topo: Topology, nlb: NlbNode): boolean {
  const s = topo.settings;
  return topo.zoneGroups.some((g) => {
    if (!s.crossZone && g.zoneIndex !== nlb.zoneIndex) return false;
    if (s.targetType === 'ip') return g.pods.length > 0;
    return g.withEndpoints.length > 0 || (s.trafficPolicy === 'Cluster' && g.withoutEndpoints.length > 0);
  });
}
