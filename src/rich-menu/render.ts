import type { Page } from 'playwright';
import { SharedBrowser } from '../portal/browser.ts';
import { RICH_MENU_BUTTONS, RICH_MENU_SIZE, type Bounds, type MenuCommand, type RichMenuButton } from './definition.ts';
import { escapeHtml } from '../web/html.ts';

/**
 * The menu image, drawn as an HTML page in Chromium from the same bounds as the menu's tap areas,
 * so what the owner sees and where they tap cannot drift apart.
 */

/** LINE refuses rich menu images over 1 MB. */
export const RICH_MENU_IMAGE_BYTES_MAX = 1024 * 1024;

export class MissingCjkFontError extends Error {
  constructor() {
    super(
      'No Chinese font found: the menu labels would show as empty boxes. Install one (bash scripts/setup.sh installs fonts-wqy-zenhei; or apt-get install -y fonts-noto-cjk) and run again.',
    );
    this.name = 'MissingCjkFontError';
  }
}

export interface RenderOptions {
  readonly chromiumPath: string | undefined;
}

/** PNG, or JPEG when the PNG would be over LINE's limit. */
export async function renderRichMenuImage(options: RenderOptions): Promise<Buffer> {
  const browser = new SharedBrowser({ chromiumPath: options.chromiumPath });
  try {
    const page = await (await browser.get()).newPage({ viewport: { ...RICH_MENU_SIZE }, deviceScaleFactor: 1 });
    await page.setContent(richMenuHtml(), { waitUntil: 'load' });
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    if (!(await drawsChineseGlyphs(page))) throw new MissingCjkFontError();
    const png = await page.screenshot({ type: 'png' });
    return png.length <= RICH_MENU_IMAGE_BYTES_MAX ? png : await page.screenshot({ type: 'jpeg', quality: 85 });
  } finally {
    await browser.close();
  }
}

/** Without a CJK font every character falls back to the same empty box, so two different ones draw alike. */
async function drawsChineseGlyphs(page: Page): Promise<boolean> {
  // No named helpers inside: the TypeScript loader would wrap them in a function the page does not have.
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 120;
    const context = canvas.getContext('2d');
    if (!context) return true;
    context.font = `100px ${getComputedStyle(document.body).fontFamily}`;
    const drawings: Uint8ClampedArray[] = [];
    for (const character of ['空', '態']) {
      context.clearRect(0, 0, 120, 120);
      context.fillText(character, 10, 100);
      drawings.push(context.getImageData(0, 0, 120, 120).data);
    }
    const [first, second] = drawings;
    return first?.some((value, index) => value !== second?.[index]) ?? true;
  });
}

interface Palette {
  readonly card: string;
  readonly label: string;
  readonly hint: string;
  readonly iconInk: string;
  readonly iconDisc: string;
}

const PALETTES: Record<MenuCommand, Palette> = {
  upload: { card: '#17a058', label: '#ffffff', hint: '#e3f6ea', iconInk: '#17a058', iconDisc: '#ffffff' },
  status: { card: '#ffffff', label: '#2b2b2b', hint: '#6b6b6b', iconInk: '#2f7fd8', iconDisc: '#e3effc' },
  settings: { card: '#ffffff', label: '#2b2b2b', hint: '#6b6b6b', iconInk: '#e07a2f', iconDisc: '#fdebdd' },
  help: { card: '#ffffff', label: '#2b2b2b', hint: '#6b6b6b', iconInk: '#8a5cd0', iconDisc: '#eee6fa' },
};

/** 24×24 line drawings, stroked in the button's colour. */
const ICONS: Record<MenuCommand, string> = {
  upload: '<path d="M12 15V4"/><path d="M7 9l5-5 5 5"/><path d="M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4"/>',
  status:
    '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 3h6v3H9z"/><path d="M9 13l2 2 4-4"/>',
  settings:
    '<path d="M4 9l1.5-5h13L20 9"/><path d="M4 9a2.7 2.7 0 0 0 5.3 0a2.7 2.7 0 0 0 5.4 0a2.7 2.7 0 0 0 5.3 0"/><path d="M5 11v9h14v-9"/><path d="M10 20v-5h4v5"/>',
  help: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-.9.8-.9 1.4v.6"/><path d="M12 17.2v.1"/>',
};

/** Space around each drawn card inside its tap area. */
const INSET = 20;

export function richMenuHtml(buttons: readonly RichMenuButton[] = RICH_MENU_BUTTONS): string {
  return `<!doctype html>
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${RICH_MENU_SIZE.width}px; height: ${RICH_MENU_SIZE.height}px; overflow: hidden; }
  body { position: relative; background: #f3efe6; font-family: "WenQuanYi Zen Hei", "Noto Sans CJK TC", sans-serif; }
  .area { position: absolute; box-sizing: border-box; padding: ${INSET}px; }
  .card { box-sizing: border-box; width: 100%; height: 100%; border-radius: 56px; display: flex; align-items: center;
          justify-content: center; box-shadow: 0 6px 0 rgba(0, 0, 0, 0.08); }
  .tall .card { flex-direction: column; gap: 44px; }
  .wide .card { flex-direction: row; gap: 90px; }
  .disc { display: flex; align-items: center; justify-content: center; border-radius: 50%; flex: none; }
  .tall .disc { width: 270px; height: 270px; }
  .wide .disc { width: 400px; height: 400px; }
  .disc svg { width: 58%; height: 58%; fill: none; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
  .words { display: flex; flex-direction: column; gap: 22px; }
  .tall .words { align-items: center; }
  .label { font-weight: bold; -webkit-text-stroke: 3px currentColor; letter-spacing: 6px; white-space: nowrap; line-height: 1.15; }
  .tall .label { font-size: 132px; }
  .wide .label { font-size: 184px; }
  .hint { white-space: nowrap; line-height: 1.2; }
  .tall .hint { font-size: 72px; }
  .wide .hint { font-size: 96px; }
</style></head><body>
${buttons.map(buttonHtml).join('\n')}
</body></html>`;
}

function buttonHtml(button: RichMenuButton): string {
  const palette = PALETTES[button.command];
  return `<div class="area ${shapeOf(button.bounds)}" style="${boundsStyle(button.bounds)}">
  <div class="card" style="background: ${palette.card}">
    <div class="disc" style="background: ${palette.iconDisc}"><svg viewBox="0 0 24 24" style="stroke: ${palette.iconInk}">${ICONS[button.command]}</svg></div>
    <div class="words">
      <div class="label" style="color: ${palette.label}">${escapeHtml(button.label)}</div>
      <div class="hint" style="color: ${palette.hint}">${escapeHtml(button.hint)}</div>
    </div>
  </div>
</div>`;
}

/** A banner-shaped area puts the icon beside the words; a squarish one stacks them. */
function shapeOf(bounds: Bounds): 'wide' | 'tall' {
  return bounds.width / bounds.height > 1.6 ? 'wide' : 'tall';
}

function boundsStyle(bounds: Bounds): string {
  return `left: ${bounds.x}px; top: ${bounds.y}px; width: ${bounds.width}px; height: ${bounds.height}px`;
}
