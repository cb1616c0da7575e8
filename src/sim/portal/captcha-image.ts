// Draws a 5-digit captcha the way the platform's reads to a person: dark, clearly formed digits
// (a stroke font, anti-aliased, each digit slightly turned and shifted) over a light background
// crossed by thin noise lines and dots in light, different hues. The noise is drawn first and the
// digits over it, and no noise colour is ever dark: noise can never add or hide a digit's stroke,
// so a 0 never turns into an 8 and a 3 never into a 5 (issue 16).
import { createRaster, encodePng, setPixel } from './png.ts';
import type { Raster, Rgb } from './png.ts';

// The platform's size is not recorded anywhere we know of; 160×50 is a typical platform captcha
// and is what the simulated pages declare on their <img width height>.
export const CAPTCHA_WIDTH = 160;
export const CAPTCHA_HEIGHT = 50;

/** The digits' inks: dark, so they stand out from every noise colour. */
export const CAPTCHA_INKS: readonly Rgb[] = [
  [24, 36, 110],
  [110, 22, 34],
  [18, 78, 40],
  [64, 28, 100],
  [34, 34, 34],
];
export const CAPTCHA_BACKGROUND: Rgb = [240, 243, 234];
/** Every noise colour is at least this light (Rec. 601 luma), far from every ink. */
export const NOISE_MIN_LUMA = 160;

export type RandomInt = (maxExclusive: number) => number;

/** Which layers to paint; tests draw one without the other to measure them apart. */
export interface CaptchaLayers {
  readonly noise: boolean;
  readonly digits: boolean;
}

type Point = readonly [number, number];
type Stroke = readonly Point[];

// Glyphs live in a 10 × 16 box, y down; each is a few strokes (polylines), arcs as many points.
const BOX_W = 10;
const BOX_H = 16;
/** Pixels per glyph unit: a glyph is 28 px tall, 17.5 px wide. */
const UNIT = 1.75;
/** Stroke width in glyph units (≈ 3 px). */
const STROKE = 1.75;
/** Horizontal room per digit; wide enough that turned, shifted digits never touch. */
const CELL = 29;
const MAX_TURN_DEGREES = 10;
const SUPERSAMPLE = 3;

/** Points along an ellipse arc, angles in degrees counter-clockwise from 3 o'clock (y is down). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Point[] {
  const steps = Math.max(4, Math.ceil(Math.abs(to - from) / 12));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(t), cy - ry * Math.sin(t)] as const;
  });
}

const SIX: readonly Stroke[] = [
  arc(5, 11.3, 4.3, 4.2, 0, 360),
  [[0.7, 11.3], ...arc(6.2, 9.3, 5.5, 8.3, 180, 62)],
];

const GLYPHS: Readonly<Record<string, readonly Stroke[]>> = {
  '0': [arc(5, 8, 4.3, 7.3, 0, 360)],
  '1': [[[2.2, 3.4], [5.6, 0.7], [5.6, 15.3]], [[2.4, 15.3], [8.8, 15.3]]],
  '2': [[...arc(5, 4.8, 4.2, 4.1, 160, -32), [0.8, 15.3], [9.4, 15.3]]],
  '3': [[...arc(5, 4.3, 4, 3.6, 150, -90), ...arc(5, 11.5, 4.4, 3.8, 90, -152)]],
  '4': [[[7, 15.3], [7, 0.7], [0.6, 10.8], [9.6, 10.8]]],
  '5': [[[9, 0.7], [1.4, 0.7], [1.2, 7.2], ...arc(4.9, 10.6, 4.5, 4.7, 138, -150)]],
  '6': SIX,
  '7': [[[0.6, 0.7], [9.4, 0.7], [3.8, 15.3]]],
  '8': [arc(5, 4.2, 3.6, 3.5, 0, 360), arc(5, 11.6, 4.3, 3.8, 0, 360)],
  // A 6 turned half round.
  '9': SIX.map((stroke) => stroke.map(([x, y]) => [BOX_W - x, BOX_H - y] as const)),
};

interface Placement {
  readonly digit: string;
  readonly ink: Rgb;
  /** Centre of the glyph in pixels. */
  readonly cx: number;
  readonly cy: number;
  readonly cos: number;
  readonly sin: number;
  /** Pixels per glyph unit. */
  readonly scale: number;
}

export function drawCaptcha(digits: string, randomInt: RandomInt, layers: CaptchaLayers = { noise: true, digits: true }): Buffer {
  // Placements take their random numbers first, so a picture without noise has the same digits.
  const placements = place(digits, randomInt);
  const raster = createRaster(CAPTCHA_WIDTH, CAPTCHA_HEIGHT, CAPTCHA_BACKGROUND);
  if (layers.noise) addNoise(raster, randomInt);
  if (layers.digits) for (const placement of placements) drawGlyph(raster, placement);
  return encodePng(raster);
}

function place(digits: string, randomInt: RandomInt): Placement[] {
  const left = (CAPTCHA_WIDTH - CELL * digits.length) / 2;
  return [...digits].map((digit, i) => {
    const scale = UNIT * (0.94 + randomInt(9) / 100);
    const turn = ((randomInt(2 * MAX_TURN_DEGREES + 1) - MAX_TURN_DEGREES) * Math.PI) / 180;
    return {
      digit,
      ink: CAPTCHA_INKS[randomInt(CAPTCHA_INKS.length)] ?? [0, 0, 0],
      cx: left + CELL * (i + 0.5) + randomInt(5) - 2,
      cy: CAPTCHA_HEIGHT / 2 + randomInt(7) - 3,
      cos: Math.cos(turn),
      sin: Math.sin(turn),
      scale,
    };
  });
}

/** Anti-aliased strokes: each pixel is inked by the share of its sub-samples near a stroke. */
function drawGlyph(raster: Raster, p: Placement): void {
  const segments = (GLYPHS[p.digit] ?? []).flatMap((stroke) => {
    const points = stroke.map(([x, y]) => toPixels(p, x, y));
    return points.slice(1).map((end, i) => segment(points[i] ?? end, end));
  });
  const half = (STROKE / 2) * p.scale;
  const reach = half + 1;
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  const top = Math.max(0, Math.floor(Math.min(...segments.map((s) => s.minY)) - reach));
  const bottom = Math.min(raster.height - 1, Math.ceil(Math.max(...segments.map((s) => s.maxY)) + reach));
  const left = Math.max(0, Math.floor(Math.min(...segments.map((s) => s.minX)) - reach));
  const right = Math.min(raster.width - 1, Math.ceil(Math.max(...segments.map((s) => s.maxX)) + reach));
  for (let py = top; py <= bottom; py++) {
    for (let px = left; px <= right; px++) {
      const near = segments.filter((s) => px + 1 >= s.minX - half && px <= s.maxX + half && py + 1 >= s.minY - half && py <= s.maxY + half);
      if (near.length === 0) continue;
      let inside = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = px + (sx + 0.5) / SUPERSAMPLE;
          const y = py + (sy + 0.5) / SUPERSAMPLE;
          if (near.some((s) => distanceToSegment(x, y, s) <= half)) inside += 1;
        }
      }
      if (inside > 0) blend(raster, px, py, p.ink, inside / samples);
    }
  }
}

interface Segment {
  readonly ax: number;
  readonly ay: number;
  readonly vx: number;
  readonly vy: number;
  readonly length2: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

function segment([ax, ay]: Point, [bx, by]: Point): Segment {
  const vx = bx - ax;
  const vy = by - ay;
  return { ax, ay, vx, vy, length2: vx * vx + vy * vy, minX: Math.min(ax, bx), maxX: Math.max(ax, bx), minY: Math.min(ay, by), maxY: Math.max(ay, by) };
}

/** A glyph point in pixels: scaled, turned about the glyph's centre, and moved into place. */
function toPixels(p: Placement, x: number, y: number): Point {
  const dx = (x - BOX_W / 2) * p.scale;
  const dy = (y - BOX_H / 2) * p.scale;
  return [p.cx + dx * p.cos - dy * p.sin, p.cy + dx * p.sin + dy * p.cos];
}

function distanceToSegment(x: number, y: number, s: Segment): number {
  const t = s.length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - s.ax) * s.vx + (y - s.ay) * s.vy) / s.length2));
  return Math.hypot(x - s.ax - t * s.vx, y - s.ay - t * s.vy);
}

function blend(raster: Raster, x: number, y: number, ink: Rgb, coverage: number): void {
  const at = (y * raster.width + x) * 3;
  const under = raster.pixels.subarray(at, at + 3);
  const mix = (c: 0 | 1 | 2): number => Math.round((under[c] ?? 0) * (1 - coverage) + ink[c] * coverage);
  setPixel(raster, x, y, [mix(0), mix(1), mix(2)]);
}

/** A light colour of any hue: lightness from 72 %, saturation 35–75 %, raised until it is light enough. */
function noiseColour(randomInt: RandomInt): Rgb {
  const hue = randomInt(360);
  const saturation = 0.35 + randomInt(41) / 100;
  let lightness = 0.72 + randomInt(15) / 100;
  let colour = hslToRgb(hue, saturation, lightness);
  // Blues and purples look light at a luma that is still too dark: lift them.
  while (luma(colour) < NOISE_MIN_LUMA) {
    lightness += 0.02;
    colour = hslToRgb(hue, saturation, lightness);
  }
  return colour;
}

function luma([r, g, b]: Rgb): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

function hslToRgb(hue: number, s: number, l: number): Rgb {
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  const h = hue / 60;
  const x = chroma * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] = h < 1 ? [chroma, x, 0] : h < 2 ? [x, chroma, 0] : h < 3 ? [0, chroma, x] : h < 4 ? [0, x, chroma] : h < 5 ? [x, 0, chroma] : [chroma, 0, x];
  const m = l - chroma / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

function addNoise(raster: Raster, randomInt: RandomInt): void {
  for (let i = 0; i < 220; i++) setPixel(raster, randomInt(raster.width), randomInt(raster.height), noiseColour(randomInt));
  for (let i = 0; i < 5; i++) addLine(raster, randomInt);
  for (let i = 0; i < 2; i++) addCurve(raster, randomInt);
}

/** A thin (1 px) straight line across most of the picture. */
function addLine(raster: Raster, randomInt: RandomInt): void {
  const colour = noiseColour(randomInt);
  const x0 = randomInt(30);
  const x1 = raster.width - 1 - randomInt(30);
  const y0 = randomInt(raster.height);
  const y1 = randomInt(raster.height);
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  for (let s = 0; s <= steps; s++) setPixel(raster, Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), colour);
}

/** A thin (1 px) gentle wave across the picture. */
function addCurve(raster: Raster, randomInt: RandomInt): void {
  const colour = noiseColour(randomInt);
  const middle = 10 + randomInt(raster.height - 20);
  const amplitude = 4 + randomInt(10);
  const period = 60 + randomInt(80);
  const phase = randomInt(360);
  let previous: number | null = null;
  for (let x = 0; x < raster.width; x++) {
    const y = Math.round(middle + amplitude * Math.sin(((x * 360) / period + phase) * (Math.PI / 180)));
    // Fill the vertical gap between neighbours so the curve stays one connected thin line.
    const from = previous === null ? y : Math.min(previous, y);
    const to = previous === null ? y : Math.max(previous, y);
    for (let yy = from; yy <= to; yy++) setPixel(raster, x, yy, colour);
    previous = y;
  }
}
