#!/usr/bin/env node
// Writes public/icon-192.png and icon-512.png: the app's icon (a white maple-like star on 枫桥 red)
// drawn without any image library — a plain RGBA raster, PNG-encoded with zlib. Run by hand after
// changing the shape; the PNGs are committed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public");
// The same polygon as icon.svg, in a 64 × 64 box.
const POLY = [
  [32, 10],
  [36, 24],
  [50, 20],
  [40, 31],
  [52, 40],
  [37, 38],
  [32, 54],
  [27, 38],
  [12, 40],
  [24, 31],
  [14, 20],
  [28, 24],
];

function inside(x, y) {
  let hit = false;
  for (let i = 0, j = POLY.length - 1; i < POLY.length; j = i++) {
    const [xi, yi] = POLY[i];
    const [xj, yj] = POLY[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const rows = [];
  const k = 64 / size;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // 2 × 2 supersampling: smooth enough edges at 192 px.
      let white = 0;
      for (const [dx, dy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ]) {
        if (inside((x + dx) * k, (y + dy) * k)) white++;
      }
      const a = white / 4;
      const o = 1 + x * 4;
      row[o] = Math.round(0xc0 + (255 - 0xc0) * a);
      row[o + 1] = Math.round(0x39 + (255 - 0x39) * a);
      row[o + 2] = Math.round(0x2b + (255 - 0x2b) * a);
      row[o + 3] = 255;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) writeFileSync(path.join(OUT, `icon-${size}.png`), png(size));
