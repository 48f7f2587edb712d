import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internetChecksum, ipv4Bytes, ipv4TcpPacket, type TcpSegment } from '../../server/src/core/pcap/ipv4-tcp';
import { LINKTYPE_RAW, pcapngFile } from '../../server/src/core/pcap/pcapng-file';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The receiver's check, written independently of the code under test: the 16-bit sum including the checksum folds to 0xffff. */
function verifies(...chunks: Uint8Array[]): boolean {
  const all = Buffer.concat(chunks);
  let sum = 0;
  for (let i = 0; i < all.length; i += 2) sum += all.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum === 0xffff;
}

function pseudoHeader(packet: Uint8Array): Uint8Array {
  const p = Buffer.alloc(12);
  Buffer.from(packet.subarray(12, 20)).copy(p, 0);
  p[9] = 6;
  p.writeUInt16BE(packet.length - 20, 10);
  return p;
}

/**
 * Known-good packets: written once by ipv4TcpPacket and accepted by Wireshark 4.0
 * (`tshark -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE` reports both checksums good).
 * IP checksum at bytes 10-11, TCP checksum at 36-37.
 */
const KNOWN: readonly { seg: TcpSegment; bytes: string; ipSum: number; tcpSum: number }[] = [
  {
    seg: { src: { ip: '10.0.1.102', port: 40312 }, dst: { ip: '10.0.101.10', port: 443 }, flags: ['SYN'], seq: 1_000_000, ack: 0 },
    bytes: '4500002c 00004000 4006c05c 0a000166 0a00650a 9d7801bb 000f4240 00000000 6002faf0 41430000 020405b4',
    ipSum: 0xc05c,
    tcpSum: 0x4143,
  },
  {
    seg: { src: { ip: '10.0.1.101', port: 8443 }, dst: { ip: '10.0.1.1', port: 40312 }, flags: ['SYN', 'ACK'], seq: 5_000_000, ack: 1_000_001 },
    bytes: '4500002c 00004000 40062467 0a000165 0a000101 20fb9d78 004c4b40 000f4241 6012faf0 3a700000 020405b4',
    ipSum: 0x2467,
    tcpSum: 0x3a70,
  },
  {
    seg: { src: { ip: '192.168.0.1', port: 51000 }, dst: { ip: '172.16.254.3', port: 31380 }, flags: ['RST'], seq: 5_000_001, ack: 0 },
    bytes: '45000028 00004000 4006d012 c0a80001 ac10fe03 c7387a94 004c4b41 00000000 50040000 b7c80000',
    ipSum: 0xd012,
    tcpSum: 0xb7c8,
  },
  {
    seg: { src: { ip: '10.0.1.250', port: 40312 }, dst: { ip: '10.0.1.1', port: 31380 }, flags: ['ACK'], seq: 4_294_967_295, ack: 5_000_001 },
    bytes: '45000028 00004000 400623d6 0a0001fa 0a000101 9d787a94 ffffffff 004c4b41 501001f6 334a0000',
    ipSum: 0x23d6,
    tcpSum: 0x334a,
  },
];

describe('internet checksum (RFC 1071)', () => {
  it('matches published examples', () => {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
    assert.equal(internetChecksum(hex('0001f203f4f5f6f7')), 0x220d);
    // The IPv4 header example on Wikipedia's "Internet checksum" page, checksum field zeroed: b861.
    assert.equal(internetChecksum(hex('45000073 00004000 40110000 c0a80001 c0a800c7')), 0xb861);
  });

  it('pads an odd last byte with zero, and chunks sum as one buffer', () => {
    assert.equal(internetChecksum(hex('0001f203f4')), internetChecksum(hex('0001f203f400')));
    assert.equal(internetChecksum(hex('0001f203'), hex('f4f5f6f7')), 0x220d);
  });
});

describe('IPv4 + TCP packets', () => {
  for (const k of KNOWN) {
    it(`${k.seg.flags.join('+')} ${k.seg.src.ip}:${k.seg.src.port} > ${k.seg.dst.ip}:${k.seg.dst.port} equals the Wireshark-checked bytes`, () => {
      const p = ipv4TcpPacket(k.seg);
      assert.equal(toHex(p), k.bytes.replace(/\s+/g, ''));
      const v = Buffer.from(p);
      assert.equal(v.readUInt16BE(10), k.ipSum);
      assert.equal(v.readUInt16BE(36), k.tcpSum);
      assert.ok(verifies(p.subarray(0, 20)), 'IPv4 header checksum verifies');
      assert.ok(verifies(pseudoHeader(p), p.subarray(20)), 'TCP checksum over the pseudo-header verifies');
    });
  }

  it('lays out the fields: addresses, ports, sequence numbers, flags, ACK number only with ACK, MSS option only on SYNs', () => {
    const segs: TcpSegment[] = [
      { src: { ip: '1.2.3.4', port: 1 }, dst: { ip: '255.254.253.252', port: 65535 }, flags: ['SYN'], seq: 7, ack: 99 },
      { src: { ip: '10.0.0.1', port: 40312 }, dst: { ip: '10.0.0.2', port: 80 }, flags: ['RST'], seq: 2 ** 32 - 1, ack: 5 },
      { src: { ip: '10.9.8.7', port: 443 }, dst: { ip: '10.0.0.2', port: 1024 }, flags: ['ACK', 'PSH', 'FIN'], seq: 0, ack: 12345 },
    ];
    for (const s of segs) {
      const v = Buffer.from(ipv4TcpPacket(s));
      const syn = s.flags.includes('SYN');
      assert.equal(v.length, syn ? 44 : 40);
      assert.equal(v.readUInt16BE(2), v.length, 'IP total length');
      assert.equal(v[9], 6, 'protocol TCP');
      assert.deepEqual([...v.subarray(12, 16)], [...ipv4Bytes(s.src.ip)]);
      assert.deepEqual([...v.subarray(16, 20)], [...ipv4Bytes(s.dst.ip)]);
      assert.deepEqual([v.readUInt16BE(20), v.readUInt16BE(22), v.readUInt32BE(24)], [s.src.port, s.dst.port, s.seq]);
      assert.equal(v.readUInt32BE(28), s.flags.includes('ACK') ? s.ack : 0);
      assert.equal(v[32]! >> 4, syn ? 6 : 5, 'data offset in words');
      assert.equal(v[33], (s.flags.includes('FIN') ? 1 : 0) | (syn ? 2 : 0) | (s.flags.includes('RST') ? 4 : 0) | (s.flags.includes('PSH') ? 8 : 0) | (s.flags.includes('ACK') ? 16 : 0));
      if (syn) assert.deepEqual([...v.subarray(40, 44)], [2, 4, 0x05, 0xb4], 'MSS 1460');
      assert.ok(verifies(v.subarray(0, 20)) && verifies(pseudoHeader(v), v.subarray(20)));
    }
  });

  it('refuses what is not a dotted IPv4 address', () => {
    for (const bad of ['10.0.1', '10.0.1.256', 'fe80::1', 'a.b.c.d']) assert.throws(() => ipv4Bytes(bad), /not an IPv4 address/);
  });
});

interface Block {
  type: number;
  body: Buffer;
}

/** Walks pcapng blocks, checking that each block's two length fields agree and are 32-bit aligned. */
function blocks(file: Uint8Array): Block[] {
  const b = Buffer.from(file);
  const out: Block[] = [];
  for (let at = 0; at < b.length; ) {
    const type = b.readUInt32LE(at);
    const length = b.readUInt32LE(at + 4);
    assert.equal(length % 4, 0, 'block length is a multiple of 4');
    assert.equal(b.readUInt32LE(at + length - 4), length, 'trailing block length');
    out.push({ type, body: b.subarray(at + 8, at + length - 4) });
    at += length;
  }
  return out;
}

/** Options as [code, UTF-8 value]; stops at opt_endofopt. */
function readOptions(b: Buffer): [number, string][] {
  const out: [number, string][] = [];
  for (let at = 0; at + 4 <= b.length; ) {
    const code = b.readUInt16LE(at);
    const len = b.readUInt16LE(at + 2);
    if (code === 0) break;
    out.push([code, b.subarray(at + 4, at + 4 + len).toString('utf8')]);
    at += 4 + ((len + 3) & ~3);
  }
  return out;
}

describe('pcapng file layout', () => {
  const packets = KNOWN.map((k) => ipv4TcpPacket(k.seg));
  const file = pcapngFile('Hairpin test', [{ name: 'client' }, { name: 'host:n1', description: 'S1 pod@n1: host:n1' }], [
    { interface: 0, timeMicros: 1_767_225_600_000_000, data: packets[0]!, comment: 'client sends SYN' },
    { interface: 1, timeMicros: 1_767_225_601_000_010, data: packets[2]! },
    { interface: 1, timeMicros: 2 ** 32 + 5, data: packets[1]!, comment: 'é ünïcode, odd length' },
  ]);

  it('starts with a little-endian Section Header Block naming the application', () => {
    const [shb] = blocks(file);
    assert.equal(shb!.type, 0x0a0d0d0a);
    assert.equal(shb!.body.readUInt32LE(0), 0x1a2b3c4d, 'byte-order magic');
    assert.deepEqual([shb!.body.readUInt16LE(4), shb!.body.readUInt16LE(6)], [1, 0], 'version 1.0');
    assert.equal(shb!.body.readBigInt64LE(8), -1n, 'section length unspecified');
    assert.deepEqual(readOptions(shb!.body.subarray(16)), [[4, 'Hairpin test']]);
  });

  it('describes each capture point as an interface with LINKTYPE_RAW, a name and an optional description', () => {
    const idbs = blocks(file).filter((b) => b.type === 1);
    assert.equal(idbs.length, 2);
    for (const idb of idbs) assert.equal(idb.body.readUInt16LE(0), LINKTYPE_RAW);
    assert.deepEqual(readOptions(idbs[0]!.body.subarray(8)), [[2, 'client']]);
    assert.deepEqual(readOptions(idbs[1]!.body.subarray(8)), [[2, 'host:n1'], [3, 'S1 pod@n1: host:n1']]);
  });

  it('writes each packet as an Enhanced Packet Block: interface, 64-bit microsecond timestamp, lengths, padded data, comment', () => {
    const epbs = blocks(file).filter((b) => b.type === 6);
    assert.equal(epbs.length, 3);
    const expected = [
      { iface: 0, micros: 1_767_225_600_000_000n, data: packets[0]!, comment: [[1, 'client sends SYN']] },
      { iface: 1, micros: 1_767_225_601_000_010n, data: packets[2]!, comment: [] },
      { iface: 1, micros: 2n ** 32n + 5n, data: packets[1]!, comment: [[1, 'é ünïcode, odd length']] },
    ];
    epbs.forEach((e, i) => {
      const x = expected[i]!;
      assert.equal(e.body.readUInt32LE(0), x.iface);
      assert.equal((BigInt(e.body.readUInt32LE(4)) << 32n) | BigInt(e.body.readUInt32LE(8)), x.micros);
      assert.equal(e.body.readUInt32LE(12), x.data.length, 'captured length');
      assert.equal(e.body.readUInt32LE(16), x.data.length, 'original length');
      assert.equal(toHex(e.body.subarray(20, 20 + x.data.length)), toHex(x.data));
      assert.deepEqual(readOptions(e.body.subarray(20 + ((x.data.length + 3) & ~3))), x.comment);
    });
  });

  it('is the same bytes every time, and refuses a record for an interface it does not describe', () => {
    const again = pcapngFile('Hairpin test', [{ name: 'a' }], [{ interface: 0, timeMicros: 5, data: packets[0]! }]);
    assert.equal(toHex(again), toHex(pcapngFile('Hairpin test', [{ name: 'a' }], [{ interface: 0, timeMicros: 5, data: packets[0]! }])));
    assert.throws(() => pcapngFile('x', [{ name: 'a' }], [{ interface: 1, timeMicros: 0, data: packets[0]! }]), /interface 1/);
  });
});
