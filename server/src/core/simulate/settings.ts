import type { Scenario } from './scenario';

/**
 * The scenario settings the packet elements read on every hop, in one fixed shape. Scenarios come in
 * several shapes (optional settings written or not, what-ifs adding one), and a property read that meets
 * more than a few shapes is slow; worse, each new shape met makes V8 throw away the optimised engine and
 * compile it again, which in a cold process costs more than the handshakes themselves.
 */
export interface Settings {
  readonly targetType: Scenario['targetType'];
  readonly preserveClientIp: boolean;
  readonly crossZone: boolean;
  readonly trafficPolicy: Scenario['trafficPolicy'];
  readonly scheme: Scenario['scheme'];
  readonly proxyProtocolV2: boolean;
  readonly cni: Scenario['cni'];
  readonly listenerPort: number;
  readonly nodePort: number;
  readonly backendPort: number;
  readonly backendProxyProtocol: Scenario['backendProxyProtocol'];
  readonly inClusterCallers: Scenario['inClusterCallers'];
  readonly plainTargets: boolean;
}

export function settingsOf(s: Scenario): Settings {
  return {
    targetType: s.targetType,
    preserveClientIp: s.preserveClientIp,
    crossZone: s.crossZone,
    trafficPolicy: s.trafficPolicy,
    scheme: s.scheme,
    proxyProtocolV2: s.proxyProtocolV2,
    cni: s.cni,
    listenerPort: s.listenerPort,
    nodePort: s.nodePort,
    backendPort: s.backendPort,
    backendProxyProtocol: s.backendProxyProtocol,
    inClusterCallers: s.inClusterCallers,
    plainTargets: s.plainTargets === true,
  };
}
