import type { Locator, Page } from 'playwright';
import { controls } from './controls.ts';
import type { PortalProfile } from './profile.ts';

const DIALOG_SELECTOR = '[role="dialog"], [role="alertdialog"], dialog[open]';
const MESSAGE_SELECTOR = '[role="alert"], [role="alertdialog"], [role="dialog"], dialog[open], [role="status"]';

/** The open modal dialogs, topmost (last opened) last. */
export function openDialogs(page: Page): Locator {
  return page.locator(DIALOG_SELECTOR).filter({ visible: true });
}

/** The dialog a person is looking at, if any: actions then happen inside it. */
export async function topDialog(page: Page): Promise<Locator | null> {
  const dialogs = openDialogs(page);
  const count = await dialogs.count();
  return count === 0 ? null : dialogs.nth(count - 1);
}

/** How long a dialog may take to go away after its 確定 was pressed. */
const DIALOG_CLOSE_MS = 5000;

/**
 * Presses the dialog's 確定 (or its equivalent) and waits for that very dialog to go.
 * The element is pinned first: a locator such as "the topmost dialog" would move on to
 * the next one (the platform's answer opening as the question closes, or the form under
 * an alert) and wait for that one instead, which never goes away by itself.
 */
export async function acceptDialog(dialog: Locator, profile: PortalProfile): Promise<void> {
  const pinned = await dialog.elementHandle({ timeout: DIALOG_CLOSE_MS }).catch(() => null);
  try {
    await controls(dialog, profile.dialogs.accept, ['button', 'link']).first().click();
    await pinned?.waitForElementState('hidden', { timeout: DIALOG_CLOSE_MS }).catch(() => undefined);
  } finally {
    await pinned?.dispose().catch(() => undefined);
  }
}

// Marks live on the page's window; a page load clears them together with the messages they marked.
const SEEN = 'portal-driver:seen';

/**
 * Remembers every message box on the page as it reads now, so that after an
 * action only what is new or changed counts as the platform's answer (a message
 * left over from the previous attempt must not be read as this attempt's).
 */
export async function markMessagesSeen(page: Page): Promise<void> {
  await page
    .evaluate(
      ({ selector, key }) => {
        const seen = new WeakMap<Element, string>();
        for (const el of Array.from(document.querySelectorAll(selector))) seen.set(el, (el as HTMLElement).innerText ?? '');
        (window as unknown as Record<symbol, unknown>)[Symbol.for(key)] = seen;
      },
      { selector: MESSAGE_SELECTOR, key: SEEN },
    )
    .catch(() => undefined);
}

/** Visible message boxes (alerts, dialogs, status lines) that appeared or changed since the last mark. */
export async function freshMessages(page: Page): Promise<string[]> {
  return page
    .evaluate(
      ({ selector, key }) => {
        const seen = (window as unknown as Record<symbol, WeakMap<Element, string> | undefined>)[Symbol.for(key)];
        return Array.from(document.querySelectorAll(selector))
          .filter((el) => {
            const box = (el as HTMLElement).getBoundingClientRect();
            return box.width > 0 && box.height > 0;
          })
          .map((el) => ({ el, text: ((el as HTMLElement).innerText ?? '').trim() }))
          .filter(({ el, text }) => text !== '' && (seen === undefined || seen.get(el) !== text))
          .map(({ text }) => text);
      },
      { selector: MESSAGE_SELECTOR, key: SEEN },
    )
    .catch(() => []);
}

/** The open dialog that holds this control (e.g. the 新增 dialog holding the 發票字軌 fields). */
export function dialogHolding(page: Page, inner: Locator): Locator {
  return page.locator(DIALOG_SELECTOR).filter({ visible: true }).filter({ has: inner });
}

/** Closes a dialog left open (關閉/取消), so the page behind it is usable again. */
export async function closeDialog(dialog: Locator, profile: PortalProfile): Promise<void> {
  if (!(await dialog.isVisible().catch(() => false))) return;
  await controls(dialog, profile.dialogs.close, ['button', 'link']).first().click({ timeout: 2000 }).catch(() => undefined);
  await dialog.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
}
