// The photo reader with real Tesseract on screens rendered in Chromium: what it reads, what it leaves out,
// and that it never presents a range it is not sure of.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import { createPhotoReader, type PhotoReaderWithStats } from '../../src/ocr/index.ts';
import { capturingLogger } from '../support/log.ts';
import { renderScreens, screenHtml } from './support/render-screen.ts';

const BLANK_MM: InvoiceRange = { track: 'MM', start: 16937074, end: 16937099 };
const BLANK_MN: InvoiceRange = { track: 'MN', start: 22041150, end: 22041199 };

const CLEAN = screenHtml('電子發票 號碼查詢 115年 09-10月', [
  { label: '已使用', text: 'MM16937000-16937073' },
  { label: '最後開立', text: 'MM16937073' },
  { label: '未使用', text: 'MM16937074-16937099' },
  { label: '未使用', text: 'MN22041150-22041199' },
]);
// The 4 of 16937074 is smeared past reading, as a greasy fingerprint on the glass would.
const SMUDGED = screenHtml('發票剩餘', [
  { label: '未使用', text: 'MM1693707<span style="filter: blur(5px)">4</span>-16937099' },
  { label: '未使用', text: 'MN22041150-22041199' },
]);

let reader: PhotoReaderWithStats;
let screens: { clean: Buffer; smudged: Buffer };
const logs = capturingLogger();

before(async () => {
  const [clean, smudged] = await renderScreens([CLEAN, SMUDGED]);
  screens = { clean: clean!, smudged: smudged! };
  reader = createPhotoReader({ log: logs.log, timeoutMs: 6000 });
});

after(async () => {
  await reader.close();
});

test('a clean screen reads exactly, used and last issued numbers left out as for typed text', async () => {
  const reading = await reader.read(screens.clean);
  assert.deepEqual(reading.ranges, [BLANK_MM, BLANK_MN]);
  assert.deepEqual(reading.doubts, []);
  assert.deepEqual(reading.leftOut.map((part) => part.reason).sort(), ['last-issued', 'used']);
  assert.equal(reading.unreadable, false);
  assert.ok(reading.elapsedMs > 0);
});

test('a 12 MP, tilted, blurred JPEG of the screen: what is presented is on the screen, and every blank range is presented or named', async () => {
  const photo = await sharp(screens.clean)
    .resize({ width: 4000 })
    .rotate(4, { background: '#8a8a8a' })
    .blur(1.2)
    .jpeg({ quality: 80 })
    .toBuffer();
  const reading = await reader.read(photo);
  // Scaled down from 12 MP and read: the MN line both readings agree on is presented; MM may stay a doubt
  // (one reading misreads the 最後開立 label above it, and an unclear used number could cut that track).
  assert.ok(reading.ranges.some((r) => r.track === 'MN' && r.start === BLANK_MN.start && r.end === BLANK_MN.end), JSON.stringify(reading));
  for (const range of reading.ranges) assert.ok([BLANK_MM, BLANK_MN].some((blank) => blank.track === range.track && blank.start === range.start && blank.end === range.end), `not on the screen: ${JSON.stringify(range)}`);
  for (const blank of [BLANK_MM, BLANK_MN]) {
    const presented = reading.ranges.some((r) => r.track === blank.track && r.start === blank.start);
    const named = reading.doubts.some((d) => d.text.includes(String(blank.end)));
    assert.ok(presented || named, `${blank.track}${blank.start} neither presented nor named as a doubt: ${JSON.stringify(reading)}`);
  }
});

test('a smudged digit makes its range a doubt, never a wrong range', async () => {
  const reading = await reader.read(screens.smudged);
  assert.ok(!reading.ranges.some((r) => r.track === 'MM'), `MM presented as read: ${JSON.stringify(reading.ranges)}`);
  assert.ok(reading.ranges.every((r) => r.track === BLANK_MN.track && r.start === BLANK_MN.start && r.end === BLANK_MN.end));
  assert.ok(reading.doubts.some((d) => d.text.includes('16937099')), JSON.stringify(reading.doubts));
});

test('noise, a screen blurred past reading, or bytes that are no image: unreadable', async () => {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 };
  const grey = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#777', noise } }).jpeg().toBuffer();
  const blank = await reader.read(grey);
  assert.equal(blank.unreadable, true);
  assert.deepEqual(blank.ranges, []);
  const blurred = await reader.read(await sharp(screens.clean).blur(12).jpeg().toBuffer());
  assert.equal(blurred.unreadable, true);
  const garbage = await reader.read(Buffer.from('not a photo at all'));
  assert.equal(garbage.unreadable, true);
});

test('the workers are started once and reused for every photo; the log holds no invoice number', async () => {
  const fresh = createPhotoReader({});
  try {
    await fresh.read(screens.clean);
    await fresh.read(screens.smudged);
    assert.equal(fresh.workerStarts(), 1);
  } finally {
    await fresh.close();
  }
  assert.doesNotMatch(logs.text(), /1693|2204/);
});
