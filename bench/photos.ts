import { performance } from 'node:perf_hooks';
import { formatNumber } from '../src/invoice/invoice-number.ts';
import { formatRange, sameRange, type InvoiceRange } from '../src/invoice/range.ts';
import { createPhotoReader } from '../src/ocr/index.ts';
import type { PhotoReading } from '../src/ocr/types.ts';
import { generatePosPhotos } from '../src/sim/pos-photos/index.ts';
import { percentile } from './stats.ts';
import { mib, ms, type BenchRow } from './table.ts';

const section = 'photos';
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 100);
const SEED = Number(process.env.BENCH_PHOTO_SEED ?? 1);

interface Tally {
  onScreens: number;
  exact: number;
  doubtful: number;
  wrong: number;
  missedSilently: number;
  unreadablePhotos: number;
}

/**
 * Reads generated phone photos of POS screens (rendered screens, tilted, blurred, glared, JPEG'd) with one
 * reader, as the bot does, and holds the result to the truth of each screen. A range presented as read that
 * is not on the screen is WRONG: the one figure that must stay at 0.
 */
export async function photosBench(): Promise<BenchRow[]> {
  const photos = await generatePosPhotos({ count: PHOTOS, seed: SEED });
  const rssBefore = process.memoryUsage().rss;
  const reader = createPhotoReader({});
  const tally: Tally = { onScreens: 0, exact: 0, doubtful: 0, wrong: 0, missedSilently: 0, unreadablePhotos: 0 };
  const times: number[] = [];
  try {
    for (const photo of photos) {
      const started = performance.now();
      const reading = await reader.read(photo.jpeg);
      times.push(performance.now() - started);
      for (const range of score(reading, photo.truth.blank, tally)) {
        // Named, so a wrong reading can be looked at: `npm run bench -- photos` with the same seed makes it again.
        process.stderr.write(`WRONG: ${photo.name} presented ${formatRange(range)}; on the screen: ${photo.truth.blank.map(formatRange).join(', ')}\n`);
      }
    }
  } finally {
    await reader.close();
  }
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  const share = (n: number) => `${n} (${((100 * n) / Math.max(1, tally.onScreens)).toFixed(1)} %)`;
  return [
    { section, metric: `photos read (seed ${SEED})`, value: String(photos.length) },
    { section, metric: 'blank ranges on the screens', value: String(tally.onScreens) },
    { section, metric: 'ranges read exactly', value: share(tally.exact), target: '≥ 90 %' },
    { section, metric: 'ranges flagged doubtful (named on the card)', value: share(tally.doubtful) },
    { section, metric: 'ranges WRONG (presented as read, not on the screen)', value: String(tally.wrong), target: '0' },
    { section, metric: 'ranges missed silently', value: share(tally.missedSilently) },
    { section, metric: 'photos read as unreadable', value: String(tally.unreadablePhotos) },
    { section, metric: 'time per photo p50 (first includes worker start)', value: ms(percentile(times, 0.5)), target: '≤ 2000 ms' },
    { section, metric: 'time per photo p95', value: ms(percentile(times, 0.95)), target: '≤ 2000 ms' },
    { section, metric: 'time per photo max', value: ms(Math.max(...times)) },
    { section, metric: 'reader memory (RSS growth, 2 workers)', value: mib(rssGrowth) },
  ];
}

/** Adds the reading to the tally; returns the ranges it presented that are not on the screen. */
function score(reading: PhotoReading, truth: readonly InvoiceRange[], tally: Tally): InvoiceRange[] {
  tally.onScreens += truth.length;
  if (reading.unreadable) tally.unreadablePhotos += 1;
  const wrong = reading.ranges.filter((range) => !truth.some((t) => sameRange(t, range)));
  tally.wrong += wrong.length;
  for (const range of truth) {
    if (reading.ranges.some((r) => sameRange(r, range))) tally.exact += 1;
    else if (reading.doubts.some((d) => doubtNames(d.text, range))) tally.doubtful += 1;
    else tally.missedSilently += 1;
  }
  return wrong;
}

// A doubt names a range when its start or end number matches, `?` standing for any digit.
function doubtNames(text: string, range: InvoiceRange): boolean {
  const numbers = text.replace(/[^0-9?]+/g, ' ').trim().split(' ');
  const matches = (read: string, digits: string) => read.length === digits.length && Array.from(read).every((ch, i) => ch === '?' || ch === digits[i]);
  return numbers.some((n) => matches(n, formatNumber(range.start)) || matches(n, formatNumber(range.end)));
}
