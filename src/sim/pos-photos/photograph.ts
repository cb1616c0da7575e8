// A screenshot turned into the photo an owner's phone would send: the scene, then the lens (blur), the sensor
// (noise) and the phone's JPEG encoder.
import sharp from 'sharp';
import type { CameraSpec } from './camera.ts';
import { Rng } from './random.ts';
import { drawScene } from './scene.ts';
import type { Raster } from './scene.ts';

// Blur and noise are given for a 1600-wide photo; a 12 MP one has the same look at its own scale.
const REFERENCE_WIDTH = 1600;

export async function photographScreen(png: Buffer, camera: CameraSpec, seed: number): Promise<Buffer> {
  const rng = new Rng(seed);
  const screen = await decodeRgb(png);
  const { raster } = drawScene(screen, camera, rng);
  return exposeAndEncode(raster, camera, rng);
}

export async function decodeRgb(image: Buffer): Promise<Raster> {
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Lens blur, sensor noise, then JPEG at the camera's quality. */
export async function exposeAndEncode(scene: Raster, camera: CameraSpec, rng: Rng): Promise<Buffer> {
  const raw = { width: scene.width, height: scene.height, channels: 3 as const };
  const sigma = camera.blur * (scene.width / REFERENCE_WIDTH);
  const blurred = sigma >= 0.3 ? await sharp(scene.data, { raw }).blur(sigma).raw().toBuffer() : Buffer.from(new Uint8Array(scene.data));
  addSensorNoise(blurred, camera.noise, rng);
  return sharp(blurred, { raw }).jpeg({ quality: camera.jpegQuality }).toBuffer();
}

// Mostly brightness noise, with a little colour in it, as a small phone sensor makes in indoor light.
function addSensorNoise(pixels: Buffer, deviation: number, rng: Rng): void {
  const gaussian = Array.from({ length: 4096 }, () => rng.gaussian() * deviation);
  const clamped = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  for (let at = 0; at < clamped.length; at += 3) {
    const brightness = gaussian[Math.floor(rng.next() * 4096)] as number;
    const colour = rng.next() * 4096;
    for (let c = 0; c < 3; c += 1) {
      const tint = (gaussian[(Math.floor(colour) + c * 1361) & 4095] as number) * 0.35;
      clamped[at + c] = (clamped[at + c] as number) + brightness + tint;
    }
  }
}
