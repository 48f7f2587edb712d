import type { ClientLocation } from '../model/cluster';
import { addressPlan, inCidr, type AddressPlan } from './addressing';
import type { Ip } from './packet';
import type { Scenario } from './scenario';

export interface HostNode {
  readonly name: string;
  readonly zone: string;
  readonly zoneIndex: number;
  readonly index: number;
  readonly ip: Ip;
  readonly endpoints: readonly Pod[];
}

export interface Pod {
  readonly name: string;
  readonly node: string;
  readonly ip: Ip;
  readonly port: number;
}

export interface NlbNode {
  readonly id: string;
  readonly zone: string;
  readonly zoneIndex: number;
  /** What DNS hands out: the private address for internal NLBs, the public one for internet-facing. */
  readonly address: Ip;
  readonly privateIp: Ip;
}

export interface ZoneGroup {
  readonly zone: string;
  readonly withEndpoints: readonly HostNode[];
  readonly withoutEndpoints: readonly HostNode[];
  readonly pods: readonly Pod[];
}

export interface ClientPlacement {
  readonly location: ClientLocation;
  readonly kind: 'pod' | 'host' | 'vpc' | 'internet';
  readonly node?: HostNode;
  readonly ip: Ip;
}

/** The concrete network a scenario describes: every node, backend pod and NLB node with its address. */
export interface Topology {
  readonly scenario: Scenario;
  readonly plan: AddressPlan;
  readonly nodes: readonly HostNode[];
  readonly nodeByName: ReadonlyMap<string, HostNode>;
  readonly nodeByIp: ReadonlyMap<Ip, HostNode>;
  readonly pods: readonly Pod[];
  /** Which node a pod address lives on (VPC CNI or overlay). */
  readonly podNode: ReadonlyMap<Ip, HostNode>;
  readonly nlbNodes: readonly NlbNode[];
  readonly nlbByAddress: ReadonlyMap<Ip, NlbNode>;
  readonly nlbById: ReadonlyMap<string, NlbNode>;
  readonly podByName: ReadonlyMap<string, Pod>;
  /** Per zone: its nodes with and without a backend pod, and its backend pods (for target classes in O(zones)). */
  readonly zoneGroups: readonly ZoneGroup[];
  /** Next free pod index per zone (VPC CNI) and per node (overlay), for placing client pods. */
  readonly freePodIndex: { readonly zone: readonly number[]; readonly node: ReadonlyMap<string, number> };
}

export function buildTopology(s: Scenario): Topology {
  const maxNodes = Math.max(0, ...s.zones.map((z) => z.nodes.length));
  const podsPerZone = s.zones.map((z) => z.nodes.reduce((n, name) => n + (s.endpoints[name] ?? 0), 0));
  const plan = addressPlan(maxNodes, Math.max(0, ...podsPerZone));
  const nodes: HostNode[] = [];
  const pods: Pod[] = [];
  const zoneCounters = s.zones.map(() => 0);
  const nodeCounters = new Map<string, number>();
  s.zones.forEach((zone, k) => {
    zone.nodes.forEach((name, j) => {
      const index = nodes.length;
      const endpoints: Pod[] = [];
      const count = s.endpoints[name] ?? 0;
      for (let c = 0; c < count; c++) {
        const ip = s.cni === 'aws-vpc-cni' ? plan.vpcPodIp(k, zoneCounters[k]!++) : plan.overlayPodIp(index, c);
        endpoints.push({ name: `gw-${name}-${c}`, node: name, ip, port: s.backendPort });
      }
      nodeCounters.set(name, count);
      pods.push(...endpoints);
      nodes.push({ name, zone: zone.name, zoneIndex: k, index, ip: plan.nodeIp(k, j), endpoints });
    });
  });
  const nlbNodes = s.zones.map((z, k) => ({
    id: `nlb:${z.name}`,
    zone: z.name,
    zoneIndex: k,
    address: s.scheme === 'internal' ? plan.nlbPrivateIp(k) : plan.nlbPublicIp(k),
    privateIp: plan.nlbPrivateIp(k),
  }));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  return {
    scenario: s,
    plan,
    nodes,
    nodeByName,
    nodeByIp: new Map(nodes.map((n) => [n.ip, n])),
    pods,
    podNode: new Map(pods.map((p) => [p.ip, nodeByName.get(p.node)!])),
    nlbNodes,
    nlbByAddress: new Map(nlbNodes.flatMap((n) => [[n.address, n] as const, [n.privateIp, n] as const])),
    nlbById: new Map(nlbNodes.map((n) => [n.id, n])),
    zoneGroups: s.zones.map((z) => {
      const members = nodes.filter((n) => n.zone === z.name);
      return {
        zone: z.name,
        withEndpoints: members.filter((n) => n.endpoints.length > 0),
        withoutEndpoints: members.filter((n) => n.endpoints.length === 0),
        pods: members.flatMap((n) => n.endpoints),
      };
    }),
    podByName: new Map(pods.map((p) => [p.name, p])),
    freePodIndex: { zone: zoneCounters, node: nodeCounters },
  };
}

/** Places a client; undefined when it names a node the topology does not have. */
export function placeClient(topo: Topology, location: ClientLocation): ClientPlacement | undefined {
  if (location === 'vpc') return { location, kind: 'vpc', ip: topo.plan.vpcClientIp };
  if (location === 'internet') return { location, kind: 'internet', ip: topo.plan.internetClientIp };
  const [kind, nodeName] = location.split('@') as ['pod' | 'host', string];
  const node = topo.nodeByName.get(nodeName);
  if (!node) return undefined;
  if (kind === 'host') return { location, kind, node, ip: node.ip };
  const ip =
    topo.scenario.cni === 'aws-vpc-cni'
      ? topo.plan.vpcPodIp(node.zoneIndex, topo.freePodIndex.zone[node.zoneIndex]!)
      : topo.plan.overlayPodIp(node.index, topo.freePodIndex.node.get(node.name) ?? 0);
  return { location, kind, node, ip };
}

export function inVpc(topo: Topology, ip: Ip): boolean {
  return inCidr(ip, topo.plan.vpc);
}
