import type { Sourced } from './sourced';
import { assumed } from './sourced';

export type Cni = 'aws-vpc-cni' | 'overlay';

export interface ZoneFacts {
  readonly name: string;
  readonly nodes: readonly string[];
}

/** Where a client runs: a pod or host process on a named node, an EC2 instance in the VPC, or the internet. */
export type ClientLocation = `pod@${string}` | `host@${string}` | 'vpc' | 'internet';

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
}

/** What a user said about the cluster (`.hairpin.yaml`): each field wins over inference and built-ins. */
export interface ClusterOverrides {
  readonly cni?: ClusterFacts['cni'];
  readonly zones?: ClusterFacts['zones'];
  readonly endpoints?: ClusterFacts['endpoints'];
  readonly clients?: ClusterFacts['clients'];
  readonly workload?: Partial<WorkloadFacts>;
}

/**
 * Spreads `replicas` backend pods evenly: round-robin over zones, and inside a zone from its last node
 * backwards (T1 places one on every second node: n2, n4, n6).
 */
export function spreadEndpoints(zones: readonly ZoneFacts[], replicas: number): Record<string, number> {
  const out: Record<string, number> = {};
  const used = zones.map(() => 0);
  const live = zones.map((_, i) => i).filter((i) => zones[i]!.nodes.length > 0);
  for (let r = 0; r < replicas && live.length > 0; r++) {
    const zi = live[r % live.length]!;
    const nodes = zones[zi]!.nodes;
    const node = nodes[nodes.length - 1 - (used[zi]! % nodes.length)]!;
    used[zi]!++;
    out[node] = (out[node] ?? 0) + 1;
  }
  return out;
}

/** One pod on a node without a backend pod and one on a node with one, when such nodes exist. */
export function defaultClients(zones: readonly ZoneFacts[], endpoints: Readonly<Record<string, number>>): ClientLocation[] {
  const nodes = zones.flatMap((z) => z.nodes);
  const without = nodes.find((n) => !endpoints[n]);
  const withOne = nodes.find((n) => (endpoints[n] ?? 0) > 0);
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
