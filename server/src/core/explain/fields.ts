import { LBC_ANNOTATIONS as A } from '../parse/lbc-service';
import { BACKEND_NAMES } from '../model/backend';
import { assumed, describeOrigin, type Sourced } from '../model/sourced';
import type { FrontendAnalysis } from '../rules/types';
import { effectiveCrossZone, listenerIdleTimeout } from '../simulate/from-frontend';
import { percent } from '../simulate/probability-text';

/** One value that decides the handshake: what it is, where it came from, and what it does. */
export interface ExplainedValue {
  readonly label: string;
  readonly value: Sourced<unknown>;
  /** Markdown paragraphs: what this value does to the handshake, given the simulated frontend. */
  readonly effect: readonly string[];
}

/** What one field means for the handshake: the values it sets and their effects, given the simulated frontend. */
export type FieldExplainer = (a: FrontendAnalysis) => ExplainedValue[];

const explained = (label: string, value: Sourced<unknown>, ...effect: string[]): ExplainedValue => ({ label, value, effect });

const CHECKOV =
  'Checkov CKV_AWS_152, AWS Config `nlb-cross-zone-load-balancing-enabled`, Control Tower, Prowler and Powerpipe recommend enabling cross-zone; ' +
  'that is safe only when client IP preservation is off.';

/** `**label** = \`value\` — provenance`: the first line of each explained value in markdown. */
export function valueLine(label: string, s: Sourced<unknown>): string {
  return `**${label}** = \`${String(s.value)}\` — ${describeOrigin(s)}`;
}

function preservationParagraphs(a: FrontendAnalysis): ExplainedValue[] {
  const tg = a.frontend.targetGroup;
  const p = tg.preserveClientIp;
  if (!p.value) {
    return [explained('client IP preservation', p, 'The NLB connects to targets from its own address, so every reply goes back through the NLB: no hairpin and no cross-zone tuple collisions.')];
  }
  return [
    explained(
      'client IP preservation',
      p,
      tg.targetType.value === 'instance'
        ? 'The caller’s own address reaches the node. When the NLB picks the caller’s own node, kube-proxy’s reply is delivered on that node and never returns through the NLB, so the caller resets it (AWS: load balancers with client IP preservation do not support hairpinning).'
        : 'The caller’s own address reaches the gateway pod. When the NLB picks a gateway pod on the caller’s node, the reply is delivered on that node and never returns through the NLB.',
    ),
  ];
}

function crossZoneParagraphs(a: FrontendAnalysis): ExplainedValue[] {
  const cz = effectiveCrossZone(a.frontend);
  const c = a.simulation.collision;
  return [
    explained(
      'effective cross-zone load balancing',
      cz,
      cz.value
        ? `Each NLB node may pick a target in any zone. With client IP preservation ${a.frontend.targetGroup.preserveClientIp.value ? 'on' : 'off'}, the estimated tuple-collision rate for a busy source is **${percent(c.probability)}** (${c.reason}). Turning cross-zone off removes collisions but does not fix the hairpin.`
        : 'Each NLB node picks targets in its own zone only, so two NLB nodes never hand a target the same client IP and port.',
      CHECKOV,
    ),
  ];
}

export const targetTypeExplainer: FieldExplainer = (a) => [
  explained(
    'target type',
    a.frontend.targetGroup.targetType,
    a.frontend.targetGroup.targetType.value === 'instance'
      ? `Instance targets: the NLB sends to NodePort ${a.frontend.targetPort.value} on every ${a.frontend.trafficPolicy.value === 'Local' ? 'node that runs a gateway pod' : 'node'}. AWS keeps client IP preservation on by default for instance targets.`
      : 'IP targets: the NLB sends straight to the gateway pods. AWS keeps client IP preservation off by default for TCP ip targets.',
  ),
  ...preservationParagraphs(a),
];

const PROXY_EFFECT = 'The NLB prepends a PROXY v2 header to every connection, health checks included; the backend must expect it (Istio: gatewayTopology.proxyProtocol).';

/** The proxy-protocol setting on both sides: the NLB's, and the backend's (or that the backend is not known). */
export const proxyProtocolExplainer: FieldExplainer = (a) => [explained('proxy protocol v2', a.frontend.targetGroup.proxyProtocolV2, PROXY_EFFECT), backendProxyParagraph(a)];

function backendProxyParagraph(a: FrontendAnalysis): ExplainedValue {
  const b = a.frontend.backend;
  const nlb = a.frontend.targetGroup.proxyProtocolV2.value;
  if (!b.proxyProtocol) {
    return explained(
      'backend',
      assumed('unknown', b.why),
      `Hairpin does not know the backend, so it assumes the backend ${nlb ? 'expects the PROXY header' : 'expects no PROXY header'} and does not report HP104. If it does not, every connection fails after the handshake.`,
    );
  }
  const agrees = (b.proxyProtocol.value === 'rejected') !== nlb || b.proxyProtocol.value === 'optional';
  return explained(
    `${BACKEND_NAMES[b.kind]} PROXY header`,
    b.proxyProtocol,
    `${b.evidence === 'labels' ? 'Known by its labels only' : 'Identified'}: ${b.why}. ${agrees ? 'It agrees with the NLB.' : 'It disagrees with the NLB: every connection is reset after the handshake (HP104).'}`,
  );
}

/** HP105: the NLB's idle timeout against the backend's (or that the backend's is not known). */
export const idleTimeoutExplainer: FieldExplainer = (a) => {
  const nlb = listenerIdleTimeout(a.frontend);
  const b = a.frontend.backend;
  const idle = a.simulation.idle;
  const out: ExplainedValue[] = [];
  if (nlb) out.push(explained('NLB idle timeout (s)', nlb, 'The NLB drops a TCP flow after this long without traffic, telling neither side; a later segment on it gets an RST from the NLB.'));
  if (!b.idleTimeoutSeconds) {
    out.push(explained('backend idle timeout', assumed('unknown', b.why), 'Hairpin does not know how long the backend keeps idle connections, so it assumes they close within the NLB’s timeout and does not report HP105.'));
    return out;
  }
  out.push(
    explained(
      `${BACKEND_NAMES[b.kind]} idle timeout (s)`,
      b.idleTimeoutSeconds,
      idle?.resetOnReuse ? `${idle.reason[0]!.toUpperCase()}${idle.reason.slice(1)} (HP105).` : `No reset on reuse: ${idle?.reason ?? 'the timers agree'}.`,
    ),
  );
  if (b.tcpKeepaliveSeconds) out.push(explained('TCP keepalive idle (s)', b.tcpKeepaliveSeconds));
  return out;
};

export const preservationExplainer: FieldExplainer = preservationParagraphs;
export const crossZoneExplainer: FieldExplainer = crossZoneParagraphs;
export const schemeExplainer: FieldExplainer = (a) => schemeParagraphs(a);

/** Explainers by annotation key; externalTrafficPolicy is handled by its own key below. */
export const FIELD_EXPLAINERS: Readonly<Record<string, FieldExplainer>> = {
  [A.type]: (a) => [
    explained(
      'managed by',
      a.frontend.loadBalancer.manager,
      a.frontend.loadBalancer.manager.value === 'in-tree'
        ? 'The legacy in-tree provider always registers instance targets with client IP preservation on; it enables cross-zone only through the deprecated cross-zone annotation.'
        : 'The AWS Load Balancer Controller builds an NLB for this Service. It never sets client IP preservation itself, so the AWS default for the target type applies.',
    ),
  ],
  [A.targetType]: targetTypeExplainer,
  [A.scheme]: (a) => schemeParagraphs(a),
  [A.internal]: (a) => schemeParagraphs(a),
  [A.tgAttributes]: (a) => [
    ...preservationParagraphs(a),
    explained('proxy protocol v2', a.frontend.targetGroup.proxyProtocolV2),
    explained('target-group cross-zone', a.frontend.targetGroup.crossZone),
  ],
  [A.lbAttributes]: crossZoneParagraphs,
  [A.crossZoneLegacy]: crossZoneParagraphs,
  [A.proxyProtocol]: proxyProtocolExplainer,
};

function schemeParagraphs(a: FrontendAnalysis): ExplainedValue[] {
  const s = a.frontend.loadBalancer.scheme;
  return [
    explained(
      'scheme',
      s,
      s.value === 'internal'
        ? 'Internal: pods call it with their own VPC address (the VPC CNI does not SNAT traffic that stays in the VPC), and that address is what client IP preservation keeps.'
        : 'Internet-facing: pods reach it through the node’s SNAT and a NAT gateway, so the NLB sees a foreign address and cannot hairpin a pod.',
    ),
  ];
}

export const trafficPolicyExplainer: FieldExplainer = (a) => [
  explained(
    'externalTrafficPolicy',
    a.frontend.trafficPolicy,
    a.frontend.trafficPolicy.value === 'Cluster'
      ? 'Cluster: every node is a healthy target and kube-proxy may forward to a gateway pod on another node, masquerading the source as the node. With preservation on, a connection that lands on the caller’s own node is answered locally: the hairpin.'
      : 'Local: only nodes running a gateway pod are healthy targets and kube-proxy does not masquerade. Callers on nodes without a gateway pod are safe; callers on a gateway node still hairpin.',
  ),
];
