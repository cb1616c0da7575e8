import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  CAPTCHA_BACKGROUND,
  CAPTCHA_HEIGHT,
  CAPTCHA_INKS,
  CAPTCHA_WIDTH,
  NOISE_MIN_LUMA,
  drawCaptcha,
} from '../../../src/sim/portal/captcha-image.ts';
import type { CaptchaLayers, RandomInt } from '../../../src/sim/portal/captcha-image.ts';
import { CAPTCHA_DIGITS, createCaptchaBook, sha256Hex } from '../../../src/sim/portal/captcha.ts';
import { crc32 } from '../../../src/sim/portal/png.ts';

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crcOk: boolean;
}

function chunks(png: Buffer): Chunk[] {
  const found: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    found.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
      crcOk: png.readUInt32BE(at + 8 + length) === crc32(typeAndData),
    });
    at += 12 + length;
  }
  return found;
}

/** A repeatable stand-in for crypto.randomInt (mulberry32), so layers can be drawn apart. */
function seeded(seed: number): RandomInt {
  let state = seed >>> 0;
  return (max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

function randomDigits(random: RandomInt): string {
  return Array.from({ length: CAPTCHA_DIGITS }, () => String(random(10))).join('');
}

interface Decoded {
  readonly width: number;
  readonly height: number;
  /** RGB, row by row. */
  readonly data: Buffer;
}

/** Decodes with sharp (libvips), not with our own encoder's assumptions. */
async function decode(png: Buffer): Promise<Decoded> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return { width: info.width, height: info.height, data };
}

type Colour = readonly [number, number, number];

function pixel(image: Decoded, i: number): Colour {
  return [image.data[i * 3] ?? 0, image.data[i * 3 + 1] ?? 0, image.data[i * 3 + 2] ?? 0];
}

function luma([r, g, b]: Colour): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

function distance(a: Colour, b: Colour): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function same(a: Colour, b: Colour): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

async function layers(digits: string, seed: number): Promise<{ full: Decoded; noise: Decoded; glyphs: Decoded }> {
  const draw = (which: CaptchaLayers) => decode(drawCaptcha(digits, seeded(seed), which));
  const [full, noise, glyphs] = await Promise.all([
    draw({ noise: true, digits: true }),
    draw({ noise: true, digits: false }),
    draw({ noise: false, digits: true }),
  ]);
  return { full, noise, glyphs };
}

/** Runs of image columns holding any dark (digit) pixel: one per digit when the digits are apart. */
function darkColumnRuns(image: Decoded, darkBelow: number): number {
  let runs = 0;
  let inRun = false;
  for (let x = 0; x < image.width; x++) {
    let dark = false;
    for (let y = 0; y < image.height && !dark; y++) dark = luma(pixel(image, y * image.width + x)) < darkBelow;
    if (dark && !inRun) runs += 1;
    inRun = dark;
  }
  return runs;
}

describe('portal simulator: captcha images', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789', 'ascii')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('is 160×50 px, the size the pages declare for it', async () => {
    assert.equal(CAPTCHA_WIDTH, 160);
    assert.equal(CAPTCHA_HEIGHT, 50);
    const image = await decode(drawCaptcha('01234', seeded(1)));
    assert.equal(image.width, 160);
    assert.equal(image.height, 50);
    const client = readFileSync(new URL('../../../src/sim/portal/spa/client/views/captcha.js', import.meta.url), 'utf8');
    assert.match(client, /width: '160', height: '50'/, 'the spa page declares the same size');
    assert.match(client, /maxlength: '5'/, 'the spa page takes 5 digits');
  });

  it('encodes a valid 160x50 truecolour PNG', () => {
    const png = drawCaptcha('01234', () => 0);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const list = chunks(png);
    assert.deepEqual(list.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
    assert.ok(list.every((c) => c.crcOk));
    const header = list[0]?.data ?? Buffer.alloc(13);
    assert.equal(header.readUInt32BE(0), CAPTCHA_WIDTH);
    assert.equal(header.readUInt32BE(4), CAPTCHA_HEIGHT);
    const raw = inflateSync(list[1]?.data ?? Buffer.alloc(0));
    assert.equal(raw.length, (CAPTCHA_WIDTH * 3 + 1) * CAPTCHA_HEIGHT);
  });

  it('draws different digits differently', () => {
    const fixed = () => 0;
    assert.notEqual(sha256Hex(drawCaptcha('11111', fixed)), sha256Hex(drawCaptcha('11112', fixed)));
  });

  it('issues a captcha per visitor, answers by image hash, and accepts it once', () => {
    const book = createCaptchaBook();
    const { id } = book.issue('visitor-a');
    const png = book.image('visitor-a', id);
    assert.ok(png !== null);
    assert.equal(book.image('visitor-b', id), null);
    const answer = book.answerForImage(sha256Hex(png));
    assert.match(answer ?? '', /^\d{5}$/);
    assert.equal(book.check('visitor-b', answer ?? ''), false);
    assert.equal(book.check('visitor-a', answer ?? ''), true);
    assert.equal(book.check('visitor-a', answer ?? ''), false, 'used up');
  });

  it('draws 5 separate digits, each standing alone', async () => {
    const random = seeded(7);
    for (let seed = 1; seed <= 40; seed++) {
      const digits = randomDigits(random);
      assert.equal(digits.length, 5);
      const { full, glyphs } = await layers(digits, seed);
      assert.equal(darkColumnRuns(glyphs, 200), 5, `${digits} (seed ${seed}): digits alone`);
      assert.equal(darkColumnRuns(full, 110), 5, `${digits} (seed ${seed}): with the noise`);
    }
  });

  it('draws the digits dark and the noise light, in colours that are never the digits\' own', async () => {
    for (const ink of CAPTCHA_INKS) assert.ok(luma(ink) <= 70, `ink ${ink.join(',')} is dark`);
    const random = seeded(11);
    for (let seed = 1; seed <= 30; seed++) {
      const digits = randomDigits(random);
      const { full, noise, glyphs } = await layers(digits, seed);
      let noisePixels = 0;
      let inkPixels = 0;
      for (let i = 0; i < full.width * full.height; i++) {
        const n = pixel(noise, i);
        if (!same(n, CAPTCHA_BACKGROUND)) {
          noisePixels += 1;
          assert.ok(luma(n) >= NOISE_MIN_LUMA, `noise pixel ${n.join(',')} is light (seed ${seed})`);
          for (const ink of CAPTCHA_INKS) assert.ok(distance(n, ink) >= 150, `noise pixel ${n.join(',')} is far from ink ${ink.join(',')}`);
        }
        const g = pixel(glyphs, i);
        const f = pixel(full, i);
        const digitPixel = !same(g, CAPTCHA_BACKGROUND);
        // Nothing dark but the digits: the noise adds no stroke anywhere.
        if (!digitPixel) assert.ok(luma(f) >= NOISE_MIN_LUMA, `pixel ${i} outside the digits is light (seed ${seed})`);
        // The digits are drawn over the noise: where a stroke is solid, nothing hides it.
        if (CAPTCHA_INKS.some((ink) => same(g, ink))) {
          inkPixels += 1;
          assert.deepEqual(f, g, `solid stroke at pixel ${i} keeps its ink (seed ${seed})`);
        }
      }
      assert.ok(noisePixels > 400, `there is noise (${noisePixels} pixels, seed ${seed})`);
      assert.ok(inkPixels > 5 * 60, `the digits have solid strokes (${inkPixels} pixels, seed ${seed})`);
    }
  });

  it('draws with modest jitter: the same digits differ from picture to picture', () => {
    assert.notEqual(sha256Hex(drawCaptcha('12345', seeded(1))), sha256Hex(drawCaptcha('12345', seeded(2))));
  });
});
