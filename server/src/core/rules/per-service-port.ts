import type { Frontend } from '../model/frontend';
import { sameSpan, type Span } from '../text/span';
import type { Finding } from './types';

/**
 * A Service's NLB has one listener and target group per port (parse/lbc-service.ts). Its findings are
 * judged per port, then told as the user reads the Service:
 * - every port gives the same verdict (same rule, message, probability and deciding value; the usual case,
 *   since the annotations that decide the hairpin apply to all ports): one finding, where it was (the
 *   Service's deciding annotation, or its head), naming the ports. Three identical findings on one line
 *   would say nothing more, and would each need their own suppression;
 * - the verdicts differ (a per-port setting: listener-attributes.TCP-<port>, a TLS port,
 *   proxy-protocol-per-target-group, target-group-attributes.<port>): one finding per port that has it,
 *   naming the port. One that sat on a value every port shares (or on the Service's head) moves to that
 *   port's entry, with the shared value as a related location, so that each port's finding is its own line.
 * The finding kept for all ports is the first port's: 443, else the first TCP port (listenerPorts' order).
 */
export function perServicePort(findings: readonly Finding[], frontendOf: (id: string) => Frontend | undefined, portsOfLb: (lbId: string) => number): Finding[] {
  const keyOf = (fd: Finding): string | undefined => {
    const f = frontendOf(fd.frontendId);
    return f?.servicePort && f.targetGroup.servicePort && portsOfLb(f.loadBalancer.id) > 1 ? `${fd.ruleId}\u0000${f.loadBalancer.id}` : undefined;
  };
  const groups = new Map<string, Finding[]>();
  for (const fd of findings) {
    const key = keyOf(fd);
    if (key) (groups.get(key) ?? groups.set(key, []).get(key)!).push(fd);
  }
  const out: Finding[] = [];
  const emitted = new Set<string>();
  for (const fd of findings) {
    const key = keyOf(fd);
    if (!key) {
      out.push(fd);
      continue;
    }
    if (emitted.has(key)) continue;
    emitted.add(key);
    const members = groups.get(key)!;
    const f = frontendOf(fd.frontendId)!;
    const ports = portsOfLb(f.loadBalancer.id);
    const same = members.length === ports && members.every((m) => sameVerdict(m, fd));
    if (same) out.push({ ...forAllPorts(fd, inServiceOrder(members.map((m) => frontendOf(m.frontendId)!)).map(portLabel)), frontendIds: members.map((m) => m.frontendId) });
    else out.push(...members.map((m) => forOnePort(m, frontendOf(m.frontendId)!, members)));
  }
  return out;
}

function sameVerdict(a: Finding, b: Finding): boolean {
  return (
    a.message === b.message &&
    (a.probabilityExact ?? String(a.probability)) === (b.probabilityExact ?? String(b.probability)) &&
    sameSpan(a.span, b.span) &&
    a.idleWindow?.fromSeconds === b.idleWindow?.fromSeconds &&
    a.idleWindow?.toSeconds === b.idleWindow?.toSeconds
  );
}

/** `443`, `53/UDP`, with the port's name when it has one: `443 (https)`. */
export function portLabel(f: Frontend): string {
  const p = f.servicePort!;
  const protocol = f.targetGroup.servicePort?.protocol ?? p.protocol.toUpperCase();
  return `${p.port.value}${protocol === 'TCP' ? '' : `/${protocol}`}${p.name ? ` (${p.name})` : ''}`;
}

/** As the Service lists its ports. */
function inServiceOrder(fs: readonly Frontend[]): Frontend[] {
  const at = (f: Frontend) => f.service?.ports.indexOf(f.servicePort!) ?? 0;
  return [...fs].sort((a, b) => at(a) - at(b));
}

function forAllPorts(fd: Finding, ports: readonly string[]): Finding {
  const list = `${ports.slice(0, -1).join(', ')} and ${ports[ports.length - 1]}`;
  return { ...fd, message: `${fd.message} The same holds for every port of the Service, each with its own listener and target group: ${list}.` };
}

function forOnePort(fd: Finding, f: Frontend, members: readonly Finding[]): Finding {
  const message = `Port ${portLabel(f)} (its own listener and target group): ${fd.message}`;
  const shared = sameSpan(fd.span, f.head) || members.some((m) => m !== fd && sameSpan(m.span, fd.span));
  const own: Span | undefined = f.servicePort!.port.span ?? f.servicePort!.extent;
  if (!shared || !own) return { ...fd, message };
  const related = sameSpan(fd.span, f.head) ? fd.related : [{ span: fd.span, message: 'setting shared by every port of the Service' }, ...fd.related];
  return { ...fd, message, span: own, related };
}
