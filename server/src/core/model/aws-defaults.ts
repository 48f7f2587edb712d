import type { ListenerModel, TargetType } from './nlb';
import { byDefault, type Sourced } from './sourced';
import type { Span } from '../text/span';

/** AWS's own defaults (FACTS.md §2), shared by every reader: one place decides them. */

export const TGA = 'AWS target group attributes';

/** Protocols for which AWS keeps client IP preservation on for ip targets, and does not let it be turned off. */
const ALWAYS_PRESERVED = new Set(['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

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
