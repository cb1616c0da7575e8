import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SharedBrowser } from '../../src/portal/browser.ts';
import { RICH_MENU_BUTTONS, RICH_MENU_SIZE, type Bounds } from '../../src/rich-menu/definition.ts';
import { RICH_MENU_IMAGE_BYTES_MAX, renderRichMenuImage } from '../../src/rich-menu/render.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface AreaPixels {
  /** Share of the area in its most common colour (background and card). */
  readonly dominantShare: number;
  /** Share far from that colour: the icon, the label and the hint. */
  readonly inkShare: number;
}

interface MenuPixels {
  readonly areas: readonly AreaPixels[];
  /** differing[i][j]: share of pixels that differ between areas i and j, compared from their top-left corners. */
  readonly differing: readonly (readonly number[])[];
}

const FAR = 120; // sum of |ΔR|+|ΔG|+|ΔB| above which two pixels are plainly different colours

/** Decodes the PNG in Chromium (no image library needed) and sums up each area's pixels. */
async function menuPixels(browser: SharedBrowser, png: Buffer, areas: readonly Bounds[]): Promise<MenuPixels> {
  const page = await (await browser.get()).newPage();
  try {
    await page.setContent(`<img id="menu" src="data:image/png;base64,${png.toString('base64')}">`);
    return await page.evaluate(async ([boxes, far]) => {
      const img = document.getElementById('menu') as HTMLImageElement;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(img, 0, 0);
      const width = Math.min(...boxes.map((box) => box.width));
      const height = Math.min(...boxes.map((box) => box.height));
      const images = boxes.map((box) => context.getImageData(box.x, box.y, box.width, box.height).data);
      const corners = boxes.map((box) => context.getImageData(box.x, box.y, width, height).data);
      const summaries = images.map((data) => {
        const counts = new Map<number, number>();
        for (let i = 0; i < data.length; i += 4) {
          const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        const [dominant, dominantCount] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
          const distance =
            Math.abs((data[i] ?? 0) - ((dominant >> 16) & 255)) +
            Math.abs((data[i + 1] ?? 0) - ((dominant >> 8) & 255)) +
            Math.abs((data[i + 2] ?? 0) - (dominant & 255));
          if (distance > far) ink += 1;
        }
        return { dominantShare: dominantCount / (data.length / 4), inkShare: ink / (data.length / 4) };
      });
      const differing = corners.map((a) =>
        corners.map((b) => {
          let count = 0;
          for (let i = 0; i < a.length; i += 4) {
            const distance = Math.abs((a[i] ?? 0) - (b[i] ?? 0)) + Math.abs((a[i + 1] ?? 0) - (b[i + 1] ?? 0)) + Math.abs((a[i + 2] ?? 0) - (b[i + 2] ?? 0));
            if (distance > far) count += 1;
          }
          return count / (a.length / 4);
        }),
      );
      return { areas: summaries, differing };
    }, [areas, FAR] as const);
  } finally {
    await page.close();
  }
}

describe('rich menu image', () => {
  const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
  let image: Buffer;
  let renderMs: number;

  before(async () => {
    const started = performance.now();
    image = await renderRichMenuImage({ chromiumPath: process.env.CHROMIUM_PATH });
    renderMs = performance.now() - started;
  });
  after(() => browser.close());

  test('is a PNG of exactly the menu size, within LINE 1 MB limit, rendered in reasonable time', (t) => {
    assert.ok(image.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature');
    assert.equal(image.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual({ width: image.readUInt32BE(16), height: image.readUInt32BE(20) }, RICH_MENU_SIZE);
    assert.ok(image.length <= RICH_MENU_IMAGE_BYTES_MAX, `${image.length} bytes`);
    assert.ok(image.length > 40 * 1024, `${image.length} bytes is too small for four drawn buttons`);
    assert.ok(renderMs < 20_000, `rendered in ${Math.round(renderMs)} ms`);
    t.diagnostic(`rendered in ${Math.round(renderMs)} ms, ${image.length} bytes`);
  });

  test('every button area has its icon and words drawn in it, and no two areas look alike', async () => {
    const pixels = await menuPixels(browser, image, RICH_MENU_BUTTONS.map((button) => button.bounds));
    pixels.areas.forEach((area, index) => {
      const label = RICH_MENU_BUTTONS[index]?.label;
      assert.ok(area.inkShare > 0.03, `${label}: only ${(area.inkShare * 100).toFixed(1)}% of the area is drawn on`);
      assert.ok(area.dominantShare < 0.9, `${label}: ${(area.dominantShare * 100).toFixed(1)}% of the area is one colour`);
    });
    pixels.differing.forEach((row, i) =>
      row.forEach((share, j) => {
        if (i < j) assert.ok(share > 0.03, `areas ${i} and ${j} differ in only ${(share * 100).toFixed(1)}% of their pixels`);
      }),
    );
  });
});
