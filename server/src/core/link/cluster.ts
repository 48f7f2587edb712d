import type { ClusterHint, WorkloadFact } from '../model/kubernetes';
import { assumedCluster, defaultClients, spreadEndpoints, type ClusterFacts, type ClusterOverrides, type ZoneFacts } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import { serviceId } from '../model/service';
import { assumed, inferred, type Sourced } from '../model/sourced';
import type { FileFacts } from '../model/workspace';
import { buildWorkloadIndex, selectedWorkload, type WorkloadIndex } from './link-index';

/** What the whole workspace says about the cluster, before any one frontend is considered. */
export interface WorkspaceCluster {
  readonly zones?: Sourced<readonly ZoneFacts[]>;
  readonly cni?: ClusterFacts['cni'];
  readonly workloads: readonly WorkloadFact[];
  /** The workloads by Service id and pod label, so finding a frontend's backend is a lookup. */
  readonly workloadIndex?: WorkloadIndex;
}

const ZONE_NAMES = ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e', 'zone-f'];

/** Node groups (EKS module) give the node count; zones come from hints or are assumed to be three. */
export function workspaceCluster(files: readonly FileFacts[]): WorkspaceCluster {
  const hints: ClusterHint[] = files.flatMap((f) => f.clusterHints);
  const groups = hints.filter((h): h is Extract<ClusterHint, { kind: 'node-group' }> => h.kind === 'node-group');
  const zoneHint = hints.find((h): h is Extract<ClusterHint, { kind: 'cluster-zones' }> => h.kind === 'cluster-zones');
  const cniHint = hints.find((h): h is Extract<ClusterHint, { kind: 'cni' }> => h.kind === 'cni');
  let zones: WorkspaceCluster['zones'];
  const total = groups.reduce((n, g) => n + g.desiredSize.value, 0);
  if (groups.length > 0 && total > 0) {
    const names = (groups.find((g) => g.zones)?.zones?.value ?? zoneHint?.zones.value ?? ZONE_NAMES.slice(0, 3)).slice();
    const perZone: string[][] = names.map(() => []);
    for (let i = 0; i < total; i++) perZone[i % names.length]!.push(`node-${i + 1}`);
    const zonesKnown = !!(groups.find((g) => g.zones) ?? zoneHint);
    zones = inferred(
      names.map((name, k) => ({ name, nodes: perZone[k]! })),
      `${total} nodes from ${groups.map((g) => `node group ${g.name} (desired ${g.desiredSize.value})`).join(', ')}, spread over ${names.length} zones${zonesKnown ? '' : ' (three zones assumed)'}`,
    );
  }
  const workloads = files.flatMap((f) => f.workloads);
  return { ...(zones ? { zones } : {}), ...(cniHint ? { cni: cniHint.cni } : {}), workloads, workloadIndex: buildWorkloadIndex(workloads) };
}

/**
 * The cluster one frontend is simulated in: `.hairpin.yaml` first, then what the workspace implies
 * (node groups, the replicas of the workload behind the Service, the CNI DaemonSet), then built-ins.
 */
export function clusterFor(frontend: Frontend, ws: WorkspaceCluster, overrides: ClusterOverrides = {}): ClusterFacts {
  const base = assumedCluster();
  const zones = overrides.zones ?? ws.zones ?? base.zones;
  const cni = overrides.cni ?? ws.cni ?? base.cni;
  const workload = backendWorkload(frontend, ws.workloadIndex ?? buildWorkloadIndex(ws.workloads));
  let endpoints: ClusterFacts['endpoints'];
  if (overrides.endpoints) endpoints = overrides.endpoints;
  else if (workload?.kind === 'DaemonSet') {
    endpoints = inferred(Object.fromEntries(zones.value.flatMap((z) => z.nodes).map((n) => [n, 1])), `DaemonSet ${workload.name} runs one pod per node`, workload.head);
  } else if (workload) {
    endpoints = inferred(spreadEndpoints(zones.value, workload.replicas.value), `${workload.replicas.value} replica(s) of ${workload.kind} ${workload.name} (${workload.replicas.origin}), spread evenly over the zones`, workload.replicas.span);
  } else if (zones === base.zones) endpoints = base.endpoints;
  else endpoints = assumed(spreadEndpoints(zones.value, zones.value.length), 'one backend pod per zone (no replica count known)');
  const clients =
    overrides.clients ?? (zones === base.zones && endpoints === base.endpoints ? base.clients : assumed(defaultClients(zones.value, endpoints.value), 'one pod on a node without a backend pod and one on a node with one'));
  return { cni, zones, endpoints, clients, workload: { ...base.workload, ...overrides.workload } };
}

/** The Deployment or DaemonSet behind a frontend's Service: declared together, or selected by labels. */
export function backendWorkload(frontend: Frontend, index: WorkloadIndex): WorkloadFact | undefined {
  const svc = frontend.service;
  if (!svc) return undefined;
  const together = index.byServiceId.get(serviceId(svc));
  if (together) return together;
  const selector = Object.entries(svc.selector ?? {});
  if (selector.length === 0) return undefined;
  return selectedWorkload(index, svc.namespace, selector);
}
