// The picture before the lens and the sensor spoil it: the screen seen at an angle inside its monitor frame,
// on a desk or counter, lit unevenly (glare, vignette) and with the phone's tone and colour.
import type { CameraSpec, Surroundings } from './camera.ts';
import { homography, projectScreen, rectangle } from './geometry.ts';
import type { Quad } from './geometry.ts';
import type { Rng } from './random.ts';

/** 8-bit RGB pixels, row by row (clamped on write, so lighting may overshoot). */
export interface Raster {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

type Rgb = readonly [number, number, number];

const TWO_PI = Math.PI * 2;

const SURFACES: Readonly<Record<Surroundings, { base: Rgb; grain: number; mottle: number }>> = {
  'wood-desk': { base: [128, 90, 56], grain: 7, mottle: 26 },
  'grey-counter': { base: [112, 114, 117], grain: 0, mottle: 16 },
  'dark-room': { base: [30, 30, 34], grain: 0, mottle: 10 },
  'white-counter': { base: [206, 204, 198], grain: 0, mottle: 12 },
};

export function drawScene(screen: Raster, camera: CameraSpec, rng: Rng): { raster: Raster; quad: Quad } {
  const quad = projectScreen(screen, camera, camera);
  const toScreen = homography(quad, rectangle(screen));
  const surface = surfaceSampler(camera, rng);
  const light = lighting(camera);
  const bezel = camera.bezel * screen.width;
  const bezelTone = rng.between(14, 48);
  const out = new Uint8ClampedArray(camera.width * camera.height * 3);
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = toScreen;
  const lift = camera.blackLevel;
  const moire = camera.moire;
  const rgb: [number, number, number] = [0, 0, 0];
  for (let y = 0; y < camera.height; y += 1) {
    for (let x = 0; x < camera.width; x += 1) {
      const w = m6 * x + m7 * y + m8;
      const u = (m0 * x + m1 * y + m2) / w;
      const v = (m3 * x + m4 * y + m5) / w;
      if (u >= 0 && v >= 0 && u <= screen.width - 1 && v <= screen.height - 1) {
        sampleBilinear(screen, u, v, rgb);
        // The panel's own light (blacks lifted), and its pixel grid beating against the sensor's: sampled once
        // per photo pixel, a sine of the screen's pixel pitch aliases into the moiré bands of real screen photos.
        const grid = moire === 0 ? 1 : 1 - moire * (0.5 + 0.5 * Math.sin(u * TWO_PI) * Math.sin(v * TWO_PI));
        for (let c = 0; c < 3; c += 1) rgb[c] = (lift + (rgb[c] as number) * (1 - lift / 300)) * grid;
      } else if (u >= -bezel && v >= -bezel && u <= screen.width + bezel && v <= screen.height + bezel * 1.4) {
        // The monitor's plastic, a little lighter toward its top where the room's light falls on it.
        const shade = bezelTone + 10 * (1 - Math.max(0, Math.min(1, (v + bezel) / (screen.height + 2 * bezel))));
        rgb[0] = rgb[1] = rgb[2] = shade;
      } else {
        surface(x, y, rgb);
      }
      light(x, y, rgb);
      const at = (y * camera.width + x) * 3;
      out[at] = rgb[0];
      out[at + 1] = rgb[1];
      out[at + 2] = rgb[2];
    }
  }
  return { raster: { data: out, width: camera.width, height: camera.height }, quad };
}

function sampleBilinear(image: Raster, u: number, v: number, into: [number, number, number]): void {
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  const d = image.data;
  const a = (y0 * image.width + x0) * 3;
  // At the last column or row the weight of the missing neighbour is 0: step onto the same pixel instead.
  const right = x0 + 1 < image.width ? 3 : 0;
  const down = y0 + 1 < image.height ? image.width * 3 : 0;
  const wa = (1 - fx) * (1 - fy);
  const wb = fx * (1 - fy);
  const wc = (1 - fx) * fy;
  const wd = fx * fy;
  for (let c = 0; c < 3; c += 1) {
    const p = a + c;
    into[c] = (d[p] as number) * wa + (d[p + right] as number) * wb + (d[p + down] as number) * wc + (d[p + down + right] as number) * wd;
  }
}

// The desk around the monitor: a base colour, soft blotches and, for wood, a grain along it.
function surfaceSampler(camera: CameraSpec, rng: Rng): (x: number, y: number, into: [number, number, number]) => void {
  const { base, grain, mottle } = SURFACES[camera.surroundings];
  const blotches = valueNoise(rng, 7, 5);
  const grainPhase = rng.between(0, Math.PI * 2);
  // Grain runs along the desk, a few dozen lines across the frame, bent by the blotches.
  const grainScale = (Math.PI * 2 * 28) / camera.height;
  return (x, y, into) => {
    const n = blotches(x / camera.width, y / camera.height);
    const g = grain === 0 ? 0 : grain * Math.sin(y * grainScale + n * 4 + grainPhase) * (0.4 + n);
    const shift = (n - 0.5) * mottle + g;
    into[0] = base[0] + shift;
    into[1] = base[1] + shift;
    into[2] = base[2] + shift;
  };
}

/** Smooth random values on [0,1]²: a coarse grid of random numbers, bilinearly joined. */
function valueNoise(rng: Rng, columns: number, rows: number): (x: number, y: number) => number {
  const grid = Array.from({ length: (columns + 1) * (rows + 1) }, () => rng.next());
  const at = (cx: number, cy: number) => grid[cy * (columns + 1) + cx] as number;
  return (x, y) => {
    const gx = Math.min(x, 0.9999) * columns;
    const gy = Math.min(y, 0.9999) * rows;
    const cx = Math.floor(gx);
    const cy = Math.floor(gy);
    const fx = gx - cx;
    const fy = gy - cy;
    const top = at(cx, cy) * (1 - fx) + at(cx + 1, cy) * fx;
    const bottom = at(cx, cy + 1) * (1 - fx) + at(cx + 1, cy + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
}

// Glare, vignette, then the phone's exposure and white balance, on one pixel. Both lights are products of a
// row term and a column term (a Gaussian spot, a quadratic fall-off), so they are tabled once per row and column:
// the per-pixel work stays a few multiplications, which matters at 12 MP.
function lighting(camera: CameraSpec): (x: number, y: number, rgb: [number, number, number]) => void {
  const { width, height, glare, vignette, brightness, contrast, colourGain } = camera;
  const diagonal = Math.hypot(width, height);
  const spread = 2 * ((glare?.radius ?? 1) * diagonal) ** 2;
  const spotAcross = Float64Array.from({ length: width }, (_, x) => (glare ? Math.exp(-((x - glare.x * width) ** 2) / spread) : 0));
  const spotDown = Float64Array.from({ length: height }, (_, y) => (glare ? glare.strength * Math.exp(-((y - glare.y * height) ** 2) / spread) : 0));
  const quarterDiagonal = (diagonal / 2) ** 2;
  const fallAcross = Float64Array.from({ length: width }, (_, x) => (vignette * (x - width / 2) ** 2) / quarterDiagonal);
  const fallDown = Float64Array.from({ length: height }, (_, y) => (vignette * (y - height / 2) ** 2) / quarterDiagonal);
  const offset = 128 - 128 * contrast + brightness;
  const gains = [colourGain[0] * contrast, colourGain[1] * contrast, colourGain[2] * contrast] as const;
  const offsets = [colourGain[0] * offset, colourGain[1] * offset, colourGain[2] * offset] as const;
  return (x, y, rgb) => {
    const shine = (spotAcross[x] as number) * (spotDown[y] as number);
    const dim = 1 - (fallAcross[x] as number) - (fallDown[y] as number);
    for (let c = 0; c < 3; c += 1) {
      const level = rgb[c] as number;
      rgb[c] = (level + shine * (255 - level)) * dim * (gains[c] as number) + (offsets[c] as number);
    }
  };
}
