import type { ListenerModel, LoadBalancerModel, Manager, Scheme, TargetGroupModel, TargetType, CrossZoneSetting } from '../model/nlb';
import { serviceId, type AnnotationFact, type ServiceFact, type ServicePortFact } from '../model/service';
import { byDefault, explicit, inferred, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import type { Span } from '../text/span';
import { IDLE_TIMEOUT_ATTRIBUTE, IN_TREE_IGNORED, IN_TREE_TG_ATTRIBUTES_SINCE, preservationDefault, TGA } from '../model/aws-defaults';
import { listenerIdleTimeout } from './listener-idle-timeout';
import { sentence, unknownValueText } from './enum-values';
import { type KeyValueItem } from './key-value-list';
import { GO_BOOL_SPELLINGS, inTreeInternal, parseAttributeBool, parseGoBool } from './annotation-values';
import { isTwin, listenerPorts, perTargetGroupProxy, portAttributes } from './lbc-service-ports';

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
  /** `"80, 443"`: proxy protocol v2 on for those Service ports' target groups only (LBC). */
  proxyProtocolPerTargetGroup: `${LBC_PREFIX}aws-load-balancer-proxy-protocol-per-target-group`,
  tcpUdpListener: `${LBC_PREFIX}aws-load-balancer-enable-tcp-udp-listener`,
  sslCert: `${LBC_PREFIX}aws-load-balancer-ssl-cert`,
  sslPorts: `${LBC_PREFIX}aws-load-balancer-ssl-ports`,
  /** Followed by `.<PROTOCOL>-<port>`: that listener's attributes (LBC v2.7+). */
  listenerAttributes: `${LBC_PREFIX}aws-load-balancer-listener-attributes`,
} as const;
export const LBC_ANNOTATIONS = A;

const LBC = 'AWS Load Balancer Controller';
const IN_TREE = 'cloud-provider-aws (the legacy in-tree provider)';

/** The NLB a Service asks for: one load balancer, and one target group and listener per Service port. */
export interface ServiceLoadBalancer {
  readonly loadBalancer: LoadBalancerModel;
  readonly targetGroups: readonly TargetGroupModel[];
  readonly listeners: readonly ListenerModel[];
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
  const inTree = manager.value === 'in-tree';
  if (inTree) {
    for (const a of svc.annotations) if (a.key.startsWith(LBC_PREFIX) && Object.hasOwn(IN_TREE_IGNORED, a.key.slice(LBC_PREFIX.length))) notices.push(ignoredByInTree(a));
  } else {
    warnUnknown(ann(A.targetType), ['instance', 'ip'], 'the default (instance)', notices);
    warnUnknown(ann(A.scheme), ['internal', 'internet-facing'], 'the default', notices);
  }
  warnUnknown(ann(A.proxyProtocol), ['*'], 'no proxy protocol', notices);

  const id = serviceId(svc);
  const lbAttrs = ann(A.lbAttributes)?.items ?? [];
  const tgAttrs = ann(A.tgAttributes)?.items ?? [];
  // The controller reads a `k=v` list into a map, so the last of repeated keys wins (annotations/parser.go, ParseStringMapAnnotation).
  const item = (items: readonly KeyValueItem[], key: string) => [...items].reverse().find((i) => i.key === key);

  const scheme = readScheme(ann(A.scheme), ann(A.internal), inTree, svc.head, notices);
  const crossZone = readCrossZone(inTree ? undefined : item(lbAttrs, 'load_balancing.cross_zone.enabled'), ann(A.crossZoneLegacy), inTree, svc.head, notices, svc.file);
  const loadBalancer: LoadBalancerModel = { id, name: `${svc.namespace}/${svc.name}`, file: svc.file, head: svc.head, manager, scheme, crossZone };
  const targetType = readTargetType(ann(A.type), ann(A.targetType), inTree, svc.head);
  const tcpUdp = ann(A.tcpUdpListener);
  const merge = !!tcpUdp && !inTree && parseGoBool(tcpUdp.value) === true;
  if (tcpUdp && !inTree && parseGoBool(tcpUdp.value) === undefined) notices.push(unreadableBool(tcpUdp, `${LBC} rejects the Service (it reads this annotation with Go's strconv.ParseBool)`, 'separate TCP and UDP listeners'));
  const ports: (ServicePortFact | undefined)[] = listenerPorts(svc, merge);
  if (ports.length === 0) ports.push(undefined);
  const multi = ports.length > 1;
  // Service-wide values are read once per port: their notices are the same each time and are given once.
  const perPort: Notice[] = [];
  const targetGroups: TargetGroupModel[] = [];
  const listeners: ListenerModel[] = [];
  ports.forEach((port, i) => {
    const protocol = readProtocol(svc, port, merge ? tcpUdp : undefined, inTree);
    const attrs = port ? portAttributes(svc, tgAttrs, A.tgAttributes, port.port.value) : tgAttrs;
    const preserve = readPreserve(item(attrs, 'preserve_client_ip.enabled'), targetType, protocol.value, inTree, svc.head, perPort, svc.file);
    const proxy = readProxy(ann(A.proxyProtocol), port && !inTree ? perTargetGroupProxy(ann(A.proxyProtocolPerTargetGroup), port.port.value, perPort) : undefined, item(attrs, 'proxy_protocol_v2.enabled'), svc.head, perPort, svc.file);
    const tgCross = readTgCrossZone(item(attrs, 'load_balancing.cross_zone.enabled'), svc.head, perPort, svc.file);
    const listenerPort = port?.port ?? byDefault(443, 'no port declared; assuming 443', svc.head);
    // Distinct stand-ins, so that two ports' traces do not show one NodePort.
    const nodePort = port?.nodePort ?? byDefault(31380 + i, `nodePort not written: Kubernetes allocates one from 30000-32767; ${31380 + i} is used as a stand-in`, svc.head);
    const tgAnnotation = ann(A.tgAttributes);
    // Before cloud-provider-aws honoured target-group attributes the AWS defaults stay in force; the written
    // values apply only when .hairpin.yaml says the cluster runs a version that reads them (link/provider-version.ts).
    const ignoredBefore = inTree && tgAnnotation ? inTreeAttributeDefaults(targetType, protocol.value, ann(A.proxyProtocol)?.value.trim() === '*' ? proxy : undefined, tgAnnotation) : undefined;
    // Two ports of one number (TCP and UDP, not merged) are two listeners: the protocol tells them apart.
    const suffix = !multi ? '' : `/${listenerPort.value}${ports.some((q, k) => k !== i && q?.port.value === listenerPort.value) ? `-${protocol.value}` : ''}`;
    const targetGroup: TargetGroupModel = {
      id: `${id}/tg${suffix}`,
      loadBalancerId: id,
      file: svc.file,
      head: svc.head,
      targetType,
      protocol,
      preserveClientIp: ignoredBefore?.preserveClientIp ?? preserve,
      proxyProtocolV2: ignoredBefore?.proxyProtocolV2 ?? proxy,
      crossZone: ignoredBefore?.crossZone ?? tgCross,
      port: targetType.value === 'instance' ? nodePort : (port?.targetPort ?? listenerPort),
      serviceId: serviceId(svc),
      ...(port ? { servicePort: { port: port.port.value, protocol: protocol.value, ...(port.name ? { name: port.name } : {}) } } : {}),
      ...(ignoredBefore && tgAnnotation
        ? { fromVersion: { component: 'cloud-provider-aws', since: IN_TREE_TG_ATTRIBUTES_SINCE, span: tgAnnotation.valueSpan, values: { preserveClientIp: preserve, proxyProtocolV2: proxy, crossZone: tgCross } } }
        : {}),
    };
    const listenerProtocol = readListenerProtocol(ann(A.sslCert), ann(A.sslPorts), port, inTree, svc.head);
    const idle = listenerIdleTimeout(listenerProtocol, readListenerIdle(svc, listenerPort.value, perPort), svc.head, perPort);
    targetGroups.push(targetGroup);
    listeners.push({
      id: multi ? `${id}/listener${suffix}` : `${id}/listener/${listenerPort.value}`,
      loadBalancerId: id,
      targetGroupId: targetGroup.id,
      port: listenerPort,
      protocol: listenerProtocol,
      ...(idle ? { idleTimeoutSeconds: idle } : {}),
    });
  });
  for (const n of perPort) if (!notices.some((m) => m.message === n.message && m.span?.start === n.span?.start && m.span?.file === n.span?.file)) notices.push(n);
  return { loadBalancer, targetGroups, listeners };
}

/** What an in-tree provider older than IN_TREE_TG_ATTRIBUTES_SINCE does with target-group attributes: nothing. */
function inTreeAttributeDefaults(targetType: Sourced<TargetType>, protocol: string, proxyAnnotation: Sourced<boolean> | undefined, annotation: AnnotationFact) {
  const note = `${IN_TREE} before v${IN_TREE_TG_ATTRIBUTES_SINCE} ignores aws-load-balancer-target-group-attributes`;
  const pres = preservationDefault(targetType, protocol, annotation.valueSpan, note);
  return {
    preserveClientIp: { ...pres, span: annotation.valueSpan },
    proxyProtocolV2: proxyAnnotation ?? byDefault(false, `${TGA}: proxy_protocol_v2.enabled defaults to false (${note})`, annotation.valueSpan),
    crossZone: byDefault<CrossZoneSetting>('inherit', `${TGA}: load_balancing.cross_zone.enabled defaults to use_load_balancer_configuration (${note})`, annotation.valueSpan),
  };
}

/**
 * The target group's protocol: the listener port's, or TCP_UDP when the controller merges a TCP and a UDP
 * port of the same number (`aws-load-balancer-enable-tcp-udp-listener: "true"`, LBC v2.13+ with the
 * EnableTCPUDPListener feature gate).
 */
function readProtocol(svc: ServiceFact, port: ServicePortFact | undefined, tcpUdp: AnnotationFact | undefined, inTree: boolean): Sourced<string> {
  const own = (port?.protocol ?? 'TCP').toUpperCase();
  if (tcpUdp && !inTree && port && ['TCP', 'UDP'].includes(own) && svc.ports.some((p) => isTwin(port, p))) {
    return explicit('TCP_UDP', tcpUdp.valueSpan, `${LBC}: aws-load-balancer-enable-tcp-udp-listener merges the TCP and UDP ports ${port.port.value} into one TCP_UDP listener`);
  }
  return port ? byDefault(own, "the Service port's protocol (TCP unless written)", port.port.span ?? svc.head) : byDefault('TCP', 'no Service port declared; Kubernetes ports default to TCP', svc.head);
}

/** An annotation only the Load Balancer Controller reads, on a Service the in-tree provider reconciles. */
function ignoredByInTree(a: AnnotationFact): Notice {
  const short = a.key.slice(LBC_PREFIX.length);
  const { effect, instead } = IN_TREE_IGNORED[short]!;
  return {
    file: a.valueSpan.file,
    level: 'info',
    message: `${short} is ignored: only the AWS Load Balancer Controller reads it, and aws-load-balancer-type: nlb hands this Service to ${IN_TREE}, where ${effect}. To have it apply, ${instead}.`,
    span: a.valueSpan,
  };
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

function readScheme(scheme: AnnotationFact | undefined, internal: AnnotationFact | undefined, inTree: boolean, head: Span, notices: Notice[]): Sourced<Scheme> {
  if (inTree) {
    // cloud-provider-aws reads only aws-load-balancer-internal, as a string: anything but "" or "false" means internal.
    const v = internal ? inTreeInternal(internal.value) : undefined;
    if (v !== undefined) {
      return explicit<Scheme>(v ? 'internal' : 'internet-facing', internal!.valueSpan, `${IN_TREE}: aws-load-balancer-internal is internal for any non-empty value other than "false"`);
    }
    return byDefault<Scheme>('internet-facing', `${IN_TREE}: the NLB is internet-facing unless aws-load-balancer-internal is set to a value other than "false"`, head);
  }
  const v = scheme?.value.trim();
  if (v === 'internal' || v === 'internet-facing') return explicit<Scheme>(v, scheme!.valueSpan);
  if (internal) {
    const b = parseGoBool(internal.value);
    if (b !== undefined) return explicit<Scheme>(b ? 'internal' : 'internet-facing', internal.valueSpan, 'deprecated aws-load-balancer-internal annotation (read with Go\'s strconv.ParseBool)');
    if (!scheme) notices.push(unreadableBool(internal, `${LBC} rejects the Service (it reads this annotation with Go's strconv.ParseBool)`, 'the default scheme, internal'));
  }
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
  const fromAttr = attr ? parseAttributeBool(attr.value) : undefined;
  if (attr && fromAttr === undefined) notices.push(unreadableItem(file, attr, 'true or false', 'the deprecated annotation or the default'));
  if (fromAttr !== undefined) return explicit(fromAttr, attr!.span);
  // Both controllers read the deprecated annotation with Go's strconv.ParseBool and fail the sync on anything else.
  const fromLegacy = legacy ? parseGoBool(legacy.value) : undefined;
  if (legacy && fromLegacy === undefined) notices.push(unreadableBool(legacy, `${inTree ? IN_TREE : LBC} fails to reconcile the load balancer (it reads this annotation with Go's strconv.ParseBool)`, 'the default, cross-zone off'));
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
  protocol: string,
  inTree: boolean,
  head: Span,
  notices: Notice[],
  file: string,
): Sourced<boolean> {
  // The controller parses this attribute itself (Go's strconv.ParseBool) to decide how targets register.
  const v = attr ? (inTree ? parseAttributeBool(attr.value) : parseGoBool(attr.value)) : undefined;
  if (attr && v === undefined) notices.push(unreadableItem(file, attr, inTree ? 'true or false' : `one of ${GO_BOOL_SPELLINGS.join(', ')} (Go's strconv.ParseBool)`, 'the AWS default'));
  if (v !== undefined) return explicit(v, attr!.span);
  return preservationDefault(targetType, protocol, head);
}

function readProxy(annotation: AnnotationFact | undefined, perPort: Sourced<boolean> | undefined, attr: KeyValueItem | undefined, head: Span, notices: Notice[], file: string): Sourced<boolean> {
  if (annotation?.value.trim() === '*') return explicit(true, annotation.valueSpan, 'aws-load-balancer-proxy-protocol: "*" wins over the target-group attribute');
  if (perPort) return perPort;
  const v = attr ? parseAttributeBool(attr.value) : undefined;
  if (attr && v === undefined) notices.push(unreadableItem(file, attr, 'true or false', 'the default, off'));
  if (v !== undefined) return explicit(v, attr!.span);
  return byDefault(false, `${TGA}: proxy_protocol_v2.enabled defaults to false`, head);
}

function readTgCrossZone(attr: KeyValueItem | undefined, head: Span, notices: Notice[], file: string): Sourced<CrossZoneSetting> {
  const raw = attr?.value.trim();
  if (raw === 'use_load_balancer_configuration') return explicit<CrossZoneSetting>('inherit', attr!.span);
  const v = raw !== undefined ? parseAttributeBool(raw) : undefined;
  if (attr && v === undefined) notices.push(unreadableItem(file, attr, 'true, false or use_load_balancer_configuration', "the default, the load balancer's setting"));
  if (v !== undefined) return explicit<CrossZoneSetting>(v, attr!.span);
  return byDefault<CrossZoneSetting>('inherit', `${TGA}: load_balancing.cross_zone.enabled defaults to use_load_balancer_configuration`, head);
}

/** A boolean annotation its controller cannot read: what it expected, what the controller does, and what Hairpin uses. */
function unreadableBool(a: AnnotationFact, consequence: string, instead: string): Notice {
  const short = a.key.slice(LBC_PREFIX.length);
  return {
    file: a.valueSpan.file,
    level: 'warning',
    message: `${short}: ${JSON.stringify(a.value)} is not a boolean (expected one of ${GO_BOOL_SPELLINGS.join(', ')}); ${consequence}. Hairpin uses ${instead}.`,
    span: a.valueSpan,
  };
}

/** A `key=value` attribute whose value cannot be read: what was expected and what Hairpin uses instead. */
function unreadableItem(file: string, item: KeyValueItem, expected: string, instead: string): Notice {
  return { file, level: 'warning', message: `${item.key}=${JSON.stringify(item.value)} cannot be read: expected ${expected}. Hairpin uses ${instead}.`, span: item.span };
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
