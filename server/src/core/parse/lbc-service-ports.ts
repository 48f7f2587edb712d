import type { ServiceFact, ServicePortFact, AnnotationFact } from '../model/service';
import { explicit, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import type { KeyValueItem } from './key-value-list';

/**
 * One listener and one target group per Service port (LBC pkg/service/model_build_target_group.go builds a
 * target group per ServicePort, on its NodePort for instance targets and its targetPort for ip targets;
 * cloud-provider-aws makes one listener and target group per port too). A TCP and a UDP port of the same
 * number become one TCP_UDP listener when `merge` (aws-load-balancer-enable-tcp-udp-listener) says so.
 * The port that mattered most before (443, else the first TCP port, else the first) comes first: it stands
 * for the Service where one finding speaks for every port (rules/per-service-port.ts).
 */
export function listenerPorts(svc: ServiceFact, merge: boolean): ServicePortFact[] {
  const tcp = svc.ports.filter((p) => p.protocol.toUpperCase() === 'TCP');
  const first = tcp.find((p) => p.port.value === 443) ?? tcp[0] ?? svc.ports[0];
  const ordered = first ? [first, ...svc.ports.filter((p) => p !== first)] : [];
  if (!merge) return ordered;
  return ordered.filter((p, i) => !ordered.slice(0, i).some((q) => isTwin(q, p)));
}

/** A TCP and a UDP port of one number: the controller merges them into one TCP_UDP listener. */
export function isTwin(a: ServicePortFact, b: ServicePortFact): boolean {
  const pa = a.protocol.toUpperCase();
  const pb = b.protocol.toUpperCase();
  return a !== b && a.port.value === b.port.value && pa !== pb && ['TCP', 'UDP'].includes(pa) && ['TCP', 'UDP'].includes(pb);
}

/**
 * `aws-load-balancer-target-group-attributes.<port>`: that port's target group only, each key over the
 * Service-wide list (the LBC's buildPortSpecificTargetGroupAttributes; an empty value keeps the base one).
 */
export function portAttributes(svc: ServiceFact, base: readonly KeyValueItem[], baseKey: string, port: number): KeyValueItem[] {
  const own = svc.annotations.find((a) => a.key === `${baseKey}.${port}`)?.items ?? [];
  const kept = own.filter((i) => i.value !== '');
  return [...kept, ...base.filter((b) => !kept.some((i) => i.key === b.key))];
}

/**
 * `aws-load-balancer-proxy-protocol-per-target-group: "80, 443"` (LBC): proxy protocol v2 on for the listed
 * Service ports and off for the others, over the target-group attribute; `aws-load-balancer-proxy-protocol: "*"`
 * still wins over it (model_build_target_group.go, buildTargetGroupAttributes). Undefined without the annotation.
 */
export function perTargetGroupProxy(list: AnnotationFact | undefined, port: number, notices: Notice[]): Sourced<boolean> | undefined {
  if (!list) return undefined;
  const entries = list.value.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = entries.filter((p) => !/^\d+$/.test(p));
  if (bad.length > 0) {
    notices.push({
      file: list.valueSpan.file,
      level: 'warning',
      message: `aws-load-balancer-proxy-protocol-per-target-group: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not a port number; the AWS Load Balancer Controller rejects the Service. Hairpin reads the port numbers that are valid.`,
      span: list.valueSpan,
    });
  }
  const on = entries.includes(String(port));
  return explicit(on, list.valueSpan, `aws-load-balancer-proxy-protocol-per-target-group ${on ? 'lists' : 'does not list'} port ${port}`);
}
