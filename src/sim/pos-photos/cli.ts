// Writes test photos of POS screens and their truth:
//   node --import tsx src/sim/pos-photos/cli.ts --count 12 --out .scratch/photos [--seed 1]
// truth.json lists, per photo, the blank ranges a perfect reader reports, the used ones, the screen's text,
// and how it was drawn and photographed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRange } from '../../invoice/range.ts';
import { generatePosPhotos } from './generate.ts';
import type { PosPhoto } from './generate.ts';
import { unreadablePhoto } from './unreadable.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '.scratch/photos' },
    unreadable: { type: 'string', default: '2' },
  },
});

const count = Number(values.count);
const seed = Number(values.seed);
const unreadable = Number(values.unreadable);
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed) || !Number.isInteger(unreadable) || unreadable < 0) {
  console.error('usage: cli.ts --count <n> --seed <integer> --out <folder> [--unreadable <n>]');
  process.exit(2);
}

const started = performance.now();
const photos = await generatePosPhotos({ count, seed });
mkdirSync(values.out, { recursive: true });
for (const photo of photos) writeFileSync(join(values.out, photo.name), photo.jpeg);
const extra = await Promise.all(Array.from({ length: unreadable }, (_, i) => unreadablePhoto(seed * 1000 + i, i % 2 === 0 ? 'blurred-dark' : 'not-a-screen')));
for (const photo of extra) writeFileSync(join(values.out, photo.name), photo.jpeg);
writeFileSync(join(values.out, 'truth.json'), `${JSON.stringify({ seed, photos: photos.map(truthEntry), unreadable: extra.map(({ name, kind, width, height }) => ({ name, kind, width, height })) }, null, 2)}\n`);
console.log(`${photos.length} photos and ${extra.length} unreadable ones in ${values.out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

function truthEntry(photo: PosPhoto) {
  const { name, width, height, truth, layout, font, effects, screenText, spec } = photo;
  return { name, width, height, blankText: truth.blank.map(formatRange), truth, layout, font, screenText, effects, spec };
}
