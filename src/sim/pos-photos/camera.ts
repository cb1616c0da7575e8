// How the owner's phone took the picture: the angle, the frame, and what the lens, the sensor and the phone's
// JPEG encoder did to it. Drawn from a seed; `photographScreen` applies it.
import { edgeAngles, projectScreen } from './geometry.ts';
import type { Size, View } from './geometry.ts';
import type { Rng } from './random.ts';

export interface Glare {
  /** Centre, as a fraction of the frame. */
  readonly x: number;
  readonly y: number;
  /** Radius, as a fraction of the frame's diagonal. */
  readonly radius: number;
  /** 0–1: how far toward white the centre goes. */
  readonly strength: number;
}

export type Surroundings = 'wood-desk' | 'grey-counter' | 'dark-room' | 'white-counter';

export interface CameraSpec extends View {
  /** The JPEG's size: 1600×1200 as LINE sends it, or a phone's full 12 MP. */
  readonly width: number;
  readonly height: number;
  /** The monitor's frame around the screen, as a fraction of the screen's width. */
  readonly bezel: number;
  readonly surroundings: Surroundings;
  /** Gaussian blur (out of focus, shake) in pixels of a 1600-wide photo; 0 for none. */
  readonly blur: number;
  readonly glare: Glare | undefined;
  /** Added to every level (-255…255). */
  readonly brightness: number;
  /** Levels are stretched about mid-grey by this. */
  readonly contrast: number;
  /** An LCD's black is never black in a photo: the darkest level the screen shows. */
  readonly blackLevel: number;
  /** Per-channel gain (white balance), red, green, blue. */
  readonly colourGain: readonly [number, number, number];
  /** Darkening toward the corners, 0–1. */
  readonly vignette: number;
  /** Depth of the moiré bands the screen's pixel grid makes, 0–1; 0 for none. */
  readonly moire: number;
  /** Standard deviation of the sensor noise, in levels. */
  readonly noise: number;
  readonly jpegQuality: number;
}

/** Text lines in the photo never lean more than this (rotation and perspective together). */
export const MAX_TILT_DEG = 10;

const FRAMES: readonly (readonly [Size, number])[] = [
  [{ width: 1600, height: 1200 }, 7],
  [{ width: 1200, height: 1600 }, 1],
  [{ width: 4032, height: 3024 }, 2],
];

export function drawCamera(rng: Rng, screen: Size): CameraSpec {
  const frame = rng.weighted(FRAMES);
  const view = drawView(rng, screen, frame);
  return {
    ...frame,
    ...view,
    bezel: rng.between(0.015, 0.06),
    surroundings: rng.pick(['wood-desk', 'grey-counter', 'dark-room', 'white-counter'] as const),
    blur: rng.chance(0.3) ? 0 : rng.between(0.4, 1.4),
    glare: rng.chance(0.35) ? undefined : drawGlare(rng),
    brightness: rng.between(-35, 20),
    contrast: rng.between(0.72, 1.1),
    blackLevel: rng.between(8, 40),
    colourGain: [rng.between(0.9, 1.08), rng.between(0.95, 1.05), rng.between(0.92, 1.12)],
    vignette: rng.between(0, 0.4),
    moire: rng.chance(0.5) ? 0 : rng.between(0.03, 0.14),
    noise: rng.between(1.5, 7),
    jpegQuality: rng.int(60, 90),
  };
}

// Drawn again until text lines lean at most MAX_TILT_DEG: a stronger tilt and the owner would retake it.
// An owner photographs the numbers up close (the bot asks 「拍近一點」): the picture frames the screen's content,
// the title bar and the buttons at its edges may be cut off, and the angle is modest. The cuts stay inside the
// screen's margins (the content panel starts ~1.8 em in from the left and ends ~0.8 em from the right), so no
// line of content is ever cut.
function drawView(rng: Rng, screen: Size, frame: Size): View {
  for (;;) {
    const view: View = {
      yawDeg: rng.between(-15, 15),
      pitchDeg: rng.between(-12, 12),
      rotationDeg: rng.between(-MAX_TILT_DEG, MAX_TILT_DEG),
      fill: rng.between(0.9, 1),
      crop: { left: rng.between(0, 0.015), top: rng.between(0, 0.03), right: rng.between(0, 0.008), bottom: rng.between(0, 0.02) },
      offsetX: rng.between(-0.9, 0.9),
      offsetY: rng.between(-0.9, 0.9),
    };
    const { top, bottom } = edgeAngles(projectScreen(screen, view, frame));
    if (Math.abs(top) <= MAX_TILT_DEG && Math.abs(bottom) <= MAX_TILT_DEG) return view;
  }
}

function drawGlare(rng: Rng): Glare {
  return { x: rng.between(0.2, 0.8), y: rng.between(0.2, 0.8), radius: rng.between(0.06, 0.3), strength: rng.between(0.2, 0.75) };
}
