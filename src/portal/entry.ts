// 新增 → rows → 存檔: entering ranges in the platform's form and reading its answer for each row.
import type { Locator } from 'playwright';
import type { Period } from '../invoice/period.ts';
import type { InvoiceRange } from '../invoice/range.ts';
import { answerDialogs } from './answer-dialogs.ts';
import { clickControl, fieldsLoosely, isShown, optionTexts, optionReading, setField, waitForFields, type Scope } from './controls.ts';
import { closeDialog, dialogHolding, markMessagesSeen } from './dialogs.ts';
import { PortalError, type RangeResult } from './outcomes.ts';
import { readTable } from './page-reading.ts';
import { lineAbout, linesOf } from './reading.ts';
import type { PageWork, StoreIdentity } from './session.ts';

/** Our own words for a range the form cannot even take: its track is not among those the platform offers. */
export const TRACK_NOT_OFFERED = (track: string) => `平台的發票字軌選單裡沒有 ${track}（這個統一編號這期沒有 ${track} 的配號）`;

/** Adds the ranges in one 新增 form; one result per range, in the order given. */
export async function addRows(work: PageWork, store: StoreIdentity, period: Period, ranges: readonly InvoiceRange[]): Promise<RangeResult[]> {
  const { page, profile } = work;
  await work.openBlankPage(period);
  await work.act(() => clickControl(page, profile.blankPage.add));
  const form = await formScope(work);
  const offered = await offeredTracks(work, form);
  const enterable = ranges.filter((range) => offered === null || offered.includes(range.track));
  const results = new Map<InvoiceRange, RangeResult>();
  for (const range of ranges) {
    if (!enterable.includes(range)) results.set(range, { range, status: 'refused', platformMessage: TRACK_NOT_OFFERED(range.track), duplicate: false });
  }
  if (enterable.length > 0) {
    await ensureRows(work, form, enterable.length);
    for (const [index, range] of enterable.entries()) await fillRow(work, form, index, store, range);
    await markMessagesSeen(page);
    await work.act(() => clickControl(form, profile.addForm.save, ['button']));
    const lines = await saveResultLines(work, form, enterable);
    for (const range of enterable) results.set(range, resultOf(work, lines, range));
  }
  if (form !== page) await closeDialog(form as Locator, profile);
  return ranges.map((range) => results.get(range) as RangeResult);
}

/** The form lives in a dialog on a single-page site, on the page itself on a classic one. */
async function formScope(work: PageWork): Promise<Scope> {
  const { page, profile } = work;
  await waitForFields(page, profile.addForm.track);
  const dialog = dialogHolding(page, page.getByLabel(profile.addForm.track));
  return (await isShown(dialog)) ? dialog.first() : page;
}

/** The tracks a dropdown offers, or null when 發票字軌 is a text box (anything may be typed). */
async function offeredTracks(work: PageWork, form: Scope): Promise<string[] | null> {
  const field = (await fieldsLoosely(form, work.profile.addForm.track)).first();
  const texts = await optionTexts(work.page, field);
  if (texts.length === 0) return null;
  return texts.map((text) => /[A-Z]{2}/.exec(text.trim().toUpperCase())?.[0]).filter((track): track is string => track !== undefined);
}

async function ensureRows(work: PageWork, form: Scope, count: number): Promise<void> {
  const tracks = await fieldsLoosely(form, work.profile.addForm.track);
  for (let tries = 0; (await tracks.count()) < count; tries += 1) {
    if (tries > count) throw new PortalError('unexpected', `新增一列 did not give the form ${count} rows.`);
    await work.act(() => clickControl(form, work.profile.addForm.addRow, ['button', 'link']));
  }
}

async function fillRow(work: PageWork, form: Scope, index: number, store: StoreIdentity, range: InvoiceRange): Promise<void> {
  const { page, profile } = work;
  const { addForm } = profile;
  const field = async (label: typeof addForm.track) => (await fieldsLoosely(form, label)).nth(index);
  const branch = await field(addForm.branchUbn);
  if (await isShown(branch)) await setField(page, branch, store.branchUbn);
  else if (store.branchUbn !== store.ubn) throw new PortalError('unexpected', 'The 新增 form has no 總機構/分支機構統一編號 field for a branch store.');
  const invoiceType = await field(addForm.invoiceType);
  if (await isShown(invoiceType)) await setField(page, invoiceType, addForm.invoiceTypeLabels[store.invoiceType]);
  else if (store.invoiceType !== '07') throw new PortalError('unexpected', 'The 新增 form has no 發票類別 field for a 特種稅額 store.');
  await setField(page, await field(addForm.track), range.track, optionReading(range.track));
  await setField(page, await field(addForm.startNo), String(range.start).padStart(8, '0'));
  await setField(page, await field(addForm.endNo), String(range.end).padStart(8, '0'));
}

/**
 * The platform's answer to 存檔, one line per row: a result table on the page,
 * or an alert dialog (after a confirm dialog is answered), or window.alert.
 */
async function saveResultLines(work: PageWork, form: Scope, ranges: readonly InvoiceRange[]): Promise<string[]> {
  const { page, profile } = work;
  const { saveResult } = profile;
  let lines: string[] = [];
  const mentionsAll = (candidate: readonly string[]) => ranges.every((range) => lineAbout(candidate, range) !== undefined);
  await answerDialogs(work, {
    isForm: async (dialog) => form !== page && (await dialog.getByLabel(profile.addForm.track).count()) > 0,
    until: async (heard) => {
      const table = await readTable(page, { track: saveResult.track, start: saveResult.startNo, end: saveResult.endNo, outcome: saveResult.outcome });
      const fromTable = (table ?? []).map((row) => `${row.track} ${row.start} ${row.end} ${row.outcome}`);
      const candidate = [...fromTable, ...linesOf(heard)];
      if (!mentionsAll(candidate)) return false;
      lines = candidate;
      return true;
    },
  });
  return lines;
}

function resultOf(work: PageWork, lines: readonly string[], range: InvoiceRange): RangeResult {
  const { saveResult, messages } = work.profile;
  const line = lineAbout(lines, range);
  if (line === undefined) throw new PortalError('unexpected', `The 存檔 result does not mention ${range.track}${range.start}.`);
  const outcome = line.replace(/^.*?\d{8}[^\d]*\d{8}/, '').replace(/^[\s:：,，-]+/, '').trim() || line;
  if (saveResult.savedText.test(outcome) && !messages.failed.test(outcome)) return { range, status: 'saved' };
  return { range, status: 'refused', platformMessage: outcome, duplicate: messages.duplicateRange.test(outcome) };
}
