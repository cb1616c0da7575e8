// Draws a 5-digit captcha: a 5x7 bitmap font scaled up, jittered, crossed by noise lines and dots.
// Readable by a person looking at a screenshot, which is all the owner-in-the-loop flow needs.
import { createRaster, encodePng, setPixel } from './png.ts';
import type { Raster, Rgb } from './png.ts';

export const CAPTCHA_WIDTH = 160;
export const CAPTCHA_HEIGHT = 50;

// 5 columns x 7 rows per digit; '#' is ink.
const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '# #  ', '  #  ', '  #  ', '  #  ', '#####'],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
};

const SCALE = 4;
const CELL = 28;
const INKS: readonly Rgb[] = [[20, 40, 120], [120, 20, 30], [20, 90, 40], [60, 30, 100], [30, 30, 30]];

export type RandomInt = (maxExclusive: number) => number;

export function drawCaptcha(digits: string, randomInt: RandomInt): Buffer {
  const raster = createRaster(CAPTCHA_WIDTH, CAPTCHA_HEIGHT, [236, 240, 228]);
  addDots(raster, randomInt, 260);
  [...digits].forEach((digit, i) => {
    const x = 10 + i * CELL + randomInt(5);
    const y = 6 + randomInt(11);
    drawGlyph(raster, digit, x, y, INKS[randomInt(INKS.length)] ?? [0, 0, 0]);
  });
  for (let i = 0; i < 4; i++) addLine(raster, randomInt);
  return encodePng(raster);
}

function drawGlyph(raster: Raster, digit: string, left: number, top: number, ink: Rgb): void {
  (FONT[digit] ?? []).forEach((row, gy) => {
    [...row].forEach((cell, gx) => {
      if (cell !== '#') return;
      for (let dy = 0; dy < SCALE; dy++) {
        for (let dx = 0; dx < SCALE; dx++) setPixel(raster, left + gx * SCALE + dx, top + gy * SCALE + dy, ink);
      }
    });
  });
}

function addDots(raster: Raster, randomInt: RandomInt, count: number): void {
  for (let i = 0; i < count; i++) {
    const shade = 120 + randomInt(100);
    setPixel(raster, randomInt(raster.width), randomInt(raster.height), [shade, shade - 20, shade]);
  }
}

// Thin lines in mid tones: they cross the digits without hiding their strokes.
function addLine(raster: Raster, randomInt: RandomInt): void {
  const colour: Rgb = [110 + randomInt(80), 110 + randomInt(80), 110 + randomInt(80)];
  const x0 = randomInt(20);
  const x1 = raster.width - 1 - randomInt(20);
  const y0 = randomInt(raster.height);
  const y1 = randomInt(raster.height);
  const steps = x1 - x0;
  for (let s = 0; s <= steps; s++) setPixel(raster, x0 + s, y0 + ((y1 - y0) * s) / steps, colour);
}
