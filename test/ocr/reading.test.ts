// Combining two readings of one photo, on lines as Tesseract would give them: what is presented as read,
// and what is only named as a doubt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineReadings } from '../../src/ocr/reading.ts';
import type { OcrLine } from '../../src/ocr/recognise.ts';

/** A line read with this confidence on every character. */
function line(text: string, confidence = 95): OcrLine {
  return { chars: Array.from(text, (ch) => ({ ch, confidence, wordConfidence: confidence })) };
}

const lines = (...texts: string[]) => texts.map((text) => line(text));

test('a range both readings agree on, on a surely read line, is presented', () => {
  const reading = combineReadings(lines('未使用 BI95951250-95951299', '共 50 張'), lines('未使用 BI95951250-95951299', '共 50 張'));
  assert.deepEqual(reading.ranges, [{ track: 'BI', start: 95951250, end: 95951299 }]);
  assert.deepEqual(reading.doubts, []);
});

test('a digit both readings misread the same way is caught by the count the screen states', () => {
  // 95951250 read as 95951259 twice: 41 numbers, but the report says 50.
  for (const countLine of ['共 50 張', '']) {
    const texts = countLine ? ['空白 BI95951259-95951299', countLine] : ['空白 BI95951259-95951299 共 50 張'];
    const reading = combineReadings(lines(...texts), lines(...texts));
    assert.deepEqual(reading.ranges, [], `presented although the count disagrees: ${texts.join(' / ')}`);
    assert.deepEqual(reading.doubts.map((d) => d.reason), ['number-check']);
    assert.match(reading.doubts[0]?.text ?? '', /95951259/);
  }
});

test('a count on the next line belongs to the next range when that line has numbers of its own', () => {
  const texts = ['空白 BI95951250-95951299', '空白 BI95951300-95951399 共 100 張'];
  const reading = combineReadings(lines(...texts), lines(...texts));
  assert.equal(reading.ranges.length, 2);
});

test('readings that disagree on a digit name the range with ? where they differ', () => {
  const reading = combineReadings(lines('未使用 MM16937074-16937099'), lines('未使用 MM16937014-16937099'));
  assert.deepEqual(reading.ranges, []);
  assert.equal(reading.doubts.length, 1);
  assert.match(reading.doubts[0]?.text ?? '', /MM169370\?4-16937099/);
});
