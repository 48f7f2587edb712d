import type { ClientLocation } from '../model/cluster';
import type { CollisionInputs } from './collision';
import type { Scenario } from './scenario';
import { simulate, type SimulationResult } from './simulate';

export type MitigationId = 'disable-preservation' | 'disable-cross-zone' | 'local-policy' | 'ip-targets' | 'proxy-protocol' | 'service-direct';

export interface Mitigation {
  readonly id: MitigationId;
  readonly title: string;
  applies(s: Scenario): boolean;
  apply(s: Scenario): Scenario;
}

/** Changes a user can make, each re-simulated rather than assumed to help. */
export const MITIGATIONS: readonly Mitigation[] = [
  {
    id: 'disable-preservation',
    title: 'Disable client IP preservation (preserve_client_ip.enabled=false)',
    applies: (s) => s.preserveClientIp,
    apply: (s) => ({ ...s, preserveClientIp: false }),
  },
  {
    id: 'proxy-protocol',
    title: 'Use proxy protocol v2 for the client address instead of preservation',
    applies: (s) => s.preserveClientIp && !s.proxyProtocolV2,
    apply: (s) => ({ ...s, preserveClientIp: false, proxyProtocolV2: true }),
  },
  {
    id: 'disable-cross-zone',
    title: 'Disable cross-zone load balancing',
    applies: (s) => s.crossZone,
    apply: (s) => ({ ...s, crossZone: false }),
  },
  {
    id: 'local-policy',
    title: 'Set externalTrafficPolicy: Local',
    applies: (s) => s.targetType === 'instance' && s.trafficPolicy === 'Cluster' && !s.plainTargets,
    apply: (s) => ({ ...s, trafficPolicy: 'Local' }),
  },
  {
    id: 'ip-targets',
    title: 'Register pods as ip targets (preservation is off by default for TCP)',
    applies: (s) => s.targetType === 'instance' && !s.plainTargets,
    apply: (s) => ({ ...s, targetType: 'ip', preserveClientIp: false }),
  },
  {
    id: 'service-direct',
    title: 'Keep in-cluster callers off the NLB: call the Service (ClusterIP) directly',
    applies: (s) => s.inClusterCallers !== 'service' && !s.plainTargets,
    apply: (s) => ({ ...s, inClusterCallers: 'service' }),
  },
];

export interface WhatIf {
  readonly mitigation: Mitigation;
  readonly result: SimulationResult;
}

/** Re-simulates each applicable mitigation. Probabilities only: what-if traces are made on demand. */
export function whatIfs(s: Scenario, clients: readonly ClientLocation[], inputs?: CollisionInputs, run: ProbabilitiesOf = probabilitiesOf): WhatIf[] {
  return MITIGATIONS.filter((m) => m.applies(s)).map((m) => ({ mitigation: m, result: run(m.apply(s), clients, inputs) }));
}

/** A simulation for its probabilities only (no retransmission traces), which callers may memoise. */
export type ProbabilitiesOf = (s: Scenario, clients: readonly ClientLocation[], inputs?: CollisionInputs) => SimulationResult;

export const probabilitiesOf: ProbabilitiesOf = (s, clients, inputs) => simulate(s, clients, inputs, { traces: false });

/**
 * Ports only label packets: they never change which path a handshake takes. So probability-only
 * simulations (what-ifs, and a frontend's own when no traces are asked for) are run with the same
 * stand-in ports (T1's) whatever the frontend's ports: many NLBs of one shape share one simulation, and
 * a result never depends on which NLB happened to be simulated first. Traces with the real ports are
 * made on demand (`traces: true`).
 */
export function withStandInPorts(s: Scenario): Scenario {
  return { ...s, listenerPort: 443, nodePort: 31380, backendPort: 8443 };
}
