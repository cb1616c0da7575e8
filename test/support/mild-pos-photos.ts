// Photos of POS screens taken well: the generator's screens, with its camera held steady, in focus and
// away from glare. What an owner who followed 「拍近一點、不要反光」 sends: a reader should read these exactly.
import { SharedBrowser } from '../../src/portal/browser.ts';
import { checkedScreen, drawCamera, drawScreenSpec, photographScreen, renderPosScreen, type CameraSpec, type LayoutName, type Truth } from '../../src/sim/pos-photos/index.ts';
import { deriveSeed, Rng } from '../../src/sim/pos-photos/random.ts';

export interface MildPhoto {
  readonly name: string;
  readonly jpeg: Buffer;
  readonly truth: Truth;
}

/** One photo per layout, each from its own seed; the screen's content is whatever the seed draws. */
export async function mildPosPhotos(seed: number, layouts: readonly LayoutName[]): Promise<MildPhoto[]> {
  const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
  try {
    const page = await (await (await browser.get()).newContext({ deviceScaleFactor: 1 })).newPage();
    const photos: MildPhoto[] = [];
    for (const [index, layout] of layouts.entries()) {
      const photoSeed = deriveSeed(seed, index);
      const spec = drawScreenSpec(deriveSeed(photoSeed, 1), layout);
      const { truth } = checkedScreen(spec);
      const camera = steady(drawCamera(new Rng(deriveSeed(photoSeed, 2)), spec.viewport));
      const jpeg = await photographScreen(await renderPosScreen(page, spec), camera, deriveSeed(photoSeed, 3));
      photos.push({ name: `mild-${seed}-${index}-${layout}.jpg`, jpeg, truth });
    }
    return photos;
  } finally {
    await browser.close();
  }
}

/** The drawn angle and framing, at LINE's size, without blur, glare, moiré or heavy noise. */
function steady(camera: CameraSpec): CameraSpec {
  return { ...camera, width: 1600, height: 1200, blur: 0, glare: undefined, moire: 0, noise: 1.5, brightness: 0, contrast: 1, vignette: 0, jpegQuality: 90 };
}
