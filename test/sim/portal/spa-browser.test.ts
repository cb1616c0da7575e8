// A person's click-through of the spa layout in headless Chromium, by roles and labels only:
// 首頁 → 登入 → 營業人/扣繳單位 → captcha → menu → 字軌期別 picker → 新增 dialog → 存檔 → 查詢
// pages → 刪除. Once with the standard labels and links, once with drifted labels and the dropdown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright';
import { COFFEE, HOUR_MS, JUST_ENDED } from './helpers.ts';
import type { Started } from './helpers.ts';
import {
  captchaAnswer,
  chooseBusiness,
  launchChromium,
  loadedCaptcha,
  logInThroughUi,
  newPage,
  openBlankPage,
  startSpa,
} from './spa-helpers.ts';

interface Labels {
  readonly start: string;
  readonly end: string;
  readonly save: string;
  readonly saveConfirm: string;
  readonly add: string;
  readonly query: string;
  readonly listStart: string;
  readonly listEnd: string;
  readonly next: string;
}

const STANDARD: Labels = {
  start: '起始編號', end: '終止編號', save: '存檔', saveConfirm: '確定要存檔嗎？', add: '新增', query: '查詢',
  listStart: '發票起號', listEnd: '發票迄號', next: '下一頁',
};
const DRIFTED: Labels = {
  start: '發票起號', end: '發票迄號', save: '儲存', saveConfirm: '確定要儲存嗎？', add: '新增資料', query: '搜尋',
  listStart: '起號', listEnd: '迄號', next: '下頁',
};

async function pickPeriod(page: Page, label: string): Promise<void> {
  const box = page.getByRole('combobox', { name: '字軌期別' });
  await box.click();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  await page.getByRole('listbox').getByRole('option', { name: label, exact: true }).click();
  assert.equal(await box.inputValue(), label);
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
}

async function fillRow(dialog: Locator, n: number, labels: Labels, track: string, start: string, end: string): Promise<void> {
  const row = dialog.getByRole('group', { name: `第${n}筆`, exact: true });
  await row.getByLabel('發票字軌', { exact: true }).selectOption(track);
  await row.getByLabel(labels.start, { exact: true }).fill(start);
  await row.getByLabel(labels.end, { exact: true }).fill(end);
}

/** 新增 → three rows (the third repeats the first) and a fourth deleted again → 存檔 → confirm; the result lines. */
async function addRows(page: Page, labels: Labels): Promise<string[]> {
  await page.getByRole('button', { name: labels.add, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '新增未使用空白發票號碼' });
  await dialog.getByRole('group', { name: '第1筆' }).waitFor();
  assert.notEqual(await page.locator('#app').getAttribute('inert'), null, 'the page behind the dialog is inert');
  const first = dialog.getByRole('group', { name: '第1筆' });
  assert.equal(await first.getByLabel('總機構/分支機構統一編號', { exact: true }).inputValue(), COFFEE.ubn);
  assert.equal(await first.getByLabel('發票類別', { exact: true }).inputValue(), '07');
  assert.deepEqual(await first.getByLabel('發票字軌', { exact: true }).locator('option').allInnerTexts(), ['請選擇', 'MM', 'AB']);
  await fillRow(dialog, 1, labels, 'MM', '16937074', '16937099');
  for (let n = 2; n <= 4; n++) await dialog.getByRole('button', { name: '新增一列', exact: true }).click();
  await fillRow(dialog, 2, labels, 'AB', '12345950', '12345999');
  await fillRow(dialog, 3, labels, 'MM', '16937074', '16937099');
  await dialog.getByRole('group', { name: '第4筆' }).getByRole('button', { name: '刪除', exact: true }).click();
  assert.equal(await dialog.getByRole('group').count(), 3);

  await dialog.getByRole('button', { name: labels.save, exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: labels.saveConfirm });
  await confirm.getByRole('button', { name: '確定', exact: true }).click();
  const result = page.getByRole('alertdialog');
  await result.getByText('新增成功').first().waitFor();
  const lines = await result.locator('p').allInnerTexts();
  await result.getByRole('button', { name: '確定', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#app').getAttribute('inert'), null, 'the page is usable again');
  return lines;
}

/** Twenty more MM ranges saved through the API with the page's own cookies, so 查詢 has three pages. */
async function addTwentyMore(page: Page, url: string): Promise<void> {
  const rows = Array.from({ length: 20 }, (_, i) => {
    const start = 16940000 + i * 10;
    return { ubn: COFFEE.ubn, invoiceType: '07', track: 'MM', start: String(start), end: String(start + 9) };
  });
  const response = await page.context().request.post(`${url}/api/blank/rows`, { data: { period: JUST_ENDED, rows } });
  assert.equal(response.status(), 200);
}

async function listedStarts(page: Page): Promise<string[]> {
  const table = page.getByRole('table');
  const rows = table.getByRole('row').filter({ has: page.getByRole('checkbox') });
  return rows.evaluateAll((trs) => trs.map((tr) => (tr.children[5] as HTMLElement).innerText.trim()));
}

async function pageThroughList(page: Page, sim: Started, labels: Labels): Promise<void> {
  await page.getByRole('button', { name: labels.query, exact: true }).click();
  const table = page.getByRole('table');
  await table.waitFor();
  assert.deepEqual(await table.getByRole('columnheader').allInnerTexts(),
    ['刪除', '總/分支機構統編', '發票類別', '發票年月', '發票字軌', labels.listStart, labels.listEnd]);
  await page.getByText('第 1 / 3 頁，共 22 筆').waitFor();
  assert.equal((await listedStarts(page)).length, 10);
  assert.equal(await page.getByRole('button', { name: '上一頁' }).isDisabled(), true);
  const next = page.getByRole('button', { name: labels.next, exact: true });
  await next.click();
  await page.getByText('第 2 / 3 頁，共 22 筆').waitFor();
  await next.click();
  await page.getByText('第 3 / 3 頁，共 22 筆').waitFor();
  assert.deepEqual(await listedStarts(page), ['16940180', '16940190']);
  assert.equal(await next.isEnabled(), true, '下一頁 stays enabled on the last page');
  // Slowed down, so the loading indicator can be seen before the same last page comes back.
  sim.sim.setFaults({ slowMs: 300 });
  await next.click();
  await page.getByRole('progressbar', { name: '載入中…' }).waitFor();
  await page.getByText('第 3 / 3 頁，共 22 筆').waitFor();
  sim.sim.setFaults({ slowMs: 0 });
}

async function deleteLastPage(page: Page, sim: Started): Promise<void> {
  await page.getByRole('checkbox', { name: '選取 MM16940180-16940189', exact: true }).check();
  await page.getByRole('checkbox', { name: '選取 MM16940190-16940199', exact: true }).check();
  await page.getByRole('button', { name: '刪除', exact: true }).click();
  await page.getByRole('alertdialog', { name: '確定要刪除勾選的資料嗎？' }).getByRole('button', { name: '確定', exact: true }).click();
  const report = page.getByRole('alertdialog', { name: '已刪除 2 筆' });
  await report.getByRole('button', { name: '確定', exact: true }).click();
  await page.getByText('第 2 / 2 頁，共 20 筆').waitFor();
  const starts = sim.sim.state.rows().map((r) => r.start);
  assert.equal(starts.length, 20);
  assert.ok(!starts.includes('16940180') && !starts.includes('16940190'));
}

describe('portal simulator spa layout in headless Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  it('clicks through with the standard labels and the 營業人/扣繳單位 link', async () => {
    const started = await startSpa();
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${started.url}/`);
      for (const audience of ['消費者', '營業人', '社福團體']) await page.getByRole('link', { name: audience, exact: true }).waitFor();
      assert.equal(await page.getByLabel('密碼').count(), 0, 'no login form on 首頁');
      await page.getByRole('button', { name: '登入', exact: true }).click();
      await page.waitForURL(`${started.url}/accounts/login`);
      await page.getByLabel('手機號碼/載具', { exact: true }).waitFor();

      await chooseBusiness(page, 'links');
      assert.equal(await page.getByRole('tab', { name: '憑證' }).getAttribute('aria-selected'), 'false');
      const refresh = page.getByRole('button', { name: '更新圖形驗證碼', exact: true });
      assert.equal((await refresh.innerText()).trim(), '', 'the refresh button is an icon');
      await page.getByLabel('統一編號', { exact: true }).fill(COFFEE.ubn);
      await page.getByLabel('帳號', { exact: true }).fill(COFFEE.account);
      await page.getByLabel('密碼', { exact: true }).fill(COFFEE.password);
      const first = await loadedCaptcha(page, '圖形驗證碼');
      await page.getByLabel('圖形驗證碼', { exact: true }).fill('00000');
      await page.getByRole('button', { name: '登入', exact: true }).click();
      const refusal = page.getByRole('alertdialog', { name: '圖形驗證碼錯誤，請重新輸入' });
      assert.equal(await refusal.getAttribute('aria-modal'), 'true');
      await refusal.getByRole('button', { name: '確定', exact: true }).click();
      const second = await loadedCaptcha(page, '圖形驗證碼', first);
      await page.getByLabel('圖形驗證碼', { exact: true }).fill(await captchaAnswer(started.url, second));
      await page.getByRole('button', { name: '登入', exact: true }).click();
      await page.waitForURL(`${started.url}/business`);
      assert.deepEqual(started.sim.state.loginAttempts().map((a) => a.outcome), ['captcha-wrong', 'success']);

      const blankLink = page.getByRole('link', { name: '上傳未使用空白發票號碼(作業)', exact: true });
      assert.equal(await blankLink.isVisible(), false, 'menu groups start collapsed');
      const group = page.getByRole('button', { name: '電子發票專用字軌號碼取號', exact: true });
      assert.equal(await group.getAttribute('aria-expanded'), 'false');
      await openBlankPage(page, started.url);
      assert.equal(await page.getByRole('combobox', { name: '字軌期別' }).inputValue(), '115/9~115/10 (本期)');
      await pickPeriod(page, '115/7~115/8');
      await pickPeriod(page, '115/9~115/10 (本期)');

      const lines = await addRows(page, STANDARD);
      assert.deepEqual(lines, [
        'MM 16937074～16937099：新增成功',
        'AB 12345950～12345999：新增成功',
        'MM 16937074～16937099：空白發票新增失敗，請確認是否有輸入相同區間',
      ]);
      await page.getByRole('button', { name: '查詢', exact: true }).click();
      await page.getByText('查無資料').waitFor();

      await addTwentyMore(page, started.url);
      started.sim.advanceClock(2 * HOUR_MS);
      await pageThroughList(page, started, STANDARD);
      await deleteLastPage(page, started);

      await page.getByRole('button', { name: '登出', exact: true }).click();
      await page.waitForURL(`${started.url}/`);
      await page.getByRole('button', { name: '登入', exact: true }).waitFor();
    } finally {
      await context.close();
      await started.close();
    }
  });

  it('clicks through with drifted labels and the 登入身分 dropdown', async () => {
    const started = await startSpa({ labels: 'drift', businessChoice: 'dropdown' });
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${started.url}/accounts/login`);
      await chooseBusiness(page, 'dropdown');
      const first = await loadedCaptcha(page, '驗證碼');
      await page.getByRole('button', { name: '重新產生驗證碼', exact: true }).click();
      await loadedCaptcha(page, '驗證碼', first);
      assert.equal(await page.getByLabel('圖形驗證碼').count(), 0);

      await logInThroughUi(page, started.url, { choice: 'dropdown', captchaLabel: '驗證碼' });
      await openBlankPage(page, started.url, '空白未使用發票字軌號碼維護');
      assert.equal(await page.getByRole('button', { name: '新增', exact: true }).count(), 0);
      assert.equal(await page.getByRole('button', { name: '查詢', exact: true }).count(), 0);
      await page.getByText('如需確認資料是否正確請至【搜尋】功能。').waitFor();

      const lines = await addRows(page, DRIFTED);
      assert.equal(lines.length, 3);
      await addTwentyMore(page, started.url);
      started.sim.advanceClock(2 * HOUR_MS);
      await pageThroughList(page, started, DRIFTED);
    } finally {
      await context.close();
      await started.close();
    }
  });
});
