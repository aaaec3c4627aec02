// A line chart written as PNG with nothing but node's zlib: the benchmark's figure of time against N.
// A 5x7 bitmap font covers the digits, lowercase letters and the few capitals and signs the labels use.
import * as zlib from 'zlib';

export interface Series {
  readonly name: string;
  /** RGB */
  readonly color: [number, number, number];
  readonly points: [number, number][];
}

const GLYPHS: { [c: string]: string[] } = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  'a': ['00000', '00000', '01110', '00001', '01111', '10001', '01111'],
  'b': ['10000', '10000', '10110', '11001', '10001', '10001', '11110'],
  'c': ['00000', '00000', '01110', '10000', '10000', '10001', '01110'],
  'd': ['00001', '00001', '01101', '10011', '10001', '10001', '01111'],
  'e': ['00000', '00000', '01110', '10001', '11111', '10000', '01110'],
  'f': ['00110', '01001', '01000', '11100', '01000', '01000', '01000'],
  'g': ['00000', '01111', '10001', '10001', '01111', '00001', '01110'],
  'h': ['10000', '10000', '10110', '11001', '10001', '10001', '10001'],
  'i': ['00100', '00000', '01100', '00100', '00100', '00100', '01110'],
  'j': ['00010', '00000', '00110', '00010', '00010', '10010', '01100'],
  'k': ['10000', '10000', '10010', '10100', '11000', '10100', '10010'],
  'l': ['01100', '00100', '00100', '00100', '00100', '00100', '01110'],
  'm': ['00000', '00000', '11010', '10101', '10101', '10001', '10001'],
  'n': ['00000', '00000', '10110', '11001', '10001', '10001', '10001'],
  'o': ['00000', '00000', '01110', '10001', '10001', '10001', '01110'],
  'p': ['00000', '00000', '11110', '10001', '11110', '10000', '10000'],
  'q': ['00000', '00000', '01101', '10011', '01111', '00001', '00001'],
  'r': ['00000', '00000', '10110', '11001', '10000', '10000', '10000'],
  's': ['00000', '00000', '01110', '10000', '01110', '00001', '11110'],
  't': ['01000', '01000', '11100', '01000', '01000', '01001', '00110'],
  'u': ['00000', '00000', '10001', '10001', '10001', '10011', '01101'],
  'v': ['00000', '00000', '10001', '10001', '10001', '01010', '00100'],
  'w': ['00000', '00000', '10001', '10001', '10101', '10101', '01010'],
  'x': ['00000', '00000', '10001', '01010', '00100', '01010', '10001'],
  'y': ['00000', '00000', '10001', '10001', '01111', '00001', '01110'],
  'z': ['00000', '00000', '11111', '00010', '00100', '01000', '11111'],
  'A': ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  'D': ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  'N': ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
  'O': ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  'P': ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  'Y': ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
  '(': ['00010', '00100', '01000', '01000', '01000', '00100', '00010'],
  ')': ['01000', '00100', '00010', '00010', '00010', '00100', '01000'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  '.': ['00000', '00000', '00000', '00000', '00000', '01100', '01100'],
  ',': ['00000', '00000', '00000', '00000', '01100', '00100', '01000'],
  '/': ['00001', '00010', '00010', '00100', '01000', '01000', '10000'],
  '=': ['00000', '00000', '11111', '00000', '11111', '00000', '00000'],
  ':': ['00000', '01100', '01100', '00000', '01100', '01100', '00000'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

class Canvas {
  private readonly pixels: Buffer;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = Buffer.alloc(width * height * 3, 255);
  }

  dot(x: number, y: number, [r, g, b]: [number, number, number]): void {
    x = Math.round(x); y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) { return; }
    const i = (y * this.width + x) * 3;
    this.pixels[i] = r; this.pixels[i + 1] = g; this.pixels[i + 2] = b;
  }

  /** A line `thickness` pixels wide (Bresenham, with a square pen). */
  line(x0: number, y0: number, x1: number, y1: number, color: [number, number, number], thickness = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    const r = Math.floor(thickness / 2);
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -r; dx <= r; dx++) { for (let dy = -r; dy <= r; dy++) { this.dot(x + dx, y + dy, color); } }
    }
  }

  /** Text at 2x scale; `anchor` right aligns at x. Characters without a glyph are left blank. */
  text(x: number, y: number, s: string, color: [number, number, number] = [0, 0, 0], anchor: 'left' | 'right' | 'center' = 'left'): void {
    const scale = 2;
    const w = s.length * 6 * scale;
    let cx = anchor === 'left' ? x : anchor === 'right' ? x - w : x - w / 2;
    for (const c of s) {
      const glyph = GLYPHS[c] ?? GLYPHS[c.toLowerCase()] ?? GLYPHS[' '];
      glyph.forEach((row, gy) => [...row].forEach((bit, gx) => {
        if (bit === '1') {
          for (let i = 0; i < scale; i++) { for (let j = 0; j < scale; j++) { this.dot(cx + gx * scale + i, y + gy * scale + j, color); } }
        }
      }));
      cx += 6 * scale;
    }
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * (this.width * 3 + 1)] = 0; // filter: none
      this.pixels.copy(raw, y * (this.width * 3 + 1) + 1, y * this.width * 3, (y + 1) * this.width * 3);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.writeUInt8(8, 8); // bit depth
    header.writeUInt8(2, 9); // RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((zlib as unknown as { crc32(data: Buffer): number }).crc32(body)); // node 20.15 and later, not yet in @types/node
  return Buffer.concat([length, body, crc]);
}

/** A round step for about `count` ticks over [0, max]. */
function tickStep(max: number, count: number): number {
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * p).find(s => s >= raw) ?? 10 * p;
}

/** Time (y) against N (x) for each series, from 0, with ticks, a grid and a legend; returns the PNG bytes. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): Buffer {
  const W = 900; const H = 560;
  const left = 90; const right = 30; const top = 60; const bottom = 70;
  const c = new Canvas(W, H);
  const xMax = Math.max(...series.flatMap(s => s.points.map(p => p[0])));
  const yMaxData = Math.max(...series.flatMap(s => s.points.map(p => p[1])));
  const xStep = tickStep(xMax, 8); const yStep = tickStep(yMaxData, 6);
  const yMax = Math.ceil(yMaxData / yStep) * yStep;
  const X = (x: number) => left + (x / xMax) * (W - left - right);
  const Y = (y: number) => H - bottom - (y / yMax) * (H - top - bottom);
  const grey: [number, number, number] = [225, 225, 225];
  for (let y = 0; y <= yMax + 1e-9; y += yStep) {
    c.line(left, Y(y), W - right, Y(y), grey);
    c.text(left - 8, Y(y) - 7, String(Math.round(y)), [0, 0, 0], 'right');
  }
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    c.line(X(x), top, X(x), H - bottom, grey);
    c.text(X(x), H - bottom + 10, String(Math.round(x)), [0, 0, 0], 'center');
  }
  c.line(left, H - bottom, W - right, H - bottom, [0, 0, 0], 2);
  c.line(left, top, left, H - bottom, [0, 0, 0], 2);
  c.text(W / 2, 18, title, [0, 0, 0], 'center');
  c.text(W / 2, H - 28, xLabel, [0, 0, 0], 'center');
  c.text(10, top - 30, yLabel);
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    pts.forEach((p, j) => {
      if (j > 0) { c.line(X(pts[j - 1][0]), Y(pts[j - 1][1]), X(p[0]), Y(p[1]), s.color, 3); }
      for (let dx = -4; dx <= 4; dx++) { for (let dy = -4; dy <= 4; dy++) { c.dot(X(p[0]) + dx, Y(p[1]) + dy, s.color); } }
    });
    const ly = top + 10 + i * 24;
    c.line(left + 20, ly + 7, left + 50, ly + 7, s.color, 3);
    c.text(left + 60, ly, s.name);
  });
  return c.png();
}
