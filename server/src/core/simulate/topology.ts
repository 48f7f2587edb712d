import { podsOn, splitClient, type ClientLocation } from '../model/cluster';
import { addressPlan, inCidr, type AddressPlan } from './addressing';
import type { Ip } from './packet';
import type { Scenario } from './scenario';
import { settingsOf, type Settings } from './settings';

export interface HostNode {
  readonly name: string;
  readonly zone: string;
  readonly zoneIndex: number;
  readonly index: number;
  readonly ip: Ip;
  readonly endpoints: readonly Pod[];
  /** How many interchangeable nodes this one stands for: 1 for a named node, the count for a zone's unnamed ones. */
  readonly weight: number;
  /** Whether the NLB registers this node as an instance target (a node selector can leave it out). */
  readonly target: boolean;
}

export interface Pod {
  readonly name: string;
  readonly node: string;
  readonly ip: Ip;
  readonly port: number;
  /** How many interchangeable pods this one stands for (a node with many pods keeps one representative). */
  readonly weight: number;
}

/** A node with more backend pods than this keeps one representative pod weighted by the count. */
const PODS_LISTED_PER_NODE = 16;

/** Sum of weights: how many real nodes or pods a list of representatives stands for. */
export function weightOf(items: readonly { readonly weight: number }[]): number {
  let n = 0;
  for (const x of items) n += x.weight;
  return n;
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
  readonly zoneIndex: number;
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
  /** What the packet elements read of the scenario, in one fixed shape (settings.ts). */
  readonly settings: Settings;
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

/** Reads only zones, endpoints, podsPerUnnamedNode, targetNodes, cni, backendPort and scheme (see rebindTopology). */
export function buildTopology(s: Scenario): Topology {
  const named = new Set<string>();
  const zones = s.zones.map((z) => ({ zone: z, members: zoneMembers(z, s, named) }));
  const podObjects = (count: number) => (count <= PODS_LISTED_PER_NODE ? count : 1);
  const maxNodes = Math.max(0, ...zones.map((z) => z.members.length));
  const podsPerZone = zones.map((z) => z.members.reduce((n, m) => n + podObjects(m.pods), 0));
  const plan = addressPlan(maxNodes, Math.max(0, ...podsPerZone));
  const nodes: HostNode[] = [];
  const pods: Pod[] = [];
  const zoneCounters = s.zones.map(() => 0);
  const nodeCounters = new Map<string, number>();
  zones.forEach(({ zone, members }, k) => {
    const targetNames = s.targetNodes && new Set(s.targetNodes.nodes);
    const unnamedTargets = !s.targetNodes || s.targetNodes.unnamedOfZones.includes(k);
    members.forEach(({ name, pods: count, weight, unnamed }, j) => {
      const index = nodes.length;
      const endpoints: Pod[] = [];
      const listed = podObjects(count);
      const nodeIp = plan.nodeIp(k, j);
      for (let c = 0; c < listed; c++) {
        // A plain target (an attached instance) runs the backend itself: it listens on the host's own
        // address and the target group's port, with no kube-proxy in between.
        if (s.plainTargets) endpoints.push({ name: `backend-${name}`, node: name, ip: nodeIp, port: s.nodePort, weight: (listed === count ? 1 : count) * weight });
        else {
          const ip = s.cni === 'aws-vpc-cni' ? plan.vpcPodIp(k, zoneCounters[k]!++) : plan.overlayPodIp(index, c);
          endpoints.push({ name: `gw-${name}-${c}`, node: name, ip, port: s.backendPort, weight: (listed === count ? 1 : count) * weight });
        }
      }
      nodeCounters.set(name, listed);
      for (const pod of endpoints) pods.push(pod);
      const target = unnamed ? unnamedTargets : !targetNames || targetNames.has(name);
      nodes.push({ name, zone: zone.name, zoneIndex: k, index, ip: nodeIp, endpoints, weight, target });
    });
  });
  // Zones are told apart by position: two zones given the same name stay two zones.
  const nlbIds = new Set<string>();
  const nlbNodes = s.zones.map((z, k) => ({
    id: uniqueId(`nlb:${z.name}`, nlbIds),
    zone: z.name,
    zoneIndex: k,
    address: s.scheme === 'internal' ? plan.nlbPrivateIp(k) : plan.nlbPublicIp(k),
    privateIp: plan.nlbPrivateIp(k),
  }));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  return {
    scenario: s,
    settings: settingsOf(s),
    plan,
    nodes,
    nodeByName,
    nodeByIp: new Map(nodes.map((n) => [n.ip, n])),
    pods,
    podNode: new Map(pods.map((p) => [p.ip, nodeByName.get(p.node)!])),
    nlbNodes,
    nlbByAddress: new Map(nlbNodes.flatMap((n) => [[n.address, n] as const, [n.privateIp, n] as const])),
    nlbById: new Map(nlbNodes.map((n) => [n.id, n])),
    zoneGroups: s.zones.map((z, k) => {
      // Only instance targets: a node a selector leaves out still runs pods, but the NLB never picks it.
      const members = nodes.filter((n) => n.zoneIndex === k && n.target);
      return {
        zone: z.name,
        zoneIndex: k,
        withEndpoints: members.filter((n) => n.endpoints.length > 0),
        withoutEndpoints: members.filter((n) => n.endpoints.length === 0),
        pods: nodes.filter((n) => n.zoneIndex === k).flatMap((n) => n.endpoints),
      };
    }),
    podByName: new Map(pods.map((p) => [p.name, p])),
    freePodIndex: { zone: zoneCounters, node: nodeCounters },
  };
}

/**
 * The same network under other settings: `known`'s nodes, pods and addresses with `s` as its scenario,
 * when `s` has the very objects and values `buildTopology` read for `known` (what-ifs copy a scenario
 * and change settings the network is not built from). Undefined otherwise.
 */
export function rebindTopology(known: Topology, s: Scenario): Topology | undefined {
  const k = known.scenario;
  const same =
    k.zones === s.zones &&
    k.endpoints === s.endpoints &&
    k.podsPerUnnamedNode === s.podsPerUnnamedNode &&
    k.targetNodes === s.targetNodes &&
    k.cni === s.cni &&
    k.backendPort === s.backendPort &&
    k.scheme === s.scheme;
  return same ? { ...known, scenario: s, settings: settingsOf(s) } : undefined;
}

function uniqueId(id: string, taken: Set<string>): string {
  let out = id;
  while (taken.has(out)) out += "'";
  taken.add(out);
  return out;
}

interface Member {
  readonly name: string;
  readonly pods: number;
  readonly weight: number;
  /** The node standing for a zone's counted, unnamed nodes. */
  readonly unnamed?: boolean;
}

/**
 * A zone's nodes as the simulation sees them: each named node once (a name listed twice, in any zone,
 * counts once, where it is first listed),
 * then one node standing for all the unnamed ones, so the cost grows with names, not node counts.
 */
function zoneMembers(zone: Scenario['zones'][number], s: Scenario, seen: Set<string>): Member[] {
  const out: Member[] = [];
  for (const name of zone.nodes) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, pods: podsOn(s.endpoints, name), weight: 1 });
  }
  const unnamed = Math.floor(zone.unnamed ?? 0);
  if (unnamed > 0) {
    let name = `(${unnamed} unnamed nodes of ${zone.name})`;
    while (seen.has(name)) name += "'";
    out.push({ name, pods: Math.max(0, Math.floor(s.podsPerUnnamedNode ?? 0)), weight: unnamed, unnamed: true });
  }
  return out;
}

/** Places a client; undefined when it names a node the topology does not have. */
export function placeClient(topo: Topology, location: ClientLocation): ClientPlacement | undefined {
  if (location === 'vpc') return { location, kind: 'vpc', ip: topo.plan.vpcClientIp };
  if (location === 'internet') return { location, kind: 'internet', ip: topo.plan.internetClientIp };
  const { kind, node: nodeName } = splitClient(location) as { kind: 'pod' | 'host'; node: string };
  const node = topo.nodeByName.get(nodeName);
  if (!node || node.weight !== 1) return undefined;
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
