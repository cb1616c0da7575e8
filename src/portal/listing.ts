// 查詢: reading the listing over all its pages, and deleting rows from it.
import type { Locator, Page } from 'playwright';
import type { Period } from '../invoice/period.ts';
import type { InvoiceRange } from '../invoice/range.ts';
import { clickControl, controls, isShown } from './controls.ts';
import { answerDialogs } from './answer-dialogs.ts';
import { markMessagesSeen } from './dialogs.ts';
import { PortalError, type DeleteResult, type ListedRow, type Listing } from './outcomes.ts';
import { pageMessages, readTable } from './page-reading.ts';
import type { PortalProfile } from './profile.ts';
import type { PageWork, StoreIdentity } from './session.ts';
import { busyWith, pollFor } from './waiting.ts';

const MAX_LISTING_PAGES = 200;
/** After 下一頁, how long an unchanged table may take to change before it counts as the last page. */
const LAST_PAGE_GRACE_MS = 800;

/** Every row of the period's listing that belongs to the store, over all pages; a picture of the first page on request. */
export async function readListing(work: PageWork, store: StoreIdentity, period: Period, withScreenshot: boolean): Promise<Listing> {
  await openListing(work, period);
  const rows: ListedRow[] = [];
  let screenshot: Buffer | undefined;
  let read = 0;
  for (let pageNo = 1; pageNo <= MAX_LISTING_PAGES; pageNo += 1) {
    const pageRows = await readListingPage(work);
    read += pageRows.length;
    // The listing shows every branch of the account; keep the store's own rows (the seed shows the column empty).
    rows.push(...pageRows.filter((row) => row.branchUbn === '' || row.branchUbn === store.branchUbn));
    if (withScreenshot && pageNo === 1) screenshot = await listingPicture(work.page, work.profile);
    if (read >= ((await listingTotal(work)) ?? Number.POSITIVE_INFINITY)) break;
    if (!(await nextListingPage(work))) break;
  }
  return screenshot ? { rows, screenshot } : { rows };
}

/**
 * Deletes the listed ones among `ranges`, a page at a time (tick their rows →
 * 刪除 → confirm), then reads the listing again to be sure they are gone.
 */
export async function deleteListed(work: PageWork, store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<DeleteResult[]> {
  const listedNow = async () => (await readListing(work, store, period, false)).rows;
  const before = await listedNow();
  const targets = ranges.filter((range) => before.some((row) => sameRange(row, range)));
  let left = targets;
  for (let round = 0; round <= targets.length && left.length > 0; round += 1) {
    const removed = await deleteOnFirstPageShowing(work, period, left);
    if (removed.length === 0) break;
    left = left.filter((range) => !removed.includes(range));
  }
  const after = targets.length > 0 ? await listedNow() : before;
  const stillListed = targets.filter((range) => after.some((row) => sameRange(row, range)));
  if (stillListed.length > 0) {
    throw new PortalError('unexpected', `The platform still lists ${stillListed.map((r) => `${r.track}${r.start}`).join(', ')} after 刪除.`);
  }
  return ranges.map((range) => ({ range, status: targets.includes(range) ? ('deleted' as const) : ('not-listed' as const) }));
}

async function openListing(work: PageWork, period: Period): Promise<void> {
  await work.openBlankPage(period);
  await markMessagesSeen(work.page);
  await work.act(() => clickControl(work.page, work.profile.blankPage.query));
}

async function deleteOnFirstPageShowing(work: PageWork, period: Period, left: readonly InvoiceRange[]): Promise<InvoiceRange[]> {
  await openListing(work, period);
  for (let pageNo = 1; pageNo <= MAX_LISTING_PAGES; pageNo += 1) {
    const rows = await readListingPage(work);
    const here = left.filter((range) => rows.some((row) => sameRange(row, range)));
    if (here.length > 0) {
      for (const range of here) await rowCheckbox(work.page, range).check();
      await markMessagesSeen(work.page);
      await work.act(() => clickControl(work.page, work.profile.listing.delete, ['button', 'link']));
      await answerDialogs(work);
      return here;
    }
    if (!(await nextListingPage(work))) return [];
  }
  return [];
}

/** The checkbox of the row showing this range, found by the row's cells (their values, not the column order). */
function rowCheckbox(page: Page, range: InvoiceRange): Locator {
  const cell = (text: string) => page.getByRole('cell', { name: text, exact: true }).or(page.getByRole('gridcell', { name: text, exact: true }));
  return page
    .getByRole('row')
    .filter({ has: cell(String(range.start).padStart(8, '0')) })
    .filter({ has: cell(String(range.end).padStart(8, '0')) })
    .filter({ has: cell(range.track) })
    .getByRole('checkbox');
}

function listingColumns(profile: PortalProfile) {
  const { listing } = profile;
  return {
    branchUbn: listing.branchUbn,
    invoiceType: listing.invoiceType,
    periodLabel: listing.period,
    track: listing.track,
    start: listing.startNo,
    end: listing.endNo,
  };
}

/** The rows on the page once the listing has arrived; none when it says 查無資料. */
async function readListingPage(work: PageWork): Promise<ListedRow[]> {
  const { page, profile } = work;
  const table = await pollFor(async () => {
    if ((await busyWith(page, profile)) !== null) return undefined;
    const found = await readTable(page, listingColumns(profile));
    if (found) return found;
    return profile.messages.noData.test((await pageMessages(page)).body) ? [] : undefined;
  }, work.actionTimeoutMs);
  if (!table) throw new PortalError('unexpected', 'The 查詢 listing has no table the driver recognises.');
  return table
    .filter((row) => /^\d{8}$/.test(row.start) && /^\d{8}$/.test(row.end))
    .map((row) => ({ ...row, track: row.track.toUpperCase(), start: Number(row.start), end: Number(row.end) }));
}

/** The number of rows the pager says the whole listing has, when it says so. */
async function listingTotal(work: PageWork): Promise<number | null> {
  const match = work.profile.listing.total.exec((await pageMessages(work.page)).body);
  const count = match?.slice(1).find((group) => group !== undefined);
  return count === undefined ? null : Number(count);
}

/**
 * Goes to the next page of the listing. The end is where there is no 下一頁, it
 * is disabled, or pressing it leaves the table as it was (some sites keep 下一頁
 * enabled on the last page).
 */
async function nextListingPage(work: PageWork): Promise<boolean> {
  const { page, profile } = work;
  const next = controls(page, profile.listing.nextPage, ['button', 'link']).first();
  if (!(await isShown(next))) return false;
  if ((await next.isDisabled().catch(() => true)) || (await next.getAttribute('aria-disabled')) === 'true') return false;
  const before = await tableSignature(page, profile);
  await work.act(() => next.click());
  const changed = await pollFor(async () => ((await tableSignature(page, profile)) !== before ? true : undefined), LAST_PAGE_GRACE_MS);
  return changed === true;
}

async function tableSignature(page: Page, profile: PortalProfile): Promise<string> {
  return JSON.stringify(await readTable(page, listingColumns(profile)));
}

/** A phone's width: the proof is looked at in LINE, where a desktop-wide table would be unreadable. */
const PHONE_WIDTH = 480;

/**
 * The listing table itself, cropped to its rows and laid out at a phone's width, as proof; the
 * whole page where no table can be told apart.
 */
async function listingPicture(page: Page, profile: PortalProfile): Promise<Buffer> {
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: profile.listing.startNo, exact: typeof profile.listing.startNo === 'string' }) }).first();
  if (!(await isShown(table))) return page.screenshot({ fullPage: true });
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: PHONE_WIDTH, height: desktop?.height ?? 900 });
  try {
    return await table.screenshot();
  } finally {
    if (desktop) await page.setViewportSize(desktop);
  }
}

function sameRange(row: ListedRow, range: InvoiceRange): boolean {
  return row.track === range.track && row.start === range.start && row.end === range.end;
}
