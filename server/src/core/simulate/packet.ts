/** IPv4 addresses are kept as dotted strings: traces are read by people and written to pcaps later. */
export type Ip = string;

export interface Endpoint {
  readonly ip: Ip;
  readonly port: number;
}

export type TcpFlag = 'SYN' | 'ACK' | 'RST' | 'FIN' | 'PSH';

/** Everything a capture would hold, so a trace can later be written out as a pcap. */
export interface Packet {
  readonly id: number;
  /** Simulated time in milliseconds since the first SYN. */
  readonly time: number;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly flags: readonly TcpFlag[];
  readonly seq: number;
  readonly ack: number;
  /** True when an NLB prepended a PROXY protocol v2 header to this connection. */
  readonly proxyV2?: boolean;
}

export interface FiveTuple {
  readonly proto: 'tcp';
  readonly src: Endpoint;
  readonly dst: Endpoint;
}

/**
 * A packet's fields with new addresses, in one of two fixed shapes (with or without the PROXY mark): NAT
 * and the NLB rewrite addresses on every hop, and a spread of packets of many shapes takes V8's slow path.
 * `proxyV2` marks the packet (the NLB's header); otherwise the packet's own mark is kept.
 */
export function readdressed(p: Omit<Packet, 'id' | 'time'>, src: Endpoint, dst: Endpoint, proxyV2 = p.proxyV2): Omit<Packet, 'id' | 'time'> {
  return proxyV2 === undefined ? { src, dst, flags: p.flags, seq: p.seq, ack: p.ack } : { src, dst, flags: p.flags, seq: p.seq, ack: p.ack, proxyV2 };
}

export function tupleOf(p: Pick<Packet, 'src' | 'dst'>): FiveTuple {
  return { proto: 'tcp', src: p.src, dst: p.dst };
}

export function reverseTuple(t: FiveTuple): FiveTuple {
  return { proto: 'tcp', src: t.dst, dst: t.src };
}

export function tupleKey(t: Pick<FiveTuple, 'src' | 'dst'>): string {
  return `${t.src.ip}:${t.src.port}>${t.dst.ip}:${t.dst.port}`;
}

export function formatEndpoint(e: Endpoint): string {
  return `${e.ip}:${e.port}`;
}

export function formatFlags(flags: readonly TcpFlag[]): string {
  return flags.join('+') || '-';
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.ip === b.ip && a.port === b.port;
}
