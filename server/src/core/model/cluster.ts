import { HOSTNAME_LABEL, type Labels } from './node-selector';
import type { Sourced } from './sourced';
import { assumed } from './sourced';

export type Cni = 'aws-vpc-cni' | 'overlay';

export interface ZoneFacts {
  readonly name: string;
  /** Nodes with names: clients and `endpoints` can refer to these. */
  readonly nodes: readonly string[];
  /**
   * Further nodes that are counted, not named (a node count over MAX_NAMED_NODES): interchangeable, so
   * the simulation treats them as one class of that size. They run no backend pod unless a DaemonSet does.
   */
  readonly unnamed?: number;
}

/** A zone's node count is listed as names up to this many; the rest are counted (see ZoneFacts.unnamed). */
export const MAX_NAMED_NODES = 100;

/** Zone names come from the workspace; more NLB nodes than this cannot be (AWS has at most 6 AZs per region today). */
export const MAX_ZONES = 32;

/** Every node of a zone, named or counted. */
export function nodeCount(zone: ZoneFacts): number {
  return zone.nodes.length + (zone.unnamed ?? 0);
}

/** Names a zone's nodes for a count: the first MAX_NAMED_NODES as `name(i)`, the rest counted. */
export function countedZone(zoneName: string, count: number, name: (i: number) => string): ZoneFacts {
  const listed = Math.min(count, MAX_NAMED_NODES);
  const nodes = Array.from({ length: listed }, (_, i) => name(i));
  return count > listed ? { name: zoneName, nodes, unnamed: count - listed } : { name: zoneName, nodes };
}

/** Backend pods on a named node; safe for any node name (`constructor`, `__proto__`). */
export function podsOn(endpoints: Readonly<Record<string, number>>, node: string): number {
  return Object.hasOwn(endpoints, node) ? endpoints[node]! : 0;
}

/** Where a client runs: a pod or host process on a named node, an EC2 instance in the VPC, or the internet. */
export type ClientLocation = `pod@${string}` | `host@${string}` | 'vpc' | 'internet';

/** The kind and node of a `pod@NODE` or `host@NODE` location; the node name is everything after the first `@`. */
export function splitClient(location: string): { readonly kind: string; readonly node: string } {
  const at = location.indexOf('@');
  return at < 0 ? { kind: location, node: '' } : { kind: location.slice(0, at), node: location.slice(at + 1) };
}

export interface WorkloadFacts {
  readonly concurrentConnectionsPerSource: Sourced<number>;
  readonly sourcePorts: Sourced<number>;
}

export interface ClusterFacts {
  readonly cni: Sourced<Cni>;
  readonly zones: Sourced<readonly ZoneFacts[]>;
  /** Backend (gateway) pods per node. */
  readonly endpoints: Sourced<Readonly<Record<string, number>>>;
  readonly clients: Sourced<readonly ClientLocation[]>;
  readonly workload: WorkloadFacts;
  /** Backend pods on each counted (unnamed) node: a DaemonSet's one; otherwise none. */
  readonly podsPerUnnamedNode?: number;
  /** Node labels: per zone (every node of it, counted ones included) and per named node, which win. */
  readonly labels?: Sourced<NodeLabels>;
  /**
   * For one frontend: the nodes its NLB registers as instance targets, when a node selector limits them
   * (`aws-load-balancer-target-node-labels`, a TargetGroupBinding's nodeSelector). Unset: every node.
   */
  readonly targetNodes?: Sourced<TargetNodes>;
  /**
   * For one frontend, when its targets are not (only) Kubernetes nodes: `instances` when they are
   * attached instances or addresses that run the backend themselves, `mixed` when next to the nodes,
   * `unknown` when nothing in the workspace says what they are (link/unknown-targets.ts).
   */
  readonly targetKind?: Sourced<'instances' | 'mixed' | 'unknown'>;
}

export interface NodeLabels {
  readonly zones?: Readonly<Record<string, Labels>>;
  readonly nodes?: Readonly<Record<string, Labels>>;
}

export interface TargetNodes {
  /** Named nodes that are targets. */
  readonly nodes: readonly string[];
  /** Positions (in `zones`) of the zones whose counted, unnamed nodes are targets. */
  readonly unnamedOfZones: readonly number[];
}

/** A node's labels: its zone's, then its own, then `kubernetes.io/hostname` (its name). */
export function labelsOf(labels: NodeLabels | undefined, zone: string, node: string | undefined): Labels {
  const own = node !== undefined && labels?.nodes && Object.hasOwn(labels.nodes, node) ? labels.nodes[node] : undefined;
  const inZone = labels?.zones && Object.hasOwn(labels.zones, zone) ? labels.zones[zone] : undefined;
  return { ...inZone, ...own, ...(node !== undefined ? { [HOSTNAME_LABEL]: node } : {}) };
}

/** What a user said about the cluster (`.hairpin.yaml`): each field wins over inference and built-ins. */
export interface ClusterOverrides {
  readonly cni?: ClusterFacts['cni'];
  readonly zones?: ClusterFacts['zones'];
  readonly endpoints?: ClusterFacts['endpoints'];
  readonly clients?: ClusterFacts['clients'];
  readonly workload?: Partial<WorkloadFacts>;
  /** The legacy in-tree provider's version (`cluster.cloudProviderAwsVersion`): some annotations apply only from a version on. */
  readonly cloudProviderAwsVersion?: Sourced<string>;
  readonly labels?: ClusterFacts['labels'];
  /**
   * Target groups that register this cluster's nodes though nothing in the workspace links them
   * (`cluster.targetGroups`: names, addresses or logical ids, or `*` for every such target group).
   */
  readonly targetGroups?: Sourced<readonly string[]>;
}

/**
 * Spreads `replicas` backend pods evenly over the named nodes: round-robin over zones, and inside a
 * zone from its last node backwards (T1 places one on every second node: n2, n4, n6). Computed per
 * node, so the cost does not grow with the replica count.
 */
export function spreadEndpoints(zones: readonly ZoneFacts[], replicas: number): Record<string, number> {
  const out = new Map<string, number>();
  const live = zones.filter((z) => z.nodes.length > 0);
  const total = Math.max(0, Math.floor(replicas));
  live.forEach((zone, zi) => {
    const inZone = Math.floor(total / live.length) + (zi < total % live.length ? 1 : 0);
    const n = zone.nodes.length;
    for (let j = 0; j < Math.min(n, inZone); j++) {
      const node = zone.nodes[n - 1 - j]!;
      out.set(node, (out.get(node) ?? 0) + Math.floor(inZone / n) + (j < inZone % n ? 1 : 0));
    }
  });
  return Object.fromEntries(out);
}

/** One pod on a node without a backend pod and one on a node with one, when such nodes exist. */
export function defaultClients(zones: readonly ZoneFacts[], endpoints: Readonly<Record<string, number>>): ClientLocation[] {
  const nodes = zones.flatMap((z) => z.nodes);
  const without = nodes.find((n) => podsOn(endpoints, n) === 0);
  const withOne = nodes.find((n) => podsOn(endpoints, n) > 0);
  return [without, withOne].filter((n): n is string => n !== undefined).map((n) => `pod@${n}` as ClientLocation);
}

const T1 = 'the canonical topology T1 (3 zones, 2 nodes each, one gateway pod on every second node), used when nothing else is known';

/** Built-in assumptions, reported as such. */
export function assumedCluster(): ClusterFacts {
  return {
    cni: assumed<Cni>('aws-vpc-cni', 'EKS default CNI'),
    zones: assumed(
      [
        { name: 'zone-a', nodes: ['n1', 'n2'] },
        { name: 'zone-b', nodes: ['n3', 'n4'] },
        { name: 'zone-c', nodes: ['n5', 'n6'] },
      ],
      T1,
    ),
    endpoints: assumed({ n2: 1, n4: 1, n6: 1 }, T1),
    clients: assumed<ClientLocation[]>(['pod@n1', 'pod@n2'], 'one pod on a node without a gateway pod and one on a node with one'),
    workload: {
      concurrentConnectionsPerSource: assumed(1000, 'a busy source address holding 1,000 concurrent connections'),
      sourcePorts: assumed(28232, 'Linux net.ipv4.ip_local_port_range default 32768-60999'),
    },
  };
}
