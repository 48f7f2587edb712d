import type { ClusterHint, WorkloadFact } from '../model/kubernetes';
import { assumedCluster, countedZone, defaultClients, MAX_NAMED_NODES, MAX_ZONES, spreadEndpoints, type ClusterFacts, type ClusterOverrides, type ZoneFacts } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import { serviceId } from '../model/service';
import { assumed, inferred, type Sourced } from '../model/sourced';
import type { FileFacts, Notice } from '../model/workspace';
import { buildWorkloadIndex, selectedWorkload, type BuiltWorkloadIndex, type WorkloadIndex } from './link-index';

/** What the whole workspace says about the cluster, before any one frontend is considered. */
export interface WorkspaceCluster {
  readonly zones?: Sourced<readonly ZoneFacts[]>;
  readonly cni?: ClusterFacts['cni'];
  /** Node labels from node groups' `labels`, on the nodes each group's count gave. */
  readonly labels?: ClusterFacts['labels'];
  readonly workloads: readonly WorkloadFact[];
  /** The workloads by Service id and pod label, so finding a frontend's backend is a lookup. */
  readonly workloadIndex?: BuiltWorkloadIndex;
  /** What was capped or could not be used. */
  readonly notices?: readonly Notice[];
}

const ZONE_NAMES = ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e', 'zone-f'];

/** Node groups (EKS module) give the node count; zones come from hints or are assumed to be three. */
export function workspaceCluster(files: readonly FileFacts[]): WorkspaceCluster {
  const hints: ClusterHint[] = files.flatMap((f) => f.clusterHints);
  const groups = hints.filter((h): h is Extract<ClusterHint, { kind: 'node-group' }> => h.kind === 'node-group');
  const zoneHint = hints.find((h): h is Extract<ClusterHint, { kind: 'cluster-zones' }> => h.kind === 'cluster-zones');
  const cniHint = hints.find((h): h is Extract<ClusterHint, { kind: 'cni' }> => h.kind === 'cni');
  let zones: WorkspaceCluster['zones'];
  let labels: WorkspaceCluster['labels'];
  const notices: Notice[] = [];
  const sizes = groups.map((g) => wholeCount(g.desiredSize.value));
  const total = sizes.reduce((n, size) => n + size, 0);
  if (groups.length > 0 && total > 0) {
    const zoneSource = groups.find((g) => g.zones)?.zones ?? zoneHint?.zones;
    let names = [...new Set(zoneSource?.value.length ? zoneSource.value : ZONE_NAMES.slice(0, 3))];
    if (names.length > MAX_ZONES) {
      notices.push({ file: zoneSource?.span?.file ?? groups[0]!.file, level: 'warning', message: `${names.length} availability zones is more than Hairpin simulates; using the first ${MAX_ZONES}.`, ...(zoneSource?.span ? { span: zoneSource.span } : {}) });
      names = names.slice(0, MAX_ZONES);
    }
    // Node i (from 1) goes to zone (i-1) mod Z: zone k holds nodes k+1, k+1+Z, ...; names only up to the cap.
    const zoneList = names.map((name, k) => {
      const count = Math.floor(total / names.length) + (k < total % names.length ? 1 : 0);
      return countedZone(name, count, (i) => `node-${k + 1 + i * names.length}`);
    });
    labels = groupLabels(groups, sizes, zoneList, names.length);
    const zonesKnown = !!zoneSource;
    zones = inferred(
      zoneList,
      `${total} nodes from ${groups.map((g) => `node group ${g.name} (desired ${g.desiredSize.value})`).join(', ')}, spread over ${names.length} zones${zonesKnown ? '' : ' (three zones assumed)'}`,
    );
  }
  const workloads = files.flatMap((f) => f.workloads);
  return { ...(zones ? { zones } : {}), ...(labels ? { labels } : {}), ...(cniHint ? { cni: cniHint.cni } : {}), workloads, workloadIndex: buildWorkloadIndex(workloads), notices };
}

/**
 * Each node group's labels on its own nodes: groups take the node numbers in order (the first group
 * nodes 1..its size, and so on), and node i sits in zone (i-1) mod Z as named above. Counted nodes past
 * the naming cap get no labels.
 */
function groupLabels(groups: readonly Extract<ClusterHint, { kind: 'node-group' }>[], sizes: readonly number[], zoneList: readonly ZoneFacts[], zoneCount: number): WorkspaceCluster['labels'] {
  if (!groups.some((g) => g.labels && Object.keys(g.labels.value).length > 0)) return undefined;
  const nodes = new Map<string, Readonly<Record<string, string>>>();
  const owner = (i: number) => {
    let end = 0;
    for (let g = 0; g < groups.length; g++) if (i <= (end += sizes[g]!)) return groups[g]!;
    return undefined;
  };
  zoneList.forEach((zone, k) =>
    zone.nodes.forEach((name, j) => {
      const group = owner(k + 1 + j * zoneCount);
      if (group?.labels) nodes.set(name, group.labels.value);
    }),
  );
  const spans = groups.filter((g) => g.labels).map((g) => `${g.name} (${Object.entries(g.labels!.value).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'})`);
  return inferred({ nodes: Object.fromEntries(nodes) }, `labels of node group${spans.length > 1 ? 's' : ''} ${spans.join(', ')}`, groups.find((g) => g.labels)!.labels!.span);
}

/** A size written in a file, as a count the model can use: whole, not negative, finite. */
function wholeCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
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
  let podsPerUnnamedNode = 0;
  if (overrides.endpoints) endpoints = overrides.endpoints;
  else if (workload?.kind === 'DaemonSet') {
    endpoints = inferred(Object.fromEntries(zones.value.flatMap((z) => z.nodes).map((n) => [n, 1])), `DaemonSet ${workload.name} runs one pod per node`, workload.head);
    podsPerUnnamedNode = 1;
  } else if (workload) {
    const replicas = wholeCount(workload.replicas.value);
    const counted = zones.value.some((z) => z.unnamed) ? ` (over the first ${MAX_NAMED_NODES} nodes of each zone)` : '';
    endpoints = inferred(spreadEndpoints(zones.value, replicas), `${replicas} replica(s) of ${workload.kind} ${workload.name} (${workload.replicas.origin}), spread evenly over the zones${counted}`, workload.replicas.span);
  } else if (zones === base.zones) endpoints = base.endpoints;
  else endpoints = assumed(spreadEndpoints(zones.value, zones.value.length), 'one backend pod per zone (no replica count known)');
  const clients =
    overrides.clients ?? (zones === base.zones && endpoints === base.endpoints ? base.clients : assumed(defaultClients(zones.value, endpoints.value), 'one pod on a node without a backend pod and one on a node with one'));
  const labels = overrides.labels ?? (overrides.zones ? undefined : ws.labels);
  return { cni, zones, endpoints, clients, workload: { ...base.workload, ...overrides.workload }, ...(labels ? { labels } : {}), ...(podsPerUnnamedNode && !overrides.endpoints ? { podsPerUnnamedNode } : {}) };
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
