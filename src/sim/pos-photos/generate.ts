// Test photos of POS screens with the answer a perfect reader must give: drawn from a seed, rendered in
// Chromium, photographed in software. Every screen's text is checked against the typed-text reader first,
// so the truth is what the bot's own grammar says the screen means.
import type { Page } from 'playwright';
import { parseRanges } from '../../invoice/parse-ranges.ts';
import { formatRange, sameRange } from '../../invoice/range.ts';
import type { InvoiceRange } from '../../invoice/range.ts';
import { SharedBrowser } from '../../portal/browser.ts';
import { drawCamera } from './camera.ts';
import type { CameraSpec } from './camera.ts';
import { drawScreenSpec } from './draw-spec.ts';
import type { FontName } from './fonts.ts';
import { projectScreen } from './geometry.ts';
import type { Quad } from './geometry.ts';
import { truthOf } from './inventory.ts';
import type { Truth } from './inventory.ts';
import { photographScreen } from './photograph.ts';
import { deriveSeed, Rng } from './random.ts';
import { renderPosScreen, screenText } from './render.ts';
import type { LayoutName, PosScreenSpec, Theme } from './spec.ts';

export interface PhotoEffects {
  readonly camera: CameraSpec;
  /** Where the screen's corners are in the photo (top-left, top-right, bottom-right, bottom-left). */
  readonly screenQuad: Quad;
  readonly theme: Theme;
}

export interface PosPhoto {
  /** A file name: `pos-<seed>-<index>-<layout>.jpg`. */
  readonly name: string;
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
  readonly truth: Truth;
  readonly layout: LayoutName;
  readonly font: FontName;
  readonly effects: PhotoEffects;
  /** The text on the screen, top to bottom, as a perfect reader would type it. */
  readonly screenText: string;
  /** The screen drawn, for whoever wants to render it again (another camera, another size). */
  readonly spec: PosScreenSpec;
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** A browser to draw in (tests pass theirs); otherwise one is launched and closed. */
  readonly browser?: SharedBrowser;
  /** Only these layouts, in turn; otherwise each photo draws its own. */
  readonly layouts?: readonly LayoutName[];
}

export class TruthDisagreesError extends Error {
  constructor(
    readonly spec: PosScreenSpec,
    readonly text: string,
    readonly expected: readonly InvoiceRange[],
    readonly read: readonly InvoiceRange[],
  ) {
    super(`the typed-text reader reads this ${spec.layout} screen as [${read.map(formatRange).join(', ')}], the truth is [${expected.map(formatRange).join(', ')}]:\n${text}`);
    this.name = 'TruthDisagreesError';
  }
}

export async function generatePosPhotos(options: GenerateOptions): Promise<PosPhoto[]> {
  const browser = options.browser ?? new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
  const context = await (await browser.get()).newContext({ deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const photos: PosPhoto[] = [];
    for (let index = 0; index < options.count; index += 1) photos.push(await generatePosPhoto(page, options, index));
    return photos;
  } finally {
    await context.close();
    if (!options.browser) await browser.close();
  }
}

// Each photo has its own seed from (seed, index): photo 7 is the same whether 10 or 100 are made.
async function generatePosPhoto(page: Page, options: GenerateOptions, index: number): Promise<PosPhoto> {
  const photoSeed = deriveSeed(options.seed, index);
  const layout = options.layouts?.[index % options.layouts.length];
  const spec = drawScreenSpec(deriveSeed(photoSeed, 1), layout);
  const { text, truth } = checkedScreen(spec);
  const png = await renderPosScreen(page, spec);
  const camera = drawCamera(new Rng(deriveSeed(photoSeed, 2)), spec.viewport);
  const jpeg = await photographScreen(png, camera, deriveSeed(photoSeed, 3));
  const name = `pos-${options.seed}-${String(index).padStart(3, '0')}-${spec.layout}.jpg`;
  const effects = { camera, screenQuad: projectScreen(spec.viewport, camera, camera), theme: spec.theme };
  return { name, jpeg, width: camera.width, height: camera.height, truth, layout: spec.layout, font: spec.font, effects, screenText: text, spec };
}

/** The screen's text and truth, once the typed-text reader agrees with the truth; throws when it does not. */
export function checkedScreen(spec: PosScreenSpec): { text: string; truth: Truth } {
  const text = screenText(spec);
  const truth = truthOf(spec.allocations);
  const read = parseRanges(text).ranges;
  const agrees = read.length === truth.blank.length && read.every((r, i) => sameRange(r, truth.blank[i] as InvoiceRange));
  if (!agrees) throw new TruthDisagreesError(spec, text, truth.blank, read);
  return { text, truth };
}
