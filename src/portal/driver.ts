import type { BrowserContextOptions } from 'playwright';
import type { Logger } from '../log.ts';
import { SharedBrowser } from './browser.ts';
import { PortalError } from './outcomes.ts';
import { portalProfile, type PortalProfile } from './profile.ts';
import { PortalSession } from './session.ts';

export interface PortalDriverOptions {
  readonly baseUrl: string;
  readonly browser: SharedBrowser;
  readonly log: Logger;
  readonly diagnosticsDir: string;
  readonly profile?: PortalProfile;
  readonly captchaTimeoutMs?: number;
  readonly maxCaptchaTries?: number;
  readonly paceMs?: number;
  /** Playwright's limit for one action or navigation, and for waiting on what a person would wait for. */
  readonly actionTimeoutMs?: number;
  /** How long a bot-protection interstitial may stand before the job gives up. */
  readonly botCheckTimeoutMs?: number;
}

/** An ordinary desktop Chrome on Windows: the platform sees one person's browser, not a headless robot. */
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * An earlier session to carry on from without a new login: the platform's cookies (Playwright's
 * storage state) and the blank-number page's address, as a person keeps a bookmark.
 */
export interface SavedPlatformSession {
  readonly cookies: Exclude<BrowserContextOptions['storageState'], string | undefined>;
  readonly blankPageUrl?: string;
}

export interface PortalDriver {
  /**
   * Runs work in a fresh browser context that is always closed afterwards; aborting closes it at
   * once. With `resume`, the context starts with an earlier session's cookies.
   */
  withSession<T>(work: (session: PortalSession) => Promise<T>, signal?: AbortSignal, resume?: SavedPlatformSession): Promise<T>;
}

export function createPortalDriver(options: PortalDriverOptions): PortalDriver {
  const sessionOptions = {
    baseUrl: options.baseUrl,
    profile: options.profile ?? portalProfile,
    diagnosticsDir: options.diagnosticsDir,
    log: options.log,
    captchaTimeoutMs: options.captchaTimeoutMs ?? 10 * 60_000,
    maxCaptchaTries: options.maxCaptchaTries ?? 3,
    paceMs: options.paceMs ?? 0,
    actionTimeoutMs: options.actionTimeoutMs ?? 30_000,
    botCheckTimeoutMs: options.botCheckTimeoutMs ?? 60_000,
  };
  return {
    async withSession(work, signal, resume) {
      if (signal?.aborted) throw new PortalError('aborted', 'The job was stopped before the browser opened.');
      const browser = await options.browser.get();
      const context = await browser.newContext({
        locale: 'zh-TW',
        timezoneId: 'Asia/Taipei',
        viewport: { width: 1280, height: 900 },
        userAgent: USER_AGENT,
        ...(resume ? { storageState: resume.cookies } : {}),
      });
      context.setDefaultTimeout(sessionOptions.actionTimeoutMs);
      const session = new PortalSession(context, await context.newPage(), sessionOptions, resume?.blankPageUrl);
      const abort = () => void session.close();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        return await work(session);
      } finally {
        signal?.removeEventListener('abort', abort);
        await session.close();
      }
    },
  };
}
