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
