// Photos in which nothing can be read, for the bot's plain answer: a POS screen so blurred and dark that its
// text is gone, or a picture of something that is not a screen at all (a blank notebook page beside a mug).
// Drawn in software only, so no browser is needed.
import { drawCamera } from './camera.ts';
import type { CameraSpec } from './camera.ts';
import { exposeAndEncode } from './photograph.ts';
import { deriveSeed, Rng } from './random.ts';
import { drawScene } from './scene.ts';
import type { Raster } from './scene.ts';

export type UnreadableKind = 'blurred-dark' | 'not-a-screen';

export interface UnreadablePhoto {
  readonly name: string;
  readonly kind: UnreadableKind;
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

export async function unreadablePhoto(seed: number, kind?: UnreadableKind): Promise<UnreadablePhoto> {
  const rng = new Rng(deriveSeed(seed, 0x0bad));
  const chosen = kind ?? (rng.chance(0.5) ? 'blurred-dark' : 'not-a-screen');
  const subject = chosen === 'blurred-dark' ? textlessScreen(rng) : notebookPage(rng);
  // At the size LINE sends: the plain answer is about what the bot receives.
  const camera = { ...drawCamera(rng, subject), width: 1600, height: 1200 };
  const spoiled = chosen === 'blurred-dark' ? ruined(camera) : onPaper(camera);
  const { raster } = drawScene(subject, spoiled, rng);
  const jpeg = await exposeAndEncode(raster, spoiled, rng);
  return { name: `unreadable-${seed}-${chosen}.jpg`, kind: chosen, jpeg, width: spoiled.width, height: spoiled.height };
}

// Out of focus and under-exposed: what is left of the text is a smear.
function ruined(camera: CameraSpec): CameraSpec {
  return { ...camera, blur: 22, brightness: -95, contrast: 0.45, glare: undefined, noise: 9 };
}

function onPaper(camera: CameraSpec): CameraSpec {
  return { ...camera, bezel: 0, blackLevel: 0 };
}

// A screen's shape and colours, with bars where text would be: the blur would erase real text anyway,
// and bars guarantee no number survives.
function textlessScreen(rng: Rng): Raster {
  const width = 1280;
  const height = 800;
  const data = filled(width, height, [245, 246, 248]);
  fillRect(data, width, { x: 0, y: 0, w: width, h: 48 }, [21, 101, 192]);
  for (let y = 90; y < height - 60; y += rng.int(34, 48)) {
    let x = 40;
    while (x < width - 200) {
      const w = rng.int(30, 180);
      fillRect(data, width, { x, y, w, h: 18 }, [40, 40, 45]);
      x += w + rng.int(14, 40);
    }
  }
  return { data, width, height };
}

// A blank notebook page with faint ruled lines and a mug's ring on it: no text, no numbers.
function notebookPage(rng: Rng): Raster {
  const width = 1200;
  const height = 900;
  const data = filled(width, height, [236, 232, 218]);
  for (let y = 80; y < height; y += 36) fillRect(data, width, { x: 0, y, w: width, h: 2 }, [170, 190, 215]);
  const cx = rng.int(300, 900);
  const cy = rng.int(250, 650);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const d = Math.hypot(x - cx, y - cy);
      if (d < 170) setPixel(data, width, x, y, d > 150 ? [120, 70, 40] : [90, 55, 35]);
    }
  }
  return { data, width, height };
}

function filled(width: number, height: number, colour: readonly [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i += 1) data.set(colour, i * 3);
  return data;
}

function fillRect(data: Uint8Array, width: number, r: { x: number; y: number; w: number; h: number }, colour: readonly [number, number, number]): void {
  for (let y = r.y; y < r.y + r.h; y += 1) for (let x = r.x; x < Math.min(r.x + r.w, width); x += 1) setPixel(data, width, x, y, colour);
}

function setPixel(data: Uint8Array, width: number, x: number, y: number, colour: readonly [number, number, number]): void {
  data.set(colour, (y * width + x) * 3);
}
