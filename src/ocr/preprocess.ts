// Turns an owner's photo into what Tesseract reads best: dark text on white whatever the screen's theme, glare
// and uneven light gone, straightened, cut to the text, and scaled so text lines are ~40 px high.
//
// 1. The photo, upright (EXIF), scaled so its long side is WORK_LONG_SIDE (a 12 MP photo reads no better at full
//    size and is far slower), grey, median 3×3 (sensor noise and JPEG specks).
// 2. Flattening, polarity-free: each pixel's distance from its neighbourhood's mean, less a floor, times a gain,
//    is its darkness. Text on a light screen, a dark screen or a coloured badge all come out dark on white;
//    glare and vignetting (slow changes) come out white. One pass over an integral image.
// 3. Skew: the angle (−12…12°) whose rotation gives the row sums of dark pixels the greatest variance (text lines
//    line up with rows), measured on a thumbnail.
// 4. Crop to the rows and columns that hold ink (the desk and the bezel's far edges drop out), then scale so
//    the median text line is ~TARGET_LINE_PX high: small text is enlarged, large text reduced (faster).
import sharp from 'sharp';

/** Longest side the photo is analysed at. */
export const PRIMARY_LONG_SIDE = 1600;

export interface PreparedImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** The angle the image was turned by to straighten its text lines, degrees. */
  readonly skewDeg: number;
  /** Share of dark pixels in the part read: above ~0.3 it is noise, not a screen. */
  readonly ink: number;
}

/** How one reading flattens and scales; the two readings differ so a misread rarely repeats. */
export interface Variant {
  /** Neighbourhood radius of the flattening, in pixels of the WORK_LONG_SIDE image. */
  readonly radius: number;
  /** Differences below this many levels are background. */
  readonly floor: number;
  readonly gain: number;
  /** Median text line height wanted in the image Tesseract gets. */
  readonly lineHeight: number;
}

// The neighbourhood is wide next to a stroke (radius 40 px at 1600): a narrow one takes a thick stroke's own
// darkness for the background and leaves Chinese labels hollow, which Tesseract then cannot read.
export const PRIMARY_VARIANT: Variant = { radius: 40, floor: 12, gain: 4, lineHeight: 32 };
export const CHECK_VARIANT: Variant = { radius: 60, floor: 10, gain: 3, lineHeight: 38 };

/** Tesseract's time grows with pixels; a crop is never scaled past this. */
const MAX_OUTPUT_PIXELS = 2_500_000;
const MAX_SKEW_DEG = 12;

export class NotAnImageError extends Error {
  constructor(cause: unknown) {
    super('the photo could not be decoded', { cause });
    this.name = 'NotAnImageError';
  }
}

export interface Grey {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Step 1, shared by both readings. */
export async function greyUpright(image: Buffer, longSide = PRIMARY_LONG_SIDE): Promise<Grey> {
  try {
    const { data, info } = await sharp(image, { failOn: 'none', limitInputPixels: 100_000_000 })
      .rotate()
      .resize({ width: longSide, height: longSide, fit: 'inside', kernel: 'lanczos3' })
      .grayscale()
      .median(3)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), width: info.width, height: info.height };
  } catch (error) {
    throw new NotAnImageError(error);
  }
}

/** Step 2: dark text on white from any polarity. */
export function flatten(grey: Grey, radius: number, floor: number, gain: number): Grey {
  const { data, width: w, height: h } = grey;
  const stride = w + 1;
  const integral = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y += 1) {
    let row = 0;
    const at = (y + 1) * stride;
    const above = y * stride;
    for (let x = 0; x < w; x += 1) {
      row += data[y * w + x]!;
      integral[at + x + 1] = integral[above + x + 1]! + row;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(h, y + radius + 1);
    for (let x = 0; x < w; x += 1) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(w, x + radius + 1);
      const sum = integral[y1 * stride + x1]! - integral[y0 * stride + x1]! - integral[y1 * stride + x0]! + integral[y0 * stride + x0]!;
      const mean = sum / ((y1 - y0) * (x1 - x0));
      const d = Math.max(0, Math.abs(data[y * w + x]! - mean) - floor) * gain;
      out[y * w + x] = 255 - Math.min(255, d);
    }
  }
  return { data: out, width: w, height: h };
}

/** Step 3: the angle (degrees, positive clockwise as sharp turns) that straightens the text lines. */
export function estimateSkew(flat: Grey): number {
  // Dark pixels on a grid of every `step`-th pixel: a thumbnail's worth, without making one.
  const step = Math.max(1, Math.round(Math.max(flat.width, flat.height) / 500));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < flat.height; y += step) {
    for (let x = 0; x < flat.width; x += step) {
      if (flat.data[y * flat.width + x]! < 128) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 50) return 0;
  const rows = Math.ceil(Math.hypot(flat.width, flat.height) / step) * 2 + 4;
  const bins = new Float64Array(rows);
  const score = (deg: number): number => {
    const a = (deg * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    bins.fill(0);
    const offset = rows / 2;
    for (let i = 0; i < xs.length; i += 1) bins[Math.round(ys[i]! * cos - xs[i]! * sin + offset)]! += 1;
    let sumSq = 0;
    for (let i = 0; i < rows; i += 1) sumSq += bins[i]! * bins[i]!;
    return sumSq; // the sum is fixed, so the sum of squares orders the variances
  };
  let best = 0;
  let bestScore = -1;
  for (let deg = -MAX_SKEW_DEG; deg <= MAX_SKEW_DEG; deg += 0.5) {
    const s = score(deg);
    if (s > bestScore) [best, bestScore] = [deg, s];
  }
  for (let deg = best - 0.4; deg <= best + 0.4; deg += 0.1) {
    const s = score(deg);
    if (s > bestScore) [best, bestScore] = [deg, s];
  }
  // The projection is y·cos − x·sin: text at angle θ lines up at deg = θ; turning by −θ straightens it.
  return -best;
}

/** Steps 2–4 for one reading. */
export async function prepare(grey: Grey, variant: Variant): Promise<PreparedImage> {
  const flat = flatten(grey, variant.radius, variant.floor, variant.gain);
  const skewDeg = estimateSkew(flat);
  let image = sharp(Buffer.from(flat.data.buffer, flat.data.byteOffset, flat.data.length), { raw: { width: flat.width, height: flat.height, channels: 1 } });
  let straight = flat;
  if (Math.abs(skewDeg) >= 0.3) {
    const { data, info } = await image.rotate(skewDeg, { background: { r: 255, g: 255, b: 255 } }).grayscale().raw().toBuffer({ resolveWithObject: true });
    straight = { data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), width: info.width, height: info.height };
    image = sharp(Buffer.from(straight.data.buffer, straight.data.byteOffset, straight.data.length), { raw: { width: straight.width, height: straight.height, channels: 1 } });
  }
  const box = inkBox(straight);
  const lineHeight = medianLineHeight(straight, box);
  const wanted = lineHeight > 0 ? variant.lineHeight / lineHeight : 1;
  const limit = Math.sqrt(MAX_OUTPUT_PIXELS / (box.width * box.height));
  const scale = Math.max(0.6, Math.min(3, wanted, limit));
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const { data, info } = await sharp(await image.extract(box).grayscale().raw().toBuffer(), { raw: { width: box.width, height: box.height, channels: 1 } })
    .resize({ width, height, fit: 'fill', kernel: scale > 1 ? 'cubic' : 'lanczos3' })
    .extend({ top: 20, bottom: 20, left: 20, right: 20, background: { r: 255, g: 255, b: 255 } })
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height, skewDeg, ink: box.ink };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
  ink: number;
}

// The rows and columns holding text: a row or column counts when a little of it is dark, and long straight
// lines (the screen's and the panel's edges) are thin, so the box is taken between the outermost inked ones.
function inkBox(img: Grey): Box {
  const { data, width: w, height: h } = img;
  const rowInk = new Uint32Array(h);
  const colInk = new Uint32Array(w);
  let total = 0;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      if (data[y * w + x]! < 128) {
        rowInk[y]! += 1;
        colInk[x]! += 1;
        total += 1;
      }
    }
  }
  const span = (ink: Uint32Array, length: number, across: number): [number, number] => {
    // A run of at least 3 inked lines (a lone speck row or the one-pixel edge of a bezel does not count).
    const minInk = Math.max(2, across * 0.003);
    let first = -1;
    let last = -1;
    let run = 0;
    for (let i = 0; i < length; i += 1) {
      run = ink[i]! >= minInk ? run + 1 : 0;
      if (run >= 3) {
        if (first < 0) first = i - 2;
        last = i;
      }
    }
    return first < 0 ? [0, length - 1] : [first, last];
  };
  const [top, bottom] = span(rowInk, h, w);
  const [left, right] = span(colInk, w, h);
  const margin = 12;
  const x0 = Math.max(0, left - margin);
  const y0 = Math.max(0, top - margin);
  const x1 = Math.min(w - 1, right + margin);
  const y1 = Math.min(h - 1, bottom + margin);
  let inBox = 0;
  for (let y = y0; y <= y1; y += 1) for (let x = x0; x <= x1; x += 1) if (data[y * w + x]! < 128) inBox += 1;
  const area = (x1 - x0 + 1) * (y1 - y0 + 1);
  return { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1, ink: total === 0 ? 0 : inBox / area };
}

// Text lines are runs of rows with ink between rows without; their median height is the text's size. Rows of a
// table's rules or a panel's edge make runs of one or two rows, and are left out.
function medianLineHeight(img: Grey, box: Box): number {
  const { data, width: w } = img;
  // Columns inked down most of the box are vertical lines (the screen's or a panel's edge): they would join
  // every row into one run, so they do not count.
  const columnInk = new Uint32Array(box.width);
  for (let y = box.top; y < box.top + box.height; y += 1) {
    for (let x = 0; x < box.width; x += 1) if (data[y * w + box.left + x]! < 128) columnInk[x]! += 1;
  }
  const counted = Uint8Array.from(columnInk, (ink) => (ink < box.height * 0.35 ? 1 : 0));
  const runs: number[] = [];
  let run = 0;
  const minInk = Math.max(3, box.width * 0.006);
  for (let y = box.top; y < box.top + box.height; y += 1) {
    let ink = 0;
    const at = y * w + box.left;
    for (let x = 0; x < box.width; x += 1) if (counted[x] === 1 && data[at + x]! < 128) ink += 1;
    // A row that is mostly ink is a rule or a filled bar, not text: it ends a run.
    if (ink >= minInk && ink < box.width * 0.6) run += 1;
    else {
      if (run >= 5) runs.push(run);
      run = 0;
    }
  }
  if (run >= 5) runs.push(run);
  if (runs.length === 0) return 0;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}
