// Draws a screen in Chromium and returns its screenshot (PNG).
import type { Page } from 'playwright';
import { screenHtml } from './html.ts';
import { screenContent } from './layouts/index.ts';
import { contentText } from './screen-content.ts';
import type { PosScreenSpec } from './spec.ts';

/** The text on the screen a spec draws, top to bottom, as a perfect reader would type it. */
export function screenText(spec: PosScreenSpec): string {
  return contentText(screenContent(spec));
}

export async function renderPosScreen(page: Page, spec: PosScreenSpec): Promise<Buffer> {
  await page.setViewportSize(spec.viewport);
  await page.setContent(screenHtml(spec, screenContent(spec)), { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(SHRINK_TO_FIT);
  return page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
}

// A screen with many lines in a large font would run off the monitor: smaller type, as the app would scroll or
// shrink. Runs in the page; a string because tsx's name helpers do not exist there.
const SHRINK_TO_FIT = `(() => {
  const body = document.body;
  const boxes = Array.from(document.querySelectorAll('.panel, .slip'));
  const buttons = document.querySelector('.buttons');
  const fits = () => {
    const floor = buttons ? buttons.getBoundingClientRect().top - 4 : window.innerHeight - 4;
    return boxes.every((box) => box.getBoundingClientRect().bottom <= floor && box.scrollWidth <= box.clientWidth + 1 && box.getBoundingClientRect().right <= window.innerWidth);
  };
  let size = parseFloat(getComputedStyle(body).fontSize);
  while (!fits() && size > 11) {
    size -= 1;
    body.style.fontSize = size + 'px';
  }
})()`;
