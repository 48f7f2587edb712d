import type { Scenario } from '../simulate/scenario';
import type { Trace } from '../simulate/trace';

export interface CaptureFilter {
  /** The node to run it on ("n1"), as the trace names it. */
  readonly node: string;
  /** What that node does in the failing handshake, in a few words. */
  readonly role: string;
  /** A tcpdump command line with a BPF filter; addresses are the simulated ones, to be replaced. */
  readonly command: string;
}

const HANDSHAKE_FLAGS = '(tcp[tcpflags] & (tcp-syn|tcp-rst) != 0)';

/**
 * tcpdump filters that show the same flow on the real nodes the trace crosses, so a user can confirm
 * the simulation on a live cluster. The ports are the real ones (listener, NodePort, backend port);
 * pod and node addresses are simulated and named as such.
 */
export function captureFilters(trace: Trace, scenario: Scenario): CaptureFilter[] {
  const first = trace.hops.filter((h) => h.attempt === 0);
  const clientIp = first.find((h) => h.packet)?.packet?.src.ip;
  const servicePorts = new Set([scenario.listenerPort, scenario.nodePort, scenario.backendPort]);
  const hosts = new Map<string, Set<number>>();
  for (const h of first) {
    if (h.kind !== 'host' || !h.packet) continue;
    const ports = hosts.get(h.element) ?? new Set<number>();
    for (const p of [h.packet.src.port, h.packet.dst.port]) if (servicePorts.has(p)) ports.add(p);
    hosts.set(h.element, ports);
  }
  const clientNode = first.find((h) => h.kind === 'host')?.element;
  return [...hosts.entries()].map(([element, ports]) => {
    const node = element.replace(/^host:/, '');
    const isClientNode = element === clientNode;
    const portExpr = [...ports].sort((a, b) => a - b).map((p) => `tcp port ${p}`).join(' or ') || 'tcp';
    const parts = [isClientNode && clientIp ? `host ${clientIp}` : undefined, `(${portExpr})`, HANDSHAKE_FLAGS].filter(Boolean);
    return {
      node,
      role: isClientNode ? `the caller's node: the SYN to the NLB, the stray SYN-ACK and the RST (${clientIp ?? 'caller'} is the simulated caller address)` : 'a target node: the SYN after kube-proxy, and the reply',
      command: `tcpdump -ni any '${parts.join(' and ')}'`,
    };
  });
}
