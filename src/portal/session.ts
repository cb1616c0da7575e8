import type { BrowserContext, Locator, Page } from 'playwright';
import { errors as playwrightErrors } from 'playwright';
import { formatPortalLabel, type Period } from '../invoice/period.ts';
import type { InvoiceRange } from '../invoice/range.ts';
import type { InvoiceType } from '../invoice/invoice-type.ts';
import type { Logger } from '../log.ts';
import type { PortalCredentials } from '../vault/credentials.ts';
import { logIn, type LoginOptions, type SolveCaptcha } from './login.ts';
import { PortalError, type Listing, type ListedRow, type RangeResult } from './outcomes.ts';
import { blankPasswordFields, checkForOutage, pageMessages, readPageSignals, readTable, saveDiagnostics, type PageSignals } from './page-reading.ts';
import type { PortalProfile } from './profile.ts';

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
}

/** Thrown inside a step when the platform sent us back to its login page. */
class SignedOut extends Error {}

const MAX_LISTING_PAGES = 200;

/**
 * One job's visit to the platform: its own browser context (cookies), one login,
 * and the blank-number operations. A session that expires mid-step is logged in
 * again once and the step redone; a second expiry fails the step.
 */
export class PortalSession {
  #credentials: PortalCredentials | undefined;
  #solveCaptcha: SolveCaptcha | undefined;
  #relogins = 0;
  #blankPageUrl: string | undefined;
  #dialogMessages: string[] = [];

  /** HTTP status of the last page the main frame loaded. */
  #documentStatus = 200;

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly options: SessionOptions,
  ) {
    // Older government pages answer with window.alert(); keep its words and dismiss it as a person would.
    page.on('dialog', (dialog) => {
      this.#dialogMessages.push(dialog.message());
      void dialog.accept().catch(() => undefined);
    });
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) this.#documentStatus = response.status();
    });
  }

  async login(credentials: PortalCredentials, solveCaptcha: SolveCaptcha): Promise<void> {
    this.#credentials = credentials;
    this.#solveCaptcha = solveCaptcha;
    await this.guard('login', () => logIn(this.page, this.options.profile, credentials, solveCaptcha, this.options, async (action) => void (await this.load(action)), () => this.takeDialogMessages()));
  }

  /** Adds the ranges not yet listed for the period; one result per range, in the order given. */
  async addBlankRanges(store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<RangeResult[]> {
    return this.guard('add', () =>
      this.withRelogin(async () => {
        const listed = (await this.readListing(store, period, false)).rows;
        const isListed = (range: InvoiceRange) => listed.some((row) => sameRange(row, range));
        const toAdd = ranges.filter((range) => !isListed(range));
        const added = toAdd.length > 0 ? await this.addRows(store, period, toAdd) : [];
        return ranges.map(
          (range) => added.find((result) => result.range === range) ?? { range, status: 'already-listed' as const },
        );
      }),
    );
  }

  /** Every row the 查詢 listing shows for the period, over all its pages, with a screenshot of the first page. */
  async queryBlankRanges(store: StoreIdentity, period: Period, withScreenshot = true): Promise<Listing> {
    return this.guard('query', () => this.withRelogin(() => this.readListing(store, period, withScreenshot)));
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  private async openHome(): Promise<void> {
    await this.load(() => this.page.goto(new URL(this.options.profile.homePath, this.options.baseUrl).toString()));
  }

  /**
   * The first time through the menu, as a person would; after that straight to
   * the page's address (as a person would with the back button or a bookmark).
   */
  private async openBlankPage(period: Period): Promise<void> {
    if (this.#blankPageUrl) {
      const url = this.#blankPageUrl;
      await this.navigate(() => this.page.goto(url));
      await this.assertSignedIn();
    }
    const periodSelect = this.page.getByLabel(this.options.profile.blankPage.period, { exact: true });
    if (!this.#blankPageUrl || (await periodSelect.count()) === 0) {
      await this.openHomeIfSignedOut();
      for (const link of this.options.profile.menuPath) {
        await this.navigate(() => this.page.getByRole('link', { name: link }).first().click());
      }
      this.#blankPageUrl = this.page.url();
    }
    await this.choosePeriod(period);
  }

  private async openHomeIfSignedOut(): Promise<void> {
    const menuLink = this.page.getByRole('link', { name: this.options.profile.menuPath[0] });
    if ((await menuLink.count()) === 0) await this.openHome();
    if ((await menuLink.count()) === 0) await this.assertSignedIn();
  }

  private async choosePeriod(period: Period): Promise<void> {
    const label = formatPortalLabel(period);
    const select = this.page.getByLabel(this.options.profile.blankPage.period, { exact: true });
    const options = await select.locator('option').allInnerTexts();
    if (!options.some((option) => option.trim() === label)) {
      throw new PortalError('period-unavailable', `The platform does not offer period ${label}.`, `字軌期別沒有 ${label}`);
    }
    await select.selectOption({ label });
  }

  /** The listing shows every branch of the account; keep the store's own rows (the seed shows the column empty). */
  private async readListing(store: StoreIdentity, period: Period, withScreenshot: boolean): Promise<Listing> {
    await this.openBlankPage(period);
    await this.navigate(() => this.page.getByRole('button', { name: this.options.profile.blankPage.query }).click());
    const rows: ListedRow[] = [];
    let screenshot: Buffer | undefined;
    for (let pageNo = 1; pageNo <= MAX_LISTING_PAGES; pageNo += 1) {
      const pageRows = await this.readListingPage();
      rows.push(...pageRows.filter((row) => row.branchUbn === '' || row.branchUbn === store.branchUbn));
      if (withScreenshot && pageNo === 1) screenshot = await this.screenshot();
      const next = this.page.getByRole('link', { name: this.options.profile.listing.nextPage });
      if ((await next.count()) === 0) break;
      await this.navigate(() => next.first().click());
    }
    return screenshot ? { rows, screenshot } : { rows };
  }

  private async readListingPage(): Promise<ListedRow[]> {
    const { listing, messages } = this.options.profile;
    const table = await readTable(this.page, {
      branchUbn: listing.branchUbn,
      invoiceType: listing.invoiceType,
      periodLabel: listing.period,
      track: listing.track,
      start: listing.startNo,
      end: listing.endNo,
    });
    if (!table) {
      if (messages.noData.test((await pageMessages(this.page)).body)) return [];
      throw new PortalError('unexpected', 'The 查詢 listing has no table the driver recognises.');
    }
    return table
      .filter((row) => /^\d{8}$/.test(row.start) && /^\d{8}$/.test(row.end))
      .map((row) => ({ ...row, track: row.track.toUpperCase(), start: Number(row.start), end: Number(row.end) }));
  }

  private async addRows(store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<RangeResult[]> {
    const { blankPage, addForm } = this.options.profile;
    await this.openBlankPage(period);
    await this.navigate(() => this.page.getByRole('button', { name: blankPage.add }).click());
    const trackInputs = this.page.getByLabel(addForm.track, { exact: true });
    while ((await trackInputs.count()) < ranges.length) {
      await this.navigate(() => this.page.getByRole('button', { name: addForm.addRow }).click());
    }
    for (const [index, range] of ranges.entries()) await this.fillRow(index, store, range);
    await this.navigate(() => this.page.getByRole('button', { name: addForm.save }).click());
    return this.readSaveResult(ranges);
  }

  private async fillRow(index: number, store: StoreIdentity, range: InvoiceRange): Promise<void> {
    const { addForm } = this.options.profile;
    const field = (label: string | RegExp) =>
      (typeof label === 'string' ? this.page.getByLabel(label, { exact: true }) : this.page.getByLabel(label)).nth(index);
    await selectOptionContaining(field(addForm.branchUbn), store.branchUbn);
    await selectOptionContaining(field(addForm.invoiceType), addForm.invoiceTypeLabels[store.invoiceType]);
    await field(addForm.track).fill(range.track);
    await field(addForm.startNo).fill(String(range.start).padStart(8, '0'));
    await field(addForm.endNo).fill(String(range.end).padStart(8, '0'));
    await this.pace();
  }

  private async readSaveResult(ranges: readonly InvoiceRange[]): Promise<RangeResult[]> {
    const { saveResult, messages } = this.options.profile;
    const table = await readTable(this.page, {
      track: saveResult.track,
      start: saveResult.startNo,
      end: saveResult.endNo,
      outcome: saveResult.outcome,
    });
    if (!table) throw new PortalError('unexpected', 'After 存檔 the platform showed no result table the driver recognises.');
    return ranges.map((range) => {
      const row = table.find((r) => r.track.toUpperCase() === range.track && Number(r.start) === range.start && Number(r.end) === range.end);
      if (!row) throw new PortalError('unexpected', `The 存檔 result does not mention ${range.track}${range.start}.`);
      if (saveResult.savedText.test(row.outcome) && !/失敗/.test(row.outcome)) return { range, status: 'saved' as const };
      return { range, status: 'refused' as const, platformMessage: row.outcome, duplicate: messages.duplicateRange.test(row.outcome) };
    });
  }

  /** Runs a navigation and checks where it led: maintenance, server error, or back at the login page. */
  private async navigate(action: () => Promise<unknown>): Promise<void> {
    const signals = await this.load(action);
    if (signals.alerts.some((alert) => this.options.profile.messages.sessionExpired.test(alert))) throw new SignedOut();
  }

  /** Runs an action that loads a page, then checks for maintenance and server errors. */
  private async load(action: () => Promise<unknown>): Promise<PageSignals> {
    await this.pace();
    await action();
    await this.page.waitForLoadState('load');
    const signals = await readPageSignals(this.page);
    checkForOutage(signals, this.options.profile, this.#documentStatus);
    return signals;
  }

  private async assertSignedIn(): Promise<void> {
    const passwordField = this.page.getByLabel(this.options.profile.login.password, { exact: true });
    if ((await passwordField.count()) > 0) throw new SignedOut();
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
      this.options.log.info('platform session expired; logging in again');
      await logIn(this.page, this.options.profile, this.#credentials, this.#solveCaptcha, this.options, async (action) => void (await this.load(action)), () => this.takeDialogMessages());
      return step();
    }
  }

  /** Maps every failure to a PortalError; unexpected ones get a screenshot and HTML snapshot. */
  private async guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PortalError && error.kind !== 'unexpected') throw error;
      if (error instanceof SignedOut) throw new PortalError('session-expired', 'The platform signed the session out.');
      if (error instanceof playwrightErrors.TimeoutError) throw new PortalError('timeout', `The platform did not answer in time during ${operation}.`);
      if (this.page.isClosed()) throw new PortalError('aborted', `The browser closed during ${operation}.`);
      const diagnostics = await saveDiagnostics(this.page, this.options.diagnosticsDir, `${operation}-unexpected`);
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.warn({ operation, diagnostics, reason: message.split('\n')[0] }, 'platform step failed unexpectedly');
      throw new PortalError('unexpected', `Unexpected page during ${operation}: ${message.split('\n')[0]}`, undefined, diagnostics);
    }
  }

  private takeDialogMessages(): string[] {
    return this.#dialogMessages.splice(0);
  }

  private async screenshot(): Promise<Buffer> {
    await blankPasswordFields(this.page);
    return this.page.screenshot({ fullPage: true });
  }

  private async pace(): Promise<void> {
    if (this.options.paceMs > 0) await this.page.waitForTimeout(this.options.paceMs);
  }
}

/**
 * Chooses the option whose value or visible text contains the wanted text. Checking
 * first matters: Playwright would otherwise wait its whole timeout for a missing option.
 */
async function selectOptionContaining(select: Locator, wanted: string): Promise<void> {
  const options = await select.locator('option').evaluateAll((nodes) =>
    nodes.map((node) => ({ value: (node as HTMLOptionElement).value, text: (node.textContent ?? '').trim() })),
  );
  const option = options.find((o) => o.value === wanted || o.text === wanted) ?? options.find((o) => o.text.includes(wanted));
  if (!option) {
    throw new PortalError('unexpected', `The platform form offers no option "${wanted}".`, `選單中沒有 ${wanted}`);
  }
  await select.selectOption({ value: option.value });
}

function sameRange(row: ListedRow, range: InvoiceRange): boolean {
  return row.track === range.track && row.start === range.start && row.end === range.end;
}

