import type { ClientLocation } from '../model/cluster';
import type { CollisionInputs } from './collision';
import { IDLE_TIMEOUT_MAX_SECONDS, IDLE_TIMEOUT_MIN_SECONDS } from '../model/aws-defaults';
import { estimateIdle } from './idle-trace';
import type { IdleTimeouts, Scenario } from './scenario';
import { simulate, type SimulationResult } from './simulate';

export type MitigationId =
  | 'disable-preservation'
  | 'disable-cross-zone'
  | 'local-policy'
  | 'ip-targets'
  | 'proxy-protocol'
  | 'service-direct'
  | 'disable-proxy-protocol'
  | 'enable-proxy-protocol'
  | 'backend-proxy-protocol'
  | 'raise-listener-idle-timeout'
  | 'lower-backend-idle-timeout';

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
    // AWS does not let preservation be turned off for UDP, TCP_UDP, QUIC and TCP_QUIC target groups.
    applies: (s) => s.preserveClientIp && !s.preservationFixed,
    apply: (s) => ({ ...s, preserveClientIp: false }),
  },
  {
    id: 'proxy-protocol',
    title: 'Use proxy protocol v2 for the client address instead of preservation',
    applies: (s) => s.preserveClientIp && !s.proxyProtocolV2 && !s.preservationFixed,
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
    apply: (s) => ({ ...s, targetType: 'ip', preserveClientIp: s.preservationFixed === true }),
  },
  {
    id: 'disable-proxy-protocol',
    title: 'Turn proxy protocol v2 off on the target group',
    applies: (s) => s.proxyProtocolV2 && s.backendProxyProtocol === 'rejected',
    apply: (s) => ({ ...s, proxyProtocolV2: false }),
  },
  {
    id: 'enable-proxy-protocol',
    title: 'Turn proxy protocol v2 on for the target group',
    applies: (s) => !s.proxyProtocolV2 && s.backendProxyProtocol === 'required',
    apply: (s) => ({ ...s, proxyProtocolV2: true }),
  },
  {
    id: 'backend-proxy-protocol',
    title: 'Configure the backend to match the NLB’s proxy protocol setting',
    applies: (s) => proxyProtocolMismatch(s),
    apply: (s) => ({ ...s, backendProxyProtocol: s.proxyProtocolV2 ? 'required' : 'rejected' }),
  },
  {
    id: 'lower-backend-idle-timeout',
    title: 'Lower the backend’s idle timeout below the NLB’s',
    applies: (s) => estimateIdle(s)?.resetOnReuse === true,
    apply: (s) => ({ ...s, idle: { ...s.idle!, backendSeconds: loweredBackendTimeout(s.idle!) } }),
  },
  {
    id: 'raise-listener-idle-timeout',
    title: 'Raise the listener’s idle timeout above the backend’s (tcp.idle_timeout.seconds)',
    applies: (s) => estimateIdle(s)?.resetOnReuse === true && !s.idle!.nlbFixed && raisedListenerTimeout(s.idle!) !== undefined,
    apply: (s) => ({ ...s, idle: { ...s.idle!, nlbSeconds: raisedListenerTimeout(s.idle!)! } }),
  },
  {
    id: 'service-direct',
    title: 'Keep in-cluster callers off the NLB: call the Service (ClusterIP) directly',
    applies: (s) => s.inClusterCallers !== 'service' && !s.plainTargets,
    apply: (s) => ({ ...s, inClusterCallers: 'service' }),
  },
];

/** The backend idle timeout a fix writes: 50 s under the NLB's, so the backend closes first (at least 1 s). */
export function loweredBackendTimeout(t: IdleTimeouts): number {
  return Math.max(1, t.nlbSeconds - 50);
}

/** The listener timeout a fix writes: a minute over the backend's, within AWS's 6000 s; undefined when that cannot be. */
export function raisedListenerTimeout(t: IdleTimeouts): number | undefined {
  const v = Math.max(IDLE_TIMEOUT_MIN_SECONDS, t.backendSeconds + 60);
  return v <= IDLE_TIMEOUT_MAX_SECONDS ? v : t.backendSeconds < IDLE_TIMEOUT_MAX_SECONDS ? IDLE_TIMEOUT_MAX_SECONDS : undefined;
}

/** The NLB sends a PROXY header the backend cannot read, or the backend waits for one the NLB does not send. */
export function proxyProtocolMismatch(s: Scenario): boolean {
  return (s.proxyProtocolV2 && s.backendProxyProtocol === 'rejected') || (!s.proxyProtocolV2 && s.backendProxyProtocol === 'required');
}

export interface WhatIf {
  readonly mitigation: Mitigation;
  readonly result: SimulationResult;
}

/** Re-simulates each applicable mitigation. Probabilities only: what-if traces are made on demand. */
export function whatIfs(s: Scenario, clients: readonly ClientLocation[], inputs?: CollisionInputs, run: ProbabilitiesOf = probabilitiesOf): WhatIf[] {
  return MITIGATIONS.filter((m) => m.applies(s)).map((m) => ({ mitigation: m, result: run(m.apply(s), clients, inputs) }));
}

/**
 * The same what-ifs, each simulated when its `result` is first read (then kept as a plain value): most
 * frontends have no finding, and a finding reads only the what-ifs its rule ranks, so a what-if nobody
 * reads costs nothing. The list itself (which mitigations apply) is made now.
 */
export function lazyWhatIfs(s: Scenario, clients: readonly ClientLocation[], inputs: CollisionInputs | undefined, run: ProbabilitiesOf): WhatIf[] {
  return MITIGATIONS.filter((m) => m.applies(s)).map((m) => ({
    mitigation: m,
    get result(): SimulationResult {
      const result = run(m.apply(s), clients, inputs);
      Object.defineProperty(this, 'result', { value: result, enumerable: true, writable: false, configurable: false });
      return result;
    },
  }));
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
