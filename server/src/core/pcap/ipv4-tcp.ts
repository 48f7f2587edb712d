import type { Endpoint, TcpFlag } from '../simulate/packet';

/** The fields a simulated TCP segment carries into a capture. */
export interface TcpSegment {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly flags: readonly TcpFlag[];
  readonly seq: number;
  readonly ack: number;
}

const IPV4_HEADER = 20;
const TCP_HEADER = 20;
const MSS_OPTION = 4;
/** The MSS of a 1500-byte MTU; the handshake's story does not depend on it. */
const MSS = 1460;
const SYN_WINDOW = 64240;
const WINDOW = 502;
const TTL = 64;
const FLAG_BITS: Record<TcpFlag, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

/** Dotted IPv4 text to its four bytes. */
export function ipv4Bytes(ip: string): Uint8Array {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return Uint8Array.from(parts);
}

/** RFC 1071: the one's-complement of the one's-complement sum of 16-bit big-endian words (an odd byte is padded with zero). */
export function internetChecksum(...chunks: readonly Uint8Array[]): number {
  let sum = 0;
  for (const bytes of chunks) {
    // Every chunk but the last has an even length here, so words never straddle chunks.
    for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * One IPv4 packet holding one TCP segment with no payload, checksums filled in. SYNs (with or without
 * ACK) carry an MSS option, as every real stack sends. IP ID 0 with Don't Fragment, as Linux sends
 * connection setup packets.
 */
export function ipv4TcpPacket(seg: TcpSegment): Uint8Array {
  const syn = seg.flags.includes('SYN');
  const tcpLength = TCP_HEADER + (syn ? MSS_OPTION : 0);
  const total = IPV4_HEADER + tcpLength;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const src = ipv4Bytes(seg.src.ip);
  const dst = ipv4Bytes(seg.dst.ip);

  view.setUint8(0, 0x45); // version 4, 5 words of header
  view.setUint16(2, total);
  view.setUint16(6, 0x4000); // Don't Fragment
  view.setUint8(8, TTL);
  view.setUint8(9, 6); // TCP
  bytes.set(src, 12);
  bytes.set(dst, 16);
  view.setUint16(10, internetChecksum(bytes.subarray(0, IPV4_HEADER)));

  const tcp = bytes.subarray(IPV4_HEADER);
  const t = new DataView(bytes.buffer, IPV4_HEADER);
  const hasAck = seg.flags.includes('ACK');
  t.setUint16(0, seg.src.port);
  t.setUint16(2, seg.dst.port);
  t.setUint32(4, seg.seq >>> 0);
  t.setUint32(8, hasAck ? seg.ack >>> 0 : 0);
  t.setUint8(12, (tcpLength / 4) << 4);
  t.setUint8(13, seg.flags.reduce((bits, f) => bits | FLAG_BITS[f], 0));
  t.setUint16(14, seg.flags.includes('RST') && !hasAck ? 0 : syn ? SYN_WINDOW : WINDOW);
  if (syn) {
    t.setUint8(20, 2); // kind: MSS
    t.setUint8(21, 4);
    t.setUint16(22, MSS);
  }
  const pseudo = new Uint8Array(12);
  pseudo.set(src, 0);
  pseudo.set(dst, 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, tcpLength);
  t.setUint16(16, internetChecksum(pseudo, tcp));
  return bytes;
}
