import type { BrowserContext, Page } from 'playwright';
import { errors as playwrightErrors } from 'playwright';
import { formatPortalLabel, samePeriod, type Period } from '../invoice/period.ts';
import type { InvoiceRange } from '../invoice/range.ts';
import type { InvoiceType } from '../invoice/invoice-type.ts';
import type { Logger } from '../log.ts';
import type { PortalCredentials } from '../vault/credentials.ts';
import { controls, currentValue, fields, isShown, setField } from './controls.ts';
import { saveDiagnostics } from './diagnostics.ts';
import { acceptDialog, topDialog } from './dialogs.ts';
import { addRows } from './entry.ts';
import { deleteListed, readListing } from './listing.ts';
import { logIn, type LoginOptions, type SolveCaptcha } from './login.ts';
import { PortalError, SignedOut, type DeleteResult, type Listing, type RangeResult } from './outcomes.ts';
import { checkForOutage, readPageSignals } from './page-reading.ts';
import type { PortalProfile } from './profile.ts';
import type { SavedPlatformSession } from './driver.ts';
import { optionForPeriod, periodOfOption } from './reading.ts';
import { settle } from './waiting.ts';

export interface StoreIdentity {
  /** 總機構統一編號 (HeadBan). */
  readonly ubn: string;
  /** 分支機構統一編號 (BranchBan); the store's own ubn when it has no branches. */
  readonly branchUbn: string;
  readonly invoiceType: InvoiceType;
}

export interface SessionOptions extends LoginOptions {
  readonly baseUrl: string;
  readonly profile: PortalProfile;
  readonly diagnosticsDir: string;
  readonly log: Logger;
  /** Pause between actions, so the session looks like one unhurried person. */
  readonly paceMs: number;
  /** How long a bot-protection interstitial may stand before the job gives up. */
  readonly botCheckTimeoutMs: number;
}

/** What the operation modules (entry, listing) use of the session. */
export interface PageWork {
  readonly page: Page;
  readonly profile: PortalProfile;
  readonly actionTimeoutMs: number;
  /** Runs an action that changes the page, waits for it to settle, and checks where it led. */
  act(action: () => Promise<unknown>): Promise<void>;
  /** Opens the blank-number page for the period (menu the first time, its address after). */
  openBlankPage(period: Period): Promise<void>;
  /** Texts of window.alert/confirm the page raised since the last call (each already answered with OK). */
  takeNativeMessages(): string[];
}

/**
 * One job's visit to the platform: its own browser context (cookies), one login,
 * and the blank-number operations. A session that expires mid-step is logged in
 * again once and the step redone; a second expiry fails the step.
 */
export class PortalSession implements PageWork {
  #credentials: PortalCredentials | undefined;
  #solveCaptcha: SolveCaptcha | undefined;
  #relogins = 0;
  #blankPageUrl: string | undefined;
  #nativeMessages: string[] = [];
  /** HTTP status of the last document the main frame loaded. */
  #documentStatus = 200;

  constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly options: SessionOptions,
    blankPageUrl?: string,
  ) {
    this.#blankPageUrl = blankPageUrl;
    // window.alert/confirm: keep the words and press OK, as a person would.
    page.on('dialog', (dialog) => {
      this.#nativeMessages.push(dialog.message());
      void dialog.accept().catch(() => undefined);
    });
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) this.#documentStatus = response.status();
    });
  }

  get profile(): PortalProfile {
    return this.options.profile;
  }

  get actionTimeoutMs(): number {
    return this.options.actionTimeoutMs;
  }

  async login(credentials: PortalCredentials, solveCaptcha: SolveCaptcha): Promise<void> {
    this.#credentials = credentials;
    this.#solveCaptcha = solveCaptcha;
    await this.guard('login', () => this.logInNow(credentials, solveCaptcha));
  }

  /**
   * Adds the ranges for the period; one result per range, in the order given. A range the
   * platform refuses as a duplicate is looked up in 查詢: listed exactly as it is, it was there
   * already (an earlier save of ours or the owner's own), which is not a refusal.
   */
  async addBlankRanges(store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<RangeResult[]> {
    return this.guard('add', () =>
      this.withRelogin(async () => {
        const results = await addRows(this, store, period, ranges);
        if (!results.some((result) => result.duplicate)) return results;
        const listed = (await readListing(this, store, period, false)).rows;
        const isListed = (range: InvoiceRange) => listed.some((row) => sameRange(row, range));
        return results.map((result) => (result.duplicate && isListed(result.range) ? { range: result.range, status: 'already-listed' as const } : result));
      }),
    );
  }

  /** Every row the 查詢 listing shows for the period, over all its pages, with a screenshot of the first page. */
  async queryBlankRanges(store: StoreIdentity, period: Period, withScreenshot = true): Promise<Listing> {
    return this.guard('query', () => this.withRelogin(() => readListing(this, store, period, withScreenshot)));
  }

  /**
   * Deletes these ranges from the 查詢 listing (select their rows → 刪除 → confirm).
   * A range the listing does not show is reported as not listed, never guessed.
   */
  async deleteBlankRanges(store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<DeleteResult[]> {
    return this.guard('delete', () => this.withRelogin(() => deleteListed(this, store, period, ranges)));
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  /** The platform's cookies now, so a later job may carry on without a new login while the platform still accepts them. */
  async savedSession(): Promise<SavedPlatformSession> {
    return { cookies: await this.context.storageState(), ...(this.#blankPageUrl ? { blankPageUrl: this.#blankPageUrl } : {}) };
  }

  /**
   * The 查詢 listing from a resumed session: when the platform still accepts the saved cookies no
   * login is needed; when it does not, null (the caller logs in, with the owner's captcha).
   */
  async queryIfSignedIn(store: StoreIdentity, period: Period, withScreenshot = true): Promise<Listing | null> {
    try {
      return await this.guard('query', () => readListing(this, store, period, withScreenshot));
    } catch (error) {
      if (error instanceof PortalError && error.kind === 'session-expired') return null;
      throw error;
    }
  }

  /**
   * The first time through the menu, as a person would; after that straight to
   * the page's address (as a person would with the back button or a bookmark).
   */
  async openBlankPage(period: Period): Promise<void> {
    if (this.#blankPageUrl && this.page.url() !== this.#blankPageUrl) {
      const url = this.#blankPageUrl;
      await this.act(() => this.page.goto(url));
    }
    if (!(await this.showsPeriodPicker())) {
      await this.walkMenu();
      this.#blankPageUrl = this.page.url();
    }
    await this.choosePeriod(period);
  }

  async act(action: () => Promise<unknown>): Promise<void> {
    await this.pace();
    await action();
    await settle(this.page, this.options.profile, { timeoutMs: this.options.actionTimeoutMs, botCheckTimeoutMs: this.options.botCheckTimeoutMs });
    const signals = await readPageSignals(this.page);
    checkForOutage(signals, this.options.profile, this.#documentStatus);
    if (signals.alerts.some((alert) => this.options.profile.messages.sessionExpired.test(alert))) {
      const dialog = await topDialog(this.page);
      if (dialog) await acceptDialog(dialog, this.options.profile).catch(() => undefined);
      throw new SignedOut();
    }
  }

  takeNativeMessages(): string[] {
    return this.#nativeMessages.splice(0);
  }

  private async logInNow(credentials: PortalCredentials, solveCaptcha: SolveCaptcha): Promise<void> {
    await logIn(this.page, this.options.profile, credentials, solveCaptcha, this.options, {
      act: (action) => this.actSignedOut(action),
      takeNativeMessages: () => this.takeNativeMessages(),
    });
  }

  /** Before login an expiry message is only the platform's greeting (「請重新登入」), not a signal. */
  private async actSignedOut(action: () => Promise<unknown>): Promise<void> {
    try {
      await this.act(action);
    } catch (error) {
      if (!(error instanceof SignedOut)) throw error;
    }
  }

  private async showsPeriodPicker(): Promise<boolean> {
    return isShown(await this.periodFields());
  }

  private async periodFields() {
    const label = this.options.profile.blankPage.period;
    return this.page
      .getByLabel(label, { exact: typeof label === 'string' })
      .or(this.page.getByRole('combobox', { name: label, exact: typeof label === 'string' }))
      .filter({ visible: true });
  }

  /** Clicks the visible menu path, expanding groups on the way; from the home page when the menu is not on this one. */
  private async walkMenu(): Promise<void> {
    const { profile } = this.options;
    const [firstStep] = profile.menuPath;
    if (firstStep === undefined) return;
    if (!(await this.shows(controls(this.page, firstStep)))) {
      await this.act(() => this.page.goto(new URL(profile.homePath, this.options.baseUrl).toString()));
      await this.assertSignedIn();
    }
    for (const [index, step] of profile.menuPath.entries()) {
      const control = controls(this.page, step).first();
      await control.waitFor({ state: 'visible' });
      const isLast = index === profile.menuPath.length - 1;
      if (!isLast && (await control.getAttribute('aria-expanded')) === 'true') continue;
      await this.act(() => control.click());
    }
    await (await this.periodFields()).first().waitFor({ state: 'visible' });
  }

  private async shows(locator: ReturnType<typeof controls>): Promise<boolean> {
    return locator
      .first()
      .waitFor({ state: 'visible', timeout: Math.min(this.options.actionTimeoutMs, 3000) })
      .then(() => true, () => false);
  }

  /** The 字軌期別 option naming this period, told by reading each option as a period (padding and extra words do not matter). */
  private async choosePeriod(period: Period): Promise<void> {
    const picker = (await this.periodFields()).first();
    await picker.waitFor({ state: 'visible' });
    const label = formatPortalLabel(period);
    const shown = periodOfOption(await currentValue(picker));
    if (shown && samePeriod(shown, period)) return;
    const notOffered = () => new PortalError('period-unavailable', `The platform does not offer period ${label}.`, `字軌期別沒有 ${label}`);
    try {
      await setField(this.page, picker, label, (texts) => optionForPeriod(texts, period));
    } catch (error) {
      if (error instanceof PortalError && error.kind === 'unexpected') throw notOffered();
      throw error;
    }
  }

  /** Signed out shows as the login form, or as the site's 登入 control where the menu should be. */
  private async assertSignedIn(): Promise<void> {
    const { login, menuPath } = this.options.profile;
    if (await isShown(fields(this.page, login.password))) throw new SignedOut();
    const [firstStep] = menuPath;
    const menuShown = firstStep !== undefined && (await this.shows(controls(this.page, firstStep)));
    if (!menuShown && (await isShown(controls(this.page, login.entry, ['link', 'button'])))) throw new SignedOut();
  }

  private async withRelogin<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof SignedOut)) throw error;
      if (this.#relogins > 0 || !this.#credentials || !this.#solveCaptcha) {
        throw new PortalError('session-expired', 'The platform session expired again after logging in anew.');
      }
      this.#relogins += 1;
      this.#blankPageUrl = undefined;
      this.options.log.info('platform session expired; logging in again');
      await this.logInNow(this.#credentials, this.#solveCaptcha);
      return step();
    }
  }

  /** Maps every failure to a PortalError; unexpected ones get diagnostics an operator can act on. */
  private async guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PortalError && error.kind !== 'unexpected' && error.kind !== 'timeout') throw error;
      if (error instanceof SignedOut) throw new PortalError('session-expired', 'The platform signed the session out.');
      if (this.page.isClosed()) throw new PortalError('aborted', `The browser closed during ${operation}.`);
      const timedOut = error instanceof playwrightErrors.TimeoutError || (error instanceof PortalError && error.kind === 'timeout');
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      const diagnostics = await saveDiagnostics(this.page, this.options.diagnosticsDir, `${operation}-${timedOut ? 'timeout' : 'unexpected'}`, reason);
      this.options.log.warn({ operation, diagnostics, reason }, 'platform step failed');
      if (timedOut) throw new PortalError('timeout', `The platform did not answer in time during ${operation}.`, undefined, diagnostics);
      const platformMessage = error instanceof PortalError ? error.platformMessage : undefined;
      throw new PortalError('unexpected', `Unexpected page during ${operation}: ${reason}`, platformMessage, diagnostics);
    }
  }

  private async pace(): Promise<void> {
    if (this.options.paceMs > 0) await this.page.waitForTimeout(this.options.paceMs);
  }
}

function sameRange(row: { track: string; start: number; end: number }, range: InvoiceRange): boolean {
  return row.track === range.track && row.start === range.start && row.end === range.end;
}
