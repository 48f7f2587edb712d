import type { ClientLocation, Cni, TargetNodes, ZoneFacts } from '../model/cluster';
import type { ProxyProtocolExpectation } from '../model/backend';
import type { Scheme, TargetType } from '../model/nlb';
import type { TrafficPolicy } from '../model/service';

/**
 * Everything the packet model needs, as plain values: the effective NLB and Service settings plus the
 * cluster around them. Mitigation what-ifs are edits of this object.
 */
export interface Scenario {
  readonly targetType: TargetType;
  readonly preserveClientIp: boolean;
  /** Effective cross-zone: the target group's setting when it has one, otherwise the load balancer's. */
  readonly crossZone: boolean;
  readonly trafficPolicy: TrafficPolicy;
  readonly scheme: Scheme;
  readonly proxyProtocolV2: boolean;
  readonly cni: Cni;
  readonly listenerPort: number;
  /** The port targets are registered on: the NodePort for instance targets. */
  readonly nodePort: number;
  /** The port backend pods listen on. */
  readonly backendPort: number;
  readonly zones: readonly ZoneFacts[];
  /** Backend pods per node name. */
  readonly endpoints: Readonly<Record<string, number>>;
  /** Backend pods on each of the zones' unnamed (counted) nodes. */
  readonly podsPerUnnamedNode?: number;
  /**
   * How the backend treats a PROXY header, when the backend is known: with proxy protocol in play on
   * either side, the client's first bytes are simulated too, and a backend that cannot read them resets.
   */
  readonly backendProxyProtocol?: ProxyProtocolExpectation;
  /**
   * Idle timeouts, when the backend's is known: the NLB listener's (fixed on TLS listeners), how long the
   * backend keeps an idle client connection, and the TCP keepalive it sends on them, if any.
   */
  readonly idle?: IdleTimeouts;
  /** How in-cluster callers reach the backend: through the NLB's hostname, or the Service's ClusterIP. */
  readonly inClusterCallers?: 'nlb' | 'service';
  /** Set when AWS keeps client IP preservation on whatever is written (UDP, TCP_UDP, QUIC, TCP_QUIC target groups). */
  readonly preservationFixed?: true;
  /** The nodes registered as instance targets when a node selector limits them; unset: every node. */
  readonly targetNodes?: TargetNodes;
  /** Targets are hosts that run the backend themselves (attached instances), not Kubernetes nodes. */
  readonly plainTargets?: boolean;
}

export type { ClientLocation };

/** The canonical topology T1 of SCENARIOS.md with the seed's settings (row S1). */
export function t1(overrides: Partial<Scenario> = {}): Scenario {
  return {
    targetType: 'instance',
    preserveClientIp: true,
    crossZone: true,
    trafficPolicy: 'Cluster',
    scheme: 'internal',
    proxyProtocolV2: false,
    cni: 'aws-vpc-cni',
    listenerPort: 443,
    nodePort: 31380,
    backendPort: 8443,
    zones: [
      { name: 'zone-a', nodes: ['n1', 'n2'] },
      { name: 'zone-b', nodes: ['n3', 'n4'] },
      { name: 'zone-c', nodes: ['n5', 'n6'] },
    ],
    endpoints: { n2: 1, n4: 1, n6: 1 },
    ...overrides,
  };
}

export interface IdleTimeouts {
  readonly nlbSeconds: number;
  /** TLS listeners: the NLB's timeout cannot be changed. */
  readonly nlbFixed: boolean;
  readonly backendSeconds: number;
  readonly keepaliveSeconds?: number;
}
