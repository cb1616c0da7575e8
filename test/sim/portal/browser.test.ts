// A person's click-through in real headless Chromium, by visible labels and roles only, in both
// layouts: proof that the simulator works without scripts and that a label-driven driver can use it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright';
import type { Browser, Locator, Page } from 'playwright';
import { COFFEE, HOUR_MS, JUST_ENDED_LABEL, json, startSim } from './helpers.ts';
import type { Started } from './helpers.ts';
import type { LayoutName } from '../../../src/sim/portal/index.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function readCaptcha(page: Page, baseUrl: string): Promise<string> {
  const src = await page.getByRole('img', { name: '圖形驗證碼' }).getAttribute('src');
  assert.ok(src !== null);
  // Same cookies as the page, so the image is the one this visitor was shown.
  const image = await page.context().request.get(new URL(src, baseUrl).toString());
  const sha256 = createHash('sha256').update(await image.body()).digest('hex');
  return (await json<{ answer: string }>(`${baseUrl}/__sim/captcha-answer?sha256=${sha256}`)).answer;
}

/** Row N of the 新增 form: a named table row in one layout, a named group in the other. */
function entryRow(page: Page, n: number): Locator {
  const name = `第${n}列`;
  return page.getByRole('row', { name, exact: true }).or(page.getByRole('group', { name, exact: true }));
}

async function fillRow(page: Page, n: number, track: string, start: string, end: string): Promise<void> {
  const row = entryRow(page, n);
  await row.getByLabel('發票字軌', { exact: true }).fill(track);
  await row.getByLabel('起始編號', { exact: true }).fill(start);
  await row.getByLabel('終止編號', { exact: true }).fill(end);
}

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('heading', { name: '財政部電子發票整合服務平台' }).waitFor();
  assert.ok(await page.getByRole('radio', { name: '營業人' }).isChecked());
  await page.getByLabel('統一編號', { exact: true }).fill(COFFEE.ubn);
  await page.getByLabel('帳號', { exact: true }).fill(COFFEE.account);
  await page.getByLabel('密碼', { exact: true }).fill(COFFEE.password);
  await page.getByLabel('圖形驗證碼', { exact: true }).fill('00000');
  await page.getByRole('button', { name: '登入', exact: true }).click();
  assert.equal(await page.getByRole('alert').innerText(), '圖形驗證碼錯誤，請重新輸入');

  const before = await page.getByRole('img', { name: '圖形驗證碼' }).getAttribute('src');
  await page.getByRole('button', { name: '更換驗證碼' }).click();
  await page.waitForFunction((old) => document.querySelector('img[alt="圖形驗證碼"]')?.getAttribute('src') !== old, before);

  await page.getByLabel('統一編號', { exact: true }).fill(COFFEE.ubn);
  await page.getByLabel('帳號', { exact: true }).fill(COFFEE.account);
  await page.getByLabel('密碼', { exact: true }).fill(COFFEE.password);
  await page.getByLabel('圖形驗證碼', { exact: true }).fill(await readCaptcha(page, url));
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await page.getByText(`歡迎: ${COFFEE.name}`).waitFor();
}

async function openBlankPage(page: Page): Promise<void> {
  await page.getByRole('link', { name: '電子發票專用字軌號碼取號', exact: true }).click();
  await page.getByRole('link', { name: '電子發票上傳作業', exact: true }).click();
  await page.getByRole('link', { name: '上傳未使用空白發票號碼(作業)', exact: true }).click();
  await page.getByText('現在位置 / 電子發票上傳作業 > 上傳未使用空白發票號碼作業').waitFor();
}

async function addTwoRangesAndSave(page: Page): Promise<void> {
  await page.getByLabel('字軌期別', { exact: true }).selectOption({ label: JUST_ENDED_LABEL });
  await page.getByRole('button', { name: '新增', exact: true }).click();
  await page.getByText(`字軌期別: ${JUST_ENDED_LABEL}`).waitFor();
  await fillRow(page, 1, 'MM', '16937074', '16946899');
  await page.getByRole('button', { name: '新增一列', exact: true }).click();
  await fillRow(page, 2, 'AB', '12345950', '12345999');
  // Enter in a field must not trigger row 1's 刪除 (the first submit button of the form).
  await entryRow(page, 2).getByLabel('終止編號', { exact: true }).press('Enter');
  await entryRow(page, 2).waitFor();
  assert.equal(await entryRow(page, 1).getByLabel('發票字軌', { exact: true }).inputValue(), 'MM');
  assert.equal(await entryRow(page, 2).getByLabel('發票類別', { exact: true }).inputValue(), '07');
  assert.equal(await entryRow(page, 2).getByLabel('總機構/分支機構統一編號', { exact: true }).inputValue(), COFFEE.ubn);
  await page.getByRole('button', { name: '存檔', exact: true }).click();
  await page.getByRole('heading', { name: '存檔結果' }).waitFor();
}

async function tableTexts(table: Locator): Promise<Record<string, string>[]> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const rows = await table.getByRole('row').filter({ has: table.page().getByRole('cell') }).all();
  return Promise.all(rows.map(async (row) => {
    const cells = await row.getByRole('cell').allInnerTexts();
    return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
  }));
}

describe('portal simulator in headless Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(() => browser.close());

  for (const layout of ['classic', 'alternative'] as const satisfies readonly LayoutName[]) {
    it(`clicks through login → menu → 新增 → 存檔 → 查詢 by labels (${layout} layout)`, async () => {
      const started: Started = await startSim({ layout, sessionIdleMs: 10 * HOUR_MS });
      const context = await browser.newContext({ locale: 'zh-TW', timezoneId: 'Asia/Taipei', javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        await logIn(page, started.url);
        await openBlankPage(page);
        await addTwoRangesAndSave(page);

        const results = await tableTexts(page.getByRole('table'));
        assert.deepEqual(results, [
          { 發票字軌: 'MM', 起始編號: '16937074', 終止編號: '16946899', 結果: '新增成功' },
          { 發票字軌: 'AB', 起始編號: '12345950', 終止編號: '12345999', 結果: '新增成功' },
        ]);
        await page.getByText('成功 2 筆，失敗 0 筆').waitFor();
        assert.equal(started.sim.state.rows().length, 2);

        started.sim.advanceClock(2 * HOUR_MS);
        await page.getByRole('link', { name: '返回', exact: true }).click();
        await page.getByRole('button', { name: '查詢', exact: true }).click();
        await page.getByRole('heading', { name: '列表' }).waitFor();
        const listed = await tableTexts(page.getByRole('table'));
        assert.deepEqual(listed.map((r) => [r['發票字軌'], r['發票起號'], r['發票迄號'], r['發票年月'], r['發票類別'], r['總/分支機構統編']]), [
          ['AB', '12345950', '12345999', JUST_ENDED_LABEL, '一般稅額計算', COFFEE.ubn],
          ['MM', '16937074', '16946899', JUST_ENDED_LABEL, '一般稅額計算', COFFEE.ubn],
        ]);
        await page.getByText('頁次 1 | 每頁顯示 15 | 總筆數: 2').waitFor();
        await page.getByRole('button', { name: '全選', exact: true }).click();
        assert.equal(await page.getByRole('checkbox', { checked: true }).count(), 2);

        await page.getByRole('link', { name: '登出', exact: true }).click();
        await page.getByRole('heading', { name: '登入 Login' }).waitFor();
      } finally {
        await context.close();
        await started.close();
      }
    });
  }
});
