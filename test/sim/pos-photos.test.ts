import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { parseRanges } from '../../src/invoice/parse-ranges.ts';
import { endsOnBookletBoundary } from '../../src/invoice/invoice-number.ts';
import { sortRanges } from '../../src/invoice/range.ts';
import {
  checkedScreen,
  drawCamera,
  drawScreenSpec,
  edgeAngles,
  generatePosPhotos,
  LAYOUTS,
  MAX_TILT_DEG,
  projectScreen,
  renderPosScreen,
  Rng,
  truthOf,
  unreadablePhoto,
} from '../../src/sim/pos-photos/index.ts';
import type { PosPhoto } from '../../src/sim/pos-photos/index.ts';
import { testBrowser } from '../support/portal.ts';

const browser = testBrowser();
after(() => browser.close());

describe('screens and their truth (no browser)', () => {
  test('the typed-text reader reads every layout exactly as the truth says', () => {
    for (const layout of LAYOUTS) {
      for (let seed = 0; seed < 200; seed += 1) {
        const spec = drawScreenSpec(seed, layout);
        const { text, truth } = checkedScreen(spec);
        assert.deepEqual(parseRanges(text).ranges, truth.blank, `${layout} seed ${seed}:\n${text}`);
      }
    }
  });

  test('1–4 blank ranges, 0–3 used, 1–3 tracks of two capitals, numbers of eight digits, never overlapping', () => {
    let onBoundary = 0;
    let blanks = 0;
    for (let seed = 0; seed < 1000; seed += 1) {
      const { blank, used } = truthOf(drawScreenSpec(seed).allocations);
      assert.ok(blank.length >= 1 && blank.length <= 4, `seed ${seed}: ${blank.length} blank`);
      assert.ok(used.length <= 3, `seed ${seed}: ${used.length} used`);
      const all = sortRanges([...blank, ...used]);
      const tracks = new Set(all.map((r) => r.track));
      assert.ok(tracks.size >= 1 && tracks.size <= 3);
      for (const [i, r] of all.entries()) {
        assert.match(r.track, /^[A-Z]{2}$/);
        assert.ok(r.start >= 0 && r.end <= 99_999_999 && r.start <= r.end);
        const next = all[i + 1];
        if (next?.track === r.track) assert.ok(next.start > r.end, `seed ${seed}: overlap`);
      }
      blanks += blank.length;
      onBoundary += blank.filter((r) => endsOnBookletBoundary(r.end)).length;
    }
    assert.ok(onBoundary / blanks > 0.8, `most blank ranges end a booklet (${onBoundary}/${blanks})`);
    assert.ok(onBoundary < blanks, 'some do not');
  });

  test(`the screen's text lines lean at most ${MAX_TILT_DEG}° in the photo`, () => {
    for (let seed = 0; seed < 500; seed += 1) {
      const screen = drawScreenSpec(seed).viewport;
      const camera = drawCamera(new Rng(seed), screen);
      const { top, bottom } = edgeAngles(projectScreen(screen, camera, camera));
      assert.ok(Math.abs(camera.rotationDeg) <= MAX_TILT_DEG);
      assert.ok(Math.abs(top) <= MAX_TILT_DEG && Math.abs(bottom) <= MAX_TILT_DEG, `seed ${seed}: ${top}°, ${bottom}°`);
    }
  });

  test('photos come at the size LINE sends and, now and then, at a full 12 MP', () => {
    const sizes = new Set(Array.from({ length: 200 }, (_, seed) => drawCamera(new Rng(seed), { width: 1024, height: 768 })).map((c) => `${c.width}x${c.height}`));
    assert.ok(sizes.has('1600x1200') && sizes.has('4032x3024'), [...sizes].join(' '));
  });
});

describe('photos (Chromium)', () => {
  let first: PosPhoto[] = [];

  test('every layout renders and is photographed at the size chosen', async () => {
    first = await generatePosPhotos({ count: LAYOUTS.length, seed: 42, layouts: LAYOUTS, browser });
    assert.deepEqual(first.map((p) => p.layout), [...LAYOUTS]);
    for (const photo of first) {
      const meta = await sharp(photo.jpeg).metadata();
      assert.equal(meta.format, 'jpeg');
      assert.deepEqual([meta.width, meta.height], [photo.width, photo.height], photo.name);
      assert.deepEqual([photo.width, photo.height], [photo.effects.camera.width, photo.effects.camera.height]);
      assert.deepEqual(parseRanges(photo.screenText).ranges, photo.truth.blank, photo.name);
    }
  });

  test('the same seed gives the same bytes and the same truth', async () => {
    const again = await generatePosPhotos({ count: LAYOUTS.length, seed: 42, layouts: LAYOUTS, browser });
    assert.equal(again.length, first.length);
    for (const [i, photo] of again.entries()) {
      const earlier = first[i];
      assert.ok(earlier);
      assert.deepEqual(photo.truth, earlier.truth);
      assert.equal(photo.screenText, earlier.screenText);
      assert.ok(photo.jpeg.equals(earlier.jpeg), `${photo.name} differs`);
    }
  });

  test('a screen renders as a PNG of its viewport, light and dark', async () => {
    const page = await (await browser.get()).newPage();
    try {
      for (const theme of ['light', 'dark'] as const) {
        const spec = { ...drawScreenSpec(3, 'receipt'), theme };
        const meta = await sharp(await renderPosScreen(page, spec)).metadata();
        assert.equal(meta.format, 'png');
        assert.deepEqual([meta.width, meta.height], [spec.viewport.width, spec.viewport.height]);
      }
    } finally {
      await page.close();
    }
  });
});

describe('unreadable photos', () => {
  test('both kinds are JPEGs of the size chosen, the same for a seed', async () => {
    for (const kind of ['blurred-dark', 'not-a-screen'] as const) {
      const photo = await unreadablePhoto(5, kind);
      const meta = await sharp(photo.jpeg).metadata();
      assert.equal(meta.format, 'jpeg');
      assert.deepEqual([meta.width, meta.height], [photo.width, photo.height]);
      assert.ok((await unreadablePhoto(5, kind)).jpeg.equals(photo.jpeg));
    }
  });
});
