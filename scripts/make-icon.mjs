// Writes media/icon.png (128x128 RGBA): a hairpin turn (a packet's path that comes back on itself) on a
// dark tile. Drawn from distance fields, 4x4 supersampled, and encoded with node's zlib: no dependency.
//   node scripts/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const BG = [0x1f, 0x2a, 0x36];
const FG = [0xff, 0x99, 0x00];
const RED = [0xe5, 0x48, 0x4d];

const segment = (px, py, ax, ay, bx, by) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
};
/** Coverage of each shape at a point: the tile (rounded square), the hairpin stroke, its arrowhead, the break mark. */
function shade(x, y) {
  const r = 22, inset = 4;
  const qx = Math.max(Math.abs(x - 64) - (64 - inset - r), 0), qy = Math.max(Math.abs(y - 64) - (64 - inset - r), 0);
  const tile = Math.hypot(qx, qy) <= r;
  if (!tile) return null;
  // The hairpin: down the left leg, a half circle at the bottom, up the right leg.
  const cx = 64, cy = 78, R = 22, w = 7;
  let d = Math.min(segment(x, y, cx - R, 26, cx - R, cy), segment(x, y, cx + R, 36, cx + R, cy));
  if (y >= cy) d = Math.min(d, Math.abs(Math.hypot(x - cx, y - cy) - R));
  // Arrowhead pointing up on the right leg.
  const ax = cx + R, ay = 24;
  const inHead = y >= ay && y <= ay + 18 && Math.abs(x - ax) <= (y - ay) * 0.75;
  // A short red bar across the left leg's top: the reset.
  const bar = Math.abs(y - 30) <= 3.5 && Math.abs(x - (cx - R)) <= 14;
  if (bar) return RED;
  if (d <= w || inHead) return FG;
  return BG;
}

const N = 4;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < N; sy++) for (let sx = 0; sx < N; sx++) {
      const c = shade(x + (sx + 0.5) / N, y + (sy + 0.5) / N);
      if (!c) continue;
      r += c[0]; g += c[1]; b += c[2]; a++;
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = a ? r / a : 0; raw[o + 1] = a ? g / a : 0; raw[o + 2] = a ? b / a : 0; raw[o + 3] = Math.round((a / (N * N)) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = process.argv[2] ?? fileURLToPath(new URL('../media/icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
