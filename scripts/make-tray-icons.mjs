// Draws the tray icons (resources/tray/): the app's pulse glyph for idle, active and alert, at 16, 24 and
// 32 px plus @2x, for light and dark menu bars. Run `node scripts/make-tray-icons.mjs`; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng, pulse, segDist } from './make-icons.mjs';

/** Glyph colours: `light` is for light menu bars (a dark glyph), `dark` for dark ones. */
const palette = {
  light: { idle: [28, 34, 48, 150], active: [67, 67, 200, 255], dot: [214, 48, 49, 255] },
  dark: { idle: [230, 232, 238, 170], active: [150, 150, 255, 255], dot: [255, 92, 84, 255] },
};

// The app icon's pulse spans 0.16–0.84 inside a tile; a tray glyph has no tile, so it is widened to the edges.
const glyph = pulse.map(([x, y]) => [0.5 + (x - 0.5) * 1.3, 0.5 + (y - 0.5) * 1.25]);

export function drawTrayIcon(size, state, variant) {
  const colours = palette[variant];
  const line = state === 'idle' ? colours.idle : colours.active;
  // Thicker strokes on small icons, or the line disappears at 16 px.
  const stroke = Math.max(1.6 / size, 0.085);
  const dot = { x: 0.78, y: 0.22, r: 0.2, gap: 0.08 };
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let d = Infinity;
      for (let i = 0; i < glyph.length - 1; i++) d = Math.min(d, segDist(u, v, glyph[i], glyph[i + 1]));
      let lineAlpha = Math.max(0, Math.min(1, 0.5 - (d - stroke / 2) * size));
      let rgba = [line[0], line[1], line[2], (line[3] / 255) * lineAlpha];
      if (state === 'alert') {
        const dd = Math.hypot(u - dot.x, v - dot.y);
        // A clear ring around the dot keeps it apart from the line at 16 px.
        const ring = Math.max(0, Math.min(1, 0.5 - (dd - dot.r - dot.gap) * size));
        rgba[3] *= 1 - ring;
        const dotAlpha = Math.max(0, Math.min(1, 0.5 - (dd - dot.r) * size));
        if (dotAlpha > 0) {
          const a = dotAlpha + rgba[3] * (1 - dotAlpha);
          rgba = [0, 1, 2].map((c) => (colours.dot[c] * dotAlpha + rgba[c] * rgba[3] * (1 - dotAlpha)) / (a || 1));
          rgba.push(a);
        }
      }
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(rgba[c]);
      px[i + 3] = Math.round(255 * rgba[3]);
    }
  }
  return encodePng(size, px);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync('resources/tray', { recursive: true });
  let n = 0;
  for (const state of ['idle', 'active', 'alert']) {
    for (const variant of ['light', 'dark']) {
      for (const size of [16, 24, 32]) {
        writeFileSync(`resources/tray/${state}-${variant}-${size}.png`, drawTrayIcon(size, state, variant));
        writeFileSync(`resources/tray/${state}-${variant}-${size}@2x.png`, drawTrayIcon(size * 2, state, variant));
        n += 2;
      }
    }
  }
  console.log(`wrote ${n} icons to resources/tray/`);
}
