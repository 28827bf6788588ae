// Draws the app icon (resources/icon.png, 512 px) with no image tools: a rounded tile and a pulse line.
// Run `node scripts/make-icons.mjs` after changing the drawing; the PNGs are committed. The tray icons
// (scripts/make-tray-icons.mjs) reuse the encoder and the pulse from here.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

/** Encodes RGBA pixels as a PNG. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from a point to a segment, all in unit coordinates (the drawings are signed-distance fields). */
export const segDist = (px, py, [ax, ay], [bx, by]) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
};

/** The pulse line across the tile, in unit coordinates. */
export const pulse = [
  [0.16, 0.56],
  [0.36, 0.56],
  [0.44, 0.3],
  [0.56, 0.76],
  [0.64, 0.48],
  [0.84, 0.48],
];

export function drawIcon(size, { tile = [91, 91, 214], line = [255, 255, 255] } = {}) {
  const px = Buffer.alloc(size * size * 4);
  const radius = 0.22;
  const half = 0.46;
  const stroke = 0.055;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      // Signed distance to a rounded square centred in the tile.
      const qx = Math.abs(u - 0.5) - (half - radius);
      const qy = Math.abs(v - 0.5) - (half - radius);
      const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
      const tileAlpha = Math.max(0, Math.min(1, 0.5 - outside * size));
      let d = Infinity;
      for (let i = 0; i < pulse.length - 1; i++) d = Math.min(d, segDist(u, v, pulse[i], pulse[i + 1]));
      const lineAlpha = Math.max(0, Math.min(1, 0.5 - (d - stroke / 2) * size));
      const shade = 1 - 0.25 * v; // a soft top-to-bottom gradient
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(tile[c] * shade * (1 - lineAlpha) + line[c] * lineAlpha);
      px[i + 3] = Math.round(255 * tileAlpha);
    }
  }
  return encodePng(size, px);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync('resources', { recursive: true });
  writeFileSync('resources/icon.png', drawIcon(512));
  console.log('wrote resources/icon.png');
}
