import type { ListenerModel, TargetType } from './nlb';
import { byDefault, type Sourced } from './sourced';
import type { Span } from '../text/span';

/** AWS's own defaults (FACTS.md §2), shared by every reader: one place decides them. */

export const TGA = 'AWS target group attributes';

/** Protocols for which AWS keeps client IP preservation on for ip targets, and does not let it be turned off. */
const ALWAYS_PRESERVED = new Set(['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

/** Every protocol an ELBv2 listener or target group can be given; anything else is a typo AWS rejects. */
export const ELB_PROTOCOLS: readonly string[] = ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC', 'HTTP', 'HTTPS', 'GENEVE'];

/** A load balancer's IP address types (the LBC annotation, Terraform's ip_address_type, CloudFormation's IpAddressType). */
export const IP_ADDRESS_TYPES: readonly string[] = ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'];

/** Listener and target-group protocols only a Network Load Balancer uses. */
export const NETWORK_PROTOCOLS = new Set(['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

/**
 * `preserve_client_ip.enabled` when not written: on for instance targets; for ip targets off with TCP
 * or TLS and on with UDP and QUIC. The span is the target type when written (it decides the default).
 */
export function preservationDefault(targetType: Sourced<TargetType>, protocol: string, head: Span, note?: string): Sourced<boolean> {
  const at = targetType.origin !== 'default' && targetType.span ? targetType.span : head;
  const suffix = note ? ` (${note})` : '';
  if (targetType.value === 'instance') return byDefault(true, `${TGA}: client IP preservation is on by default for instance targets${suffix}`, at);
  if (ALWAYS_PRESERVED.has(protocol.toUpperCase())) {
    return byDefault(true, `${TGA}: client IP preservation is always on for ip targets with ${protocol.toUpperCase()}`, at);
  }
  return byDefault(false, `${TGA}: client IP preservation is off by default for ip targets with TCP or TLS${suffix}`, at);
}

export const PROXY_PROTOCOL_DEFAULT_WHY = `${TGA}: proxy_protocol_v2.enabled defaults to false`;
export const TG_CROSS_ZONE_DEFAULT_WHY = `${TGA}: load_balancing.cross_zone.enabled defaults to use_load_balancer_configuration`;
export const LB_CROSS_ZONE_DEFAULT_WHY = 'AWS load balancer attributes: load_balancing.cross_zone.enabled defaults to false for Network Load Balancers';

/** Listeners as the CloudFormation and CDK readers build them (the model now carries protocol and idle timeout). */
export type ListenerFacts = ListenerModel;

/**
 * The NLB's TCP idle timeout (FACTS §1 "Idle timeout", §2; AWS "Network Load Balancers" listener
 * attributes, `tcp.idle_timeout.seconds`): a TCP listener drops a flow after 350 s without traffic unless
 * the attribute says otherwise (60–6000 s); a TLS listener's is fixed at 350 s. A segment on a dropped
 * flow gets an RST from the NLB.
 */
export const IDLE_TIMEOUT_ATTRIBUTE = 'tcp.idle_timeout.seconds';
export const NLB_IDLE_TIMEOUT_SECONDS = 350;
export const IDLE_TIMEOUT_MIN_SECONDS = 60;
export const IDLE_TIMEOUT_MAX_SECONDS = 6000;
export const TCP_IDLE_DEFAULT_WHY = `AWS: a TCP listener drops idle flows after ${NLB_IDLE_TIMEOUT_SECONDS} s unless ${IDLE_TIMEOUT_ATTRIBUTE} is set`;
export const TLS_IDLE_FIXED_WHY = `AWS: TLS listeners have a fixed ${NLB_IDLE_TIMEOUT_SECONDS} s idle timeout`;

/** The idle timeout when `tcp.idle_timeout.seconds` is not set; undefined for UDP listeners. */
export function idleTimeoutDefault(protocol: string, at: Span): Sourced<number> | undefined {
  const p = protocol.toUpperCase();
  if (p === 'TLS') return byDefault(NLB_IDLE_TIMEOUT_SECONDS, TLS_IDLE_FIXED_WHY, at);
  if (p === 'TCP' || p === 'TCP_UDP') return byDefault(NLB_IDLE_TIMEOUT_SECONDS, TCP_IDLE_DEFAULT_WHY, at);
  return undefined;
}

/** Parses the target-group cross-zone attribute: true, false, or use_load_balancer_configuration. */
export function parseTgCrossZone(raw: string): boolean | 'inherit' | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'use_load_balancer_configuration') return 'inherit';
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/*
 * Where a Service's target group becomes TCP_UDP: the AWS Load Balancer Controller merges a TCP and a UDP
 * ServicePort of the same number into one TCP_UDP listener and target group when the Service carries
 * `service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener: "true"` (controller feature gate
 * EnableTCPUDPListener; LBC docs, "TCP_UDP listener"). A Service with only UDP ports gets a UDP target
 * group. The in-tree provider does not read the annotation. parse/lbc-service.ts reads it.
 *
 * How the controllers read annotation values (parse/annotation-values.ts): both read booleans with Go's
 * strconv.ParseBool (1, t, T, TRUE, true, True and their false forms; cloud-provider-aws
 * pkg/providers/v1/aws.go for aws-load-balancer-cross-zone-load-balancing-enabled, the LBC's
 * annotation parser for the rest) and fail the reconcile on anything else; cloud-provider-aws reads
 * aws-load-balancer-internal as internal for any non-empty value other than exactly "false".
 */

/** Whether AWS keeps client IP preservation on for this target-group protocol whatever is written (UDP, TCP_UDP, QUIC, TCP_QUIC). */
export function preservationFixedOn(protocol: string): boolean {
  return ALWAYS_PRESERVED.has(protocol.toUpperCase());
}

/**
 * A written `preserve_client_ip.enabled=false` on a protocol AWS keeps it on for (TGA: "client IP
 * preservation cannot be disabled for UDP and TCP_UDP target groups"; the same for QUIC and TCP_QUIC):
 * the value in force is on, and the message says why the written one has no effect. Undefined otherwise.
 */
export function preservationOverride(written: Sourced<boolean>, protocol: string): { readonly value: Sourced<boolean>; readonly message: string } | undefined {
  const p = protocol.toUpperCase();
  if (written.value || written.origin === 'default' || !ALWAYS_PRESERVED.has(p)) return undefined;
  return {
    value: byDefault(true, `${TGA}: client IP preservation is always on for ${p} target groups and cannot be turned off; the written false has no effect`, written.span),
    message: `Client IP preservation cannot be turned off for a ${p} target group: AWS keeps it on, so this false has no effect and Hairpin simulates preservation on.`,
  };
}

/**
 * The legacy in-tree provider (cloud-provider-aws, `aws-load-balancer-type: nlb`) and the annotations
 * only the AWS Load Balancer Controller reads (FACTS.md §3; the LBC docs warn that its annotation list
 * "is not an accurate reference for the services reconciled by the in-tree controller"; cloud-provider-aws
 * docs/service_controller.md lists what the in-tree provider reads). Keyed by the annotation's suffix
 * after `service.beta.kubernetes.io/`: what the in-tree provider does instead, and what to write.
 */
export const IN_TREE_IGNORED: Readonly<Record<string, { readonly effect: string; readonly instead: string }>> = {
  'aws-load-balancer-nlb-target-type': {
    effect: 'it always registers instance targets',
    instead: 'for ip targets, hand the Service to the AWS Load Balancer Controller with aws-load-balancer-type: external',
  },
  'aws-load-balancer-scheme': {
    effect: 'it reads only aws-load-balancer-internal (internet-facing unless that is set)',
    instead: 'write aws-load-balancer-internal: "true", or aws-load-balancer-type: external to have the controller read the scheme',
  },
  'aws-load-balancer-attributes': {
    effect: 'it sets cross-zone only from aws-load-balancer-cross-zone-load-balancing-enabled',
    instead: 'write aws-load-balancer-cross-zone-load-balancing-enabled, or aws-load-balancer-type: external to have the controller read the attributes',
  },
  'aws-load-balancer-enable-tcp-udp-listener': {
    effect: 'it does not merge a TCP and a UDP port into one TCP_UDP listener',
    instead: 'write aws-load-balancer-type: external to have the controller read it',
  },
  // An LBC annotation (kubernetes-sigs/aws-load-balancer-controller docs, annotations.md; read in
  // pkg/service/model_build_target_group.go); cloud-provider-aws has no per-port proxy protocol setting.
  'aws-load-balancer-proxy-protocol-per-target-group': {
    effect: 'no target group gets proxy protocol from it',
    instead: 'write aws-load-balancer-type: external to have the controller read it',
  },
};

/**
 * cloud-provider-aws honours `aws-load-balancer-target-group-attributes` only from this version
 * (kubernetes/cloud-provider-aws PR #1214, August 2025, "Fix hairpinning traffic on internal NLB by
 * introducing TG attribute config"). It was cherry-picked to release-1.31 … 1.34 in December 2025
 * (PRs #1314, #1315, #1317, #1318), in patch releases whose numbers are not confirmed here, so those
 * minors are treated as older: a cluster on such a patch release can set this version in `.hairpin.yaml`.
 */
export const IN_TREE_TG_ATTRIBUTES_SINCE = '1.35.0';

/** Whether a cloud-provider-aws version (`1.34.2`, `v1.35.0`) honours target-group attributes. */
export function inTreeHonoursTgAttributes(version: string): boolean {
  const v = parseVersion(version);
  const since = parseVersion(IN_TREE_TG_ATTRIBUTES_SINCE)!;
  if (!v) return false;
  for (let i = 0; i < 3; i++) if (v[i] !== since[i]) return v[i]! > since[i]!;
  return true;
}

/** `v1.34.2` or `1.34` as [major, minor, patch]; undefined when it is not a version. */
export function parseVersion(raw: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(raw.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}
/**
 * Backends' own idle timeouts for client connections (FACTS §1 "Idle timeout"): Envoy, and so Istio's
 * gateway, closes an idle downstream HTTP connection after 1 hour (`common_http_protocol_options.idle_timeout`,
 * Envoy's timeouts FAQ); nginx after 75 s (`keepalive_timeout`), which ingress-nginx sets from its ConfigMap
 * key `keep-alive` (seconds; 0 turns client keep-alive off). Neither sends TCP keepalive on client
 * connections unless configured. Traefik's is not among the facts Hairpin relies on: it stays unknown.
 */
export const ENVOY_IDLE_TIMEOUT_SECONDS = 3600;
export const ENVOY_IDLE_TIMEOUT_WHY = 'Envoy default: common_http_protocol_options.idle_timeout is 1 hour (Envoy timeouts FAQ); Istio does not change it for gateways';
export const NGINX_KEEPALIVE_SECONDS = 75;
export const NGINX_KEEPALIVE_WHY = 'ingress-nginx default: keep-alive (nginx keepalive_timeout) is 75 s';

/**
 * Which nodes become instance targets (issue 10 kind I). FACTS.md §3 names a TargetGroupBinding's
 * `spec.nodeSelector`; the annotation below is not in FACTS.md yet, so its sources are given here:
 * - `service.beta.kubernetes.io/aws-load-balancer-target-node-labels: k1=v1,k2=v2`: only nodes carrying
 *   every pair are registered as instance targets. The LBC documents it (docs/guide/service/annotations.md,
 *   "Target node labels", stringMap) and copies it into the TargetGroupBinding it makes as
 *   `spec.nodeSelector.matchLabels` (pkg/service/model_build_target_group.go,
 *   buildTargetGroupBindingNodeSelector); the in-tree provider reads the same annotation
 *   (kubernetes/kubernetes PR #90943, "use annotation to filter AWS LB target nodes"; cloud-provider-aws
 *   docs/service_controller.md). It applies to instance targets only: ip targets are pods.
 * - A TargetGroupBinding's `spec.nodeSelector` (FACTS.md §3, `TargetGroupBinding`) is a Kubernetes label
 *   selector (matchLabels and matchExpressions) over the same node labels.
 * - Every node carries `kubernetes.io/hostname` = its name (Kubernetes well-known labels), so a selector
 *   on it picks single nodes. Node labels come from `.hairpin.yaml` or from the EKS module's node-group
 *   `labels` (FACTS.md §6, `eks_managed_node_groups.<name>`; the module passes them to the node group).
 */
export const TARGET_NODE_LABELS = 'service.beta.kubernetes.io/aws-load-balancer-target-node-labels';
export const TARGET_NODE_LABELS_WHY =
  'AWS Load Balancer Controller and cloud-provider-aws: aws-load-balancer-target-node-labels registers only the nodes that carry every label as instance targets';
