import type { Page } from 'playwright';
import { PortalError } from './outcomes.ts';
import type { PortalProfile } from './profile.ts';

const POLL_MS = 25;

/** Checks `probe` until it returns a value (not undefined) or the time is up; then returns undefined. */
export async function pollFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What stands between the page and the person: a loading indicator or a bot check, if any is visible. */
export async function busyWith(page: Page, profile: PortalProfile): Promise<'loading' | 'bot-check' | null> {
  return page
    .evaluate(
      ({ loading, botCheck }) => {
        // Runs in the page, where the bundler's helpers do not exist: no named functions in here.
        const loadingRe = new RegExp(loading.source, loading.flags);
        const botRe = new RegExp(botCheck.source, botCheck.flags);
        const bodyText = document.body ? document.body.innerText : '';
        if (botRe.test(bodyText)) return 'bot-check' as const;
        // An alert waiting for 確定 is what a person attends to, whatever still spins behind it.
        const alertShown = Array.from(document.querySelectorAll('[role="alertdialog"]')).some((el) => el.getBoundingClientRect().height > 0);
        if (alertShown) return null;
        const indicators = Array.from(document.querySelectorAll('[role="progressbar"], [aria-busy="true"]')).filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        });
        if (indicators.length > 0) return 'loading' as const;
        const lines = bodyText.split('\n').map((line) => line.trim());
        return lines.some((line) => loadingRe.test(line)) ? ('loading' as const) : null;
      },
      { loading: { source: profile.loading.source, flags: profile.loading.flags }, botCheck: { source: profile.botCheck.source, flags: profile.botCheck.flags } },
    )
    .catch(() => 'loading' as const);
}

export interface SettleOptions {
  readonly timeoutMs: number;
  /** How long a bot-protection interstitial may stand before the job gives up. */
  readonly botCheckTimeoutMs: number;
}

/**
 * Waits for the page to be usable, as a person waits: the document loaded, no
 * loading indicator, no bot-check interstitial. A page that never settles is a
 * timeout; a bot check that never lets us through is its own failure.
 */
export async function settle(page: Page, profile: PortalProfile, options: SettleOptions): Promise<void> {
  await page.waitForLoadState('domcontentloaded', { timeout: options.timeoutMs });
  const started = Date.now();
  const settled = await pollFor(async () => {
    const busy = await busyWith(page, profile);
    if (busy === 'bot-check' && Date.now() - started > options.botCheckTimeoutMs) {
      throw new PortalError('bot-check', 'The platform\'s bot protection did not let the browser through; try PORTAL_HEADED=true.');
    }
    return busy === null ? true : undefined;
  }, Math.max(options.timeoutMs, options.botCheckTimeoutMs));
  if (!settled) throw new PortalError('timeout', 'The platform page kept loading.');
}
