import type { ListenerModel, LoadBalancerModel, Manager, Scheme, TargetGroupModel, TargetType, CrossZoneSetting } from '../model/nlb';
import { serviceId, type AnnotationFact, type ServiceFact, type ServicePortFact } from '../model/service';
import { byDefault, explicit, inferred, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import type { Span } from '../text/span';
import { IDLE_TIMEOUT_ATTRIBUTE, preservationDefault, TGA } from '../model/aws-defaults';
import { listenerIdleTimeout } from './listener-idle-timeout';
import { sentence, unknownValueText } from './enum-values';
import { parseBool, type KeyValueItem } from './key-value-list';

export const LBC_PREFIX = 'service.beta.kubernetes.io/';
const A = {
  type: `${LBC_PREFIX}aws-load-balancer-type`,
  targetType: `${LBC_PREFIX}aws-load-balancer-nlb-target-type`,
  scheme: `${LBC_PREFIX}aws-load-balancer-scheme`,
  internal: `${LBC_PREFIX}aws-load-balancer-internal`,
  tgAttributes: `${LBC_PREFIX}aws-load-balancer-target-group-attributes`,
  lbAttributes: `${LBC_PREFIX}aws-load-balancer-attributes`,
  crossZoneLegacy: `${LBC_PREFIX}aws-load-balancer-cross-zone-load-balancing-enabled`,
  proxyProtocol: `${LBC_PREFIX}aws-load-balancer-proxy-protocol`,
  sslCert: `${LBC_PREFIX}aws-load-balancer-ssl-cert`,
  sslPorts: `${LBC_PREFIX}aws-load-balancer-ssl-ports`,
  /** Followed by `.<PROTOCOL>-<port>`: that listener's attributes (LBC v2.7+). */
  listenerAttributes: `${LBC_PREFIX}aws-load-balancer-listener-attributes`,
} as const;
export const LBC_ANNOTATIONS = A;

const LBC = 'AWS Load Balancer Controller';

export interface ServiceLoadBalancer {
  readonly loadBalancer: LoadBalancerModel;
  readonly targetGroup: TargetGroupModel;
  readonly listener: ListenerModel;
}

/**
 * Turns a LoadBalancer Service into the NLB the AWS Load Balancer Controller (or the legacy in-tree
 * provider) would create for it, applying each manager's defaults. Undefined when the Service does not
 * ask for an NLB.
 */
export function serviceLoadBalancer(svc: ServiceFact, notices: Notice[]): ServiceLoadBalancer | undefined {
  if (svc.type.value !== 'LoadBalancer') return undefined;
  const ann = (key: string) => svc.annotations.find((a) => a.key === key);
  const manager = readManager(ann(A.type), svc.loadBalancerClass);
  warnUnknown(ann(A.type), ['external', 'nlb-ip', 'nlb'], 'an NLB', notices);
  if (!manager) return undefined;
  warnUnknown(ann(A.targetType), ['instance', 'ip'], 'the default (instance)', notices);
  warnUnknown(ann(A.scheme), ['internal', 'internet-facing'], 'the default', notices);
  warnUnknown(ann(A.proxyProtocol), ['*'], 'no proxy protocol', notices);

  const id = serviceId(svc);
  const inTree = manager.value === 'in-tree';
  const lbAttrs = ann(A.lbAttributes)?.items ?? [];
  const tgAttrs = ann(A.tgAttributes)?.items ?? [];
  const item = (items: readonly KeyValueItem[], key: string) => items.find((i) => i.key === key);

  const targetType = readTargetType(ann(A.type), ann(A.targetType), inTree, svc.head);
  const scheme = readScheme(ann(A.scheme), ann(A.internal), inTree, svc.head);
  const crossZone = readCrossZone(inTree ? undefined : item(lbAttrs, 'load_balancing.cross_zone.enabled'), ann(A.crossZoneLegacy), inTree, svc.head, notices, svc.file);
  const preserve = readPreserve(item(tgAttrs, 'preserve_client_ip.enabled'), targetType, inTree, svc.head, notices, svc.file);
  const proxy = readProxy(ann(A.proxyProtocol), item(tgAttrs, 'proxy_protocol_v2.enabled'), svc.head);
  const tgCross = readTgCrossZone(item(tgAttrs, 'load_balancing.cross_zone.enabled'), svc.head);

  const port = pickListenerPort(svc);
  const listenerPort = port?.port ?? byDefault(443, 'no port declared; assuming 443', svc.head);
  const nodePort = port?.nodePort ?? byDefault(31380, 'nodePort not written: Kubernetes allocates one from 30000-32767; 31380 is used as a stand-in', svc.head);
  const loadBalancer: LoadBalancerModel = { id, name: `${svc.namespace}/${svc.name}`, file: svc.file, head: svc.head, manager, scheme, crossZone };
  const targetGroup: TargetGroupModel = {
    id: `${id}/tg`,
    loadBalancerId: id,
    file: svc.file,
    head: svc.head,
    targetType,
    protocol: byDefault(port?.protocol ?? 'TCP', 'Service port protocol', svc.head),
    preserveClientIp: preserve,
    proxyProtocolV2: proxy,
    crossZone: tgCross,
    port: targetType.value === 'instance' ? nodePort : (port?.targetPort ?? listenerPort),
    serviceId: serviceId(svc),
  };
  const listenerProtocol = readListenerProtocol(ann(A.sslCert), ann(A.sslPorts), port, inTree, svc.head);
  const idle = listenerIdleTimeout(listenerProtocol, readListenerIdle(svc, listenerPort.value, notices), svc.head, notices);
  const listener: ListenerModel = {
    id: `${id}/listener/${listenerPort.value}`,
    loadBalancerId: id,
    targetGroupId: targetGroup.id,
    port: listenerPort,
    protocol: listenerProtocol,
    ...(idle ? { idleTimeoutSeconds: idle } : {}),
  };
  return { loadBalancer, targetGroup, listener };
}

/**
 * The listener's protocol: TLS when a certificate is given (`aws-load-balancer-ssl-cert`) for this port
 * (`aws-load-balancer-ssl-ports`, every port when absent: LBC annotations guide), else the port's protocol.
 */
function readListenerProtocol(cert: AnnotationFact | undefined, sslPorts: AnnotationFact | undefined, port: ServicePortFact | undefined, inTree: boolean, head: Span): Sourced<string> {
  const plain = byDefault((port?.protocol ?? 'TCP').toUpperCase(), 'Service port protocol', head);
  if (!cert || !cert.value.trim() || !port) return plain;
  const listed = sslPorts?.value.split(',').map((p) => p.trim()).filter(Boolean);
  const tls = !listed || listed.includes('*') || listed.includes(String(port.port.value)) || (port.name !== undefined && listed.includes(port.name));
  if (!tls) return plain;
  const who = inTree ? 'the in-tree provider' : LBC;
  return inferred('TLS', `${who} makes a TLS listener for a port aws-load-balancer-ssl-cert covers${sslPorts ? ' (aws-load-balancer-ssl-ports lists it)' : ' (no aws-load-balancer-ssl-ports: every port)'}`, cert.valueSpan);
}

/**
 * `aws-load-balancer-listener-attributes.<PROTOCOL>-<port>: tcp.idle_timeout.seconds=<n>` for this
 * listener's port (the protocol part is matched without case). An unreadable number is diagnosed.
 */
function readListenerIdle(svc: ServiceFact, port: number, notices: Notice[]): Sourced<number> | undefined {
  const key = new RegExp(`^${A.listenerAttributes.replace(/[.]/g, '\\.')}\\.[A-Za-z_]+-${port}$`);
  const item = svc.annotations.filter((a) => key.test(a.key)).flatMap((a) => a.items ?? []).find((i) => i.key === IDLE_TIMEOUT_ATTRIBUTE);
  if (!item) return undefined;
  const raw = item.value.trim();
  if (!/^\d+$/.test(raw)) {
    notices.push({ file: item.span.file, level: 'warning', message: `${IDLE_TIMEOUT_ATTRIBUTE}="${item.value}" is not a whole number of seconds; using the AWS default.`, span: item.span });
    return undefined;
  }
  return explicit(Number(raw), item.span);
}

/** The listener that matters most: 443 when present, otherwise the first TCP port. */
function pickListenerPort(svc: ServiceFact) {
  const tcp = svc.ports.filter((p) => p.protocol.toUpperCase() === 'TCP');
  return tcp.find((p) => p.port.value === 443) ?? tcp[0] ?? svc.ports[0];
}

function readManager(type: AnnotationFact | undefined, lbClass: Sourced<string> | undefined): Sourced<Manager> | undefined {
  if (lbClass?.value === 'service.k8s.aws/nlb') return explicit<Manager>('aws-load-balancer-controller', lbClass.span, 'spec.loadBalancerClass service.k8s.aws/nlb (controller v2.4+)');
  const v = type?.value.trim();
  if (v === 'external' || v === 'nlb-ip') return explicit<Manager>('aws-load-balancer-controller', type!.valueSpan);
  if (v === 'nlb') return explicit<Manager>('in-tree', type!.valueSpan, 'legacy in-tree (cloud-provider-aws) NLB');
  return undefined;
}

function readTargetType(type: AnnotationFact | undefined, tt: AnnotationFact | undefined, inTree: boolean, head: Span): Sourced<TargetType> {
  if (inTree) return byDefault<TargetType>('instance', 'the legacy in-tree NLB always registers instance targets', type?.valueSpan ?? head);
  if (type?.value.trim() === 'nlb-ip') return explicit<TargetType>('ip', type.valueSpan, 'deprecated aws-load-balancer-type: nlb-ip means ip targets');
  const v = tt?.value.trim();
  if (v === 'ip' || v === 'instance') return explicit<TargetType>(v, tt!.valueSpan);
  return byDefault<TargetType>('instance', `${LBC}: aws-load-balancer-nlb-target-type defaults to instance`, head);
}

function readScheme(scheme: AnnotationFact | undefined, internal: AnnotationFact | undefined, inTree: boolean, head: Span): Sourced<Scheme> {
  const v = scheme?.value.trim();
  if (!inTree && (v === 'internal' || v === 'internet-facing')) return explicit<Scheme>(v, scheme!.valueSpan);
  if (internal && parseBool(internal.value) !== undefined) {
    return explicit<Scheme>(parseBool(internal.value) ? 'internal' : 'internet-facing', internal.valueSpan, 'deprecated aws-load-balancer-internal annotation');
  }
  if (inTree) return byDefault<Scheme>('internet-facing', 'the legacy in-tree NLB is internet-facing unless aws-load-balancer-internal is "true"', head);
  return byDefault<Scheme>('internal', `${LBC}: the scheme defaults to internal (since v2.2)`, head);
}

function readCrossZone(
  attr: KeyValueItem | undefined,
  legacy: AnnotationFact | undefined,
  inTree: boolean,
  head: Span,
  notices: Notice[],
  file: string,
): Sourced<boolean> {
  const fromAttr = attr ? parseBool(attr.value) : undefined;
  if (attr && fromAttr === undefined) notices.push({ file, level: 'warning', message: `load_balancing.cross_zone.enabled="${attr.value}" is not true or false; using the default.`, span: attr.span });
  if (fromAttr !== undefined) return explicit(fromAttr, attr!.span);
  const fromLegacy = legacy ? parseBool(legacy.value) : undefined;
  if (fromLegacy !== undefined) {
    return explicit(fromLegacy, legacy!.valueSpan, inTree ? undefined : 'deprecated cross-zone annotation (still honoured by the controller)');
  }
  const why = inTree
    ? 'the legacy in-tree NLB enables cross-zone only through aws-load-balancer-cross-zone-load-balancing-enabled'
    : `${LBC} sets cross-zone only when annotated; the NLB default is off`;
  return byDefault(false, why, head);
}

function readPreserve(
  attr: KeyValueItem | undefined,
  targetType: Sourced<TargetType>,
  inTree: boolean,
  head: Span,
  notices: Notice[],
  file: string,
): Sourced<boolean> {
  const v = attr ? parseBool(attr.value) : undefined;
  if (attr && v === undefined) notices.push({ file, level: 'warning', message: `preserve_client_ip.enabled="${attr.value}" is not true or false; using the AWS default.`, span: attr.span });
  if (v !== undefined) {
    return explicit(v, attr!.span, inTree ? 'the in-tree provider accepts target-group attributes only since August 2025; older clusters ignore this' : undefined);
  }
  return preservationDefault(targetType, 'TCP', head);
}

function readProxy(annotation: AnnotationFact | undefined, attr: KeyValueItem | undefined, head: Span): Sourced<boolean> {
  if (annotation?.value.trim() === '*') return explicit(true, annotation.valueSpan, 'aws-load-balancer-proxy-protocol: "*" wins over the target-group attribute');
  const v = attr ? parseBool(attr.value) : undefined;
  if (v !== undefined) return explicit(v, attr!.span);
  return byDefault(false, `${TGA}: proxy_protocol_v2.enabled defaults to false`, head);
}

function readTgCrossZone(attr: KeyValueItem | undefined, head: Span): Sourced<CrossZoneSetting> {
  const raw = attr?.value.trim();
  if (raw === 'use_load_balancer_configuration') return explicit<CrossZoneSetting>('inherit', attr!.span);
  const v = raw !== undefined ? parseBool(raw) : undefined;
  if (v !== undefined) return explicit<CrossZoneSetting>(v, attr!.span);
  return byDefault<CrossZoneSetting>('inherit', `${TGA}: load_balancing.cross_zone.enabled defaults to use_load_balancer_configuration`, head);
}

/**
 * A value outside an annotation's fixed set (a typo such as `instanse`) silently changes the result:
 * warn on the value, with the valid values and the nearest one. `instead` says what applies meanwhile.
 */
function warnUnknown(annotation: AnnotationFact | undefined, valid: readonly string[], instead: string, notices: Notice[]): void {
  if (!annotation || valid.includes(annotation.value.trim())) return;
  const short = annotation.key.slice(LBC_PREFIX.length);
  const applies = instead === 'an NLB' ? 'Hairpin does not treat this Service as an NLB' : `Using ${instead}`;
  notices.push({ file: annotation.valueSpan.file, level: 'warning', message: `${sentence(`${short}: ${unknownValueText(annotation.value.trim(), valid)}`)} ${applies}.`, span: annotation.valueSpan });
}
