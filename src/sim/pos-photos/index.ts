// Test photos of POS screens, made here: screens drawn in Chromium, photographed in software.
export { drawCamera, MAX_TILT_DEG } from './camera.ts';
export type { CameraSpec, Glare, Surroundings } from './camera.ts';
export { drawScreenSpec } from './draw-spec.ts';
export { FONT_NAMES } from './fonts.ts';
export type { FontName } from './fonts.ts';
export { edgeAngles, projectScreen } from './geometry.ts';
export type { Point, Quad } from './geometry.ts';
export { checkedScreen, generatePosPhotos, TruthDisagreesError } from './generate.ts';
export type { GenerateOptions, PhotoEffects, PosPhoto } from './generate.ts';
export { truthOf } from './inventory.ts';
export type { Allocation, Truth } from './inventory.ts';
export { photographScreen } from './photograph.ts';
export { mulberry32, Rng } from './random.ts';
export { renderPosScreen, screenText } from './render.ts';
export { LAYOUTS } from './spec.ts';
export type { LayoutName, PosScreenSpec, StoreDetails, Theme } from './spec.ts';
export { unreadablePhoto } from './unreadable.ts';
export type { UnreadableKind, UnreadablePhoto } from './unreadable.ts';
