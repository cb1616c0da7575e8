// Renders a plain POS screen (the kind an owner photographs) in Chromium, for the OCR tests.
import { testBrowser } from '../../support/portal.ts';

export interface ScreenRow {
  readonly label: string;
  readonly text: string;
}

export interface ScreenLook {
  readonly dark?: boolean;
  readonly fontPx?: number;
  readonly width?: number;
}

/** A screen with a title and one `label  numbers` row per line. */
export function screenHtml(title: string, rows: readonly ScreenRow[], look: ScreenLook = {}): string {
  const background = look.dark ? '#1b1f2a' : '#f4f6f8';
  const foreground = look.dark ? '#e8edf2' : '#1a1a1a';
  const body = rows.map((row) => `<tr><td class="label">${row.label}</td><td>${row.text}</td></tr>`).join('');
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; padding: 32px; background: ${background}; color: ${foreground};
           font: ${look.fontPx ?? 28}px "WenQuanYi Zen Hei", sans-serif; width: ${look.width ?? 900}px; }
    h1 { font-size: 1.2em; margin: 0 0 24px; }
    td { padding: 10px 28px 10px 0; } .label { font-weight: bold; }
  </style><h1>${title}</h1><table>${body}</table>`;
}

/** PNG of the rendered screen. */
export async function renderScreen(html: string): Promise<{ png: Buffer; close: () => Promise<void> }> {
  const browser = testBrowser();
  const page = await (await browser.get()).newPage({ deviceScaleFactor: 1 });
  await page.setContent(html);
  const png = await page.screenshot({ fullPage: true });
  await page.close();
  return { png, close: () => browser.close() };
}

/** Renders several screens with one browser. */
export async function renderScreens(htmls: readonly string[]): Promise<Buffer[]> {
  const browser = testBrowser();
  try {
    const context = await (await browser.get()).newContext({ deviceScaleFactor: 1 });
    const shots: Buffer[] = [];
    for (const html of htmls) {
      const page = await context.newPage();
      await page.setContent(html);
      shots.push(await page.screenshot({ fullPage: true }));
      await page.close();
    }
    return shots;
  } finally {
    await browser.close();
  }
}
