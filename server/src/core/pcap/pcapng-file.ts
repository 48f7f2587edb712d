/**
 * A pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description Block
 * per capture point, one Enhanced Packet Block per packet seen there. pcapng rather than classic pcap
 * because its interfaces have names: Wireshark shows each packet's capture point (frame.interface_name)
 * and filters on it, and a packet can carry a comment (frame.comment). Written little-endian.
 */

/** LINKTYPE_RAW: each packet starts with its IPv4 header, with no link layer to invent. */
export const LINKTYPE_RAW = 101;

export interface CaptureInterface {
  readonly name: string;
  readonly description?: string;
}

export interface CaptureRecord {
  /** Index into the interfaces. */
  readonly interface: number;
  /** Microseconds since the Unix epoch (pcapng's default resolution). */
  readonly timeMicros: number;
  readonly data: Uint8Array;
  readonly comment?: string;
}

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const SHB_USERAPPL = 4;
const SNAPLEN = 262144;

export function pcapngFile(application: string, interfaces: readonly CaptureInterface[], records: readonly CaptureRecord[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const shbBody = new Uint8Array(16);
  const shb = new DataView(shbBody.buffer);
  shb.setUint32(0, BYTE_ORDER_MAGIC, true);
  shb.setUint16(4, 1, true); // version 1.0
  shb.setUint16(6, 0, true);
  shb.setBigInt64(8, -1n, true); // section length not given
  blocks.push(block(SHB, shbBody, options([[SHB_USERAPPL, application]])));
  for (const i of interfaces) {
    const body = new Uint8Array(8);
    const v = new DataView(body.buffer);
    v.setUint16(0, LINKTYPE_RAW, true);
    v.setUint32(4, SNAPLEN, true);
    blocks.push(block(IDB, body, options([[IF_NAME, i.name], ...(i.description ? [[IF_DESCRIPTION, i.description] as const] : [])])));
  }
  for (const r of records) {
    if (r.interface < 0 || r.interface >= interfaces.length) throw new Error(`record for interface ${r.interface}, but only ${interfaces.length} are described`);
    const body = new Uint8Array(20 + pad4(r.data.length));
    const v = new DataView(body.buffer);
    const micros = Math.round(r.timeMicros);
    v.setUint32(0, r.interface, true);
    v.setUint32(4, Math.floor(micros / 2 ** 32), true);
    v.setUint32(8, micros % 2 ** 32, true);
    v.setUint32(12, r.data.length, true);
    v.setUint32(16, r.data.length, true);
    body.set(r.data, 20);
    blocks.push(block(EPB, body, options(r.comment ? [[OPT_COMMENT, r.comment]] : [])));
  }
  return concat(blocks);
}

/** type, total length, body, options, total length again. */
function block(type: number, body: Uint8Array, opts: Uint8Array): Uint8Array {
  const length = 12 + body.length + opts.length;
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, length, true);
  out.set(body, 8);
  out.set(opts, 8 + body.length);
  v.setUint32(length - 4, length, true);
  return out;
}

/** UTF-8 string options, each padded to 32 bits, then opt_endofopt; nothing at all when there are none. */
function options(list: readonly (readonly [number, string])[]): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  for (const [code, text] of list) {
    const value = new TextEncoder().encode(text);
    const opt = new Uint8Array(4 + pad4(value.length));
    const v = new DataView(opt.buffer);
    v.setUint16(0, code, true);
    v.setUint16(2, value.length, true);
    opt.set(value, 4);
    parts.push(opt);
  }
  parts.push(new Uint8Array(4)); // opt_endofopt: code 0, length 0
  return concat(parts);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
