import type { ClusterFacts } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import { idleTimeoutDefault } from '../model/aws-defaults';
import type { Sourced } from '../model/sourced';
import type { Scenario } from './scenario';
import { preservationFixedOn } from '../model/aws-defaults';

/** The effective settings of a frontend in a cluster, as the packet model needs them. */
export function scenarioOf(f: Frontend, cluster: ClusterFacts): Scenario {
  const tgCross = f.targetGroup.crossZone.value;
  // A host that runs the backend itself answers on its own, as a node with a local endpoint does under Local.
  // Unknown targets are one such stand-in: nothing says they are Kubernetes nodes.
  const plain = cluster.targetKind !== undefined && cluster.targetKind.value !== 'mixed';
  return {
    targetType: f.targetGroup.targetType.value,
    preserveClientIp: f.targetGroup.preserveClientIp.value,
    crossZone: tgCross === 'inherit' ? f.loadBalancer.crossZone.value : tgCross,
    trafficPolicy: plain ? 'Local' : f.trafficPolicy.value,
    scheme: f.loadBalancer.scheme.value,
    proxyProtocolV2: f.targetGroup.proxyProtocolV2.value,
    cni: cluster.cni.value,
    listenerPort: f.listener.port.value,
    nodePort: f.targetPort.value,
    backendPort: f.backendPort.value,
    zones: cluster.zones.value,
    endpoints: cluster.endpoints.value,
    ...(f.backend.proxyProtocol ? { backendProxyProtocol: f.backend.proxyProtocol.value } : {}),
    ...(cluster.podsPerUnnamedNode ? { podsPerUnnamedNode: cluster.podsPerUnnamedNode } : {}),
    ...(preservationFixedOn(f.targetGroup.protocol.value) ? { preservationFixed: true as const } : {}),
    ...(plain ? { plainTargets: true } : {}),
    ...(cluster.targetNodes && f.targetGroup.targetType.value === 'instance' ? { targetNodes: cluster.targetNodes.value } : {}),
    ...idleOf(f),
  };
}

/** The listener's idle timeout in force: written, or AWS's default for its protocol (undefined for UDP). */
export function listenerIdleTimeout(f: Frontend): Sourced<number> | undefined {
  const l = f.listener;
  return l.idleTimeoutSeconds ?? idleTimeoutDefault(l.protocol?.value ?? f.targetGroup.protocol.value, f.head);
}

function idleOf(f: Frontend): Pick<Scenario, 'idle'> {
  const nlb = listenerIdleTimeout(f);
  const backend = f.backend.idleTimeoutSeconds;
  if (!nlb || !backend) return {};
  const keepalive = f.backend.tcpKeepaliveSeconds;
  const fixed = (f.listener.protocol?.value ?? '').toUpperCase() === 'TLS';
  return { idle: { nlbSeconds: nlb.value, nlbFixed: fixed, backendSeconds: backend.value, ...(keepalive ? { keepaliveSeconds: keepalive.value } : {}) } };
}

/** The cross-zone value that decides the effective setting, with its provenance. */
export function effectiveCrossZone(f: Frontend) {
  const tg = f.targetGroup.crossZone;
  return tg.value === 'inherit' ? f.loadBalancer.crossZone : { ...tg, value: tg.value };
}
