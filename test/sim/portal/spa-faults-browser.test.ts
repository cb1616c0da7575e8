// What a person sees in the spa layout when the platform has a bad day: the bot check's
// interstitial, the maintenance notice, the session-expiry alert that sends them to the login
// route, and the server-error alert that leaves the 新增 dialog open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { PortalSimulatorOptions } from '../../../src/sim/portal/index.ts';
import type { Started } from './helpers.ts';
import { launchChromium, logInThroughUi, newPage, openBlankPage, startSpa } from './spa-helpers.ts';

const EXPIRED = '閒置時間過久或尚未登入，請重新登入';

describe('portal simulator spa layout: faults in headless Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  /** A logged-in page on the blank-number page, for the duration of `use`. */
  async function onBlankPage(use: (page: Page, started: Started) => Promise<void>, options: PortalSimulatorOptions = {}): Promise<void> {
    const started = await startSpa(options);
    const { context, page } = await newPage(browser);
    try {
      await logInThroughUi(page, started.url, { choice: 'links' });
      await openBlankPage(page, started.url);
      await use(page, started);
    } finally {
      await context.close();
      await started.close();
    }
  }

  async function expectExpiryAlert(page: Page, url: string): Promise<void> {
    await page.getByRole('alertdialog', { name: EXPIRED }).getByRole('button', { name: '確定', exact: true }).click();
    await page.waitForURL(`${url}/accounts/login`);
    await page.getByRole('heading', { name: '登入', exact: true }).waitFor();
  }

  it('shows 「正在執行安全驗證」 for about a second before the app on a first visit', async () => {
    const started = await startSpa({ botCheck: true });
    const { context, page } = await newPage(browser);
    try {
      const t0 = Date.now();
      await page.goto(`${started.url}/`);
      await page.getByRole('heading', { name: '正在執行安全驗證' }).waitFor();
      await page.getByRole('button', { name: '登入', exact: true }).waitFor();
      assert.ok(Date.now() - t0 >= 900, 'the check took its time');
      await page.goto(`${started.url}/accounts/login`);
      assert.equal(await page.getByRole('heading', { name: '正在執行安全驗證' }).count(), 0, 'once cleared, not again');
      await page.getByRole('heading', { name: '登入', exact: true }).waitFor();
    } finally {
      await context.close();
      await started.close();
    }
  });

  it('shows the maintenance notice when the platform is down, on load and mid-session', async () => {
    await onBlankPage(async (page, started) => {
      started.sim.setFaults({ maintenance: true });
      await page.getByRole('button', { name: '查詢', exact: true }).click();
      await page.getByRole('heading', { name: '系統維護中，暫停服務' }).waitFor();
      await page.getByText(/進行系統維護，暫停服務，造成不便敬請見諒。$/).waitFor();
      const response = await page.goto(`${started.url}/`);
      assert.equal(response?.status(), 503);
      await page.getByRole('heading', { name: '系統維護中，暫停服務' }).waitFor();
    });
  });

  it('expireSessionOn blankPage: the menu link ends in the expiry alert and the login route', async () => {
    const started = await startSpa();
    const { context, page } = await newPage(browser);
    try {
      await logInThroughUi(page, started.url, { choice: 'links' });
      started.sim.setFaults({ expireSessionOn: 'blankPage' });
      await page.getByRole('button', { name: '電子發票專用字軌號碼取號', exact: true }).click();
      await page.getByRole('button', { name: '電子發票上傳作業', exact: true }).click();
      await page.getByRole('link', { name: '上傳未使用空白發票號碼(作業)', exact: true }).click();
      await expectExpiryAlert(page, started.url);
    } finally {
      await context.close();
      await started.close();
    }
  });

  it('an idle session: the next view shows the expiry alert and the login route', async () => {
    await onBlankPage(async (page, started) => {
      started.sim.advanceClock(20 * 60_000 + 1);
      await page.getByRole('button', { name: '電子發票專用字軌號碼取號', exact: true }).click();
      await page.getByRole('button', { name: '電子發票上傳作業', exact: true }).click();
      await page.getByRole('link', { name: '營業人字軌配號查詢', exact: true }).click();
      await expectExpiryAlert(page, started.url);
    }, { sessionIdleMs: 20 * 60_000 });
  });

  it('expireSessionOn query: 查詢 ends in the expiry alert and the login route', async () => {
    await onBlankPage(async (page, started) => {
      started.sim.setFaults({ expireSessionOn: 'query' });
      await page.getByRole('button', { name: '查詢', exact: true }).click();
      await expectExpiryAlert(page, started.url);
    });
  });

  it('expireSessionOn save and saveServerError: 存檔 ends in the alert each fault calls for', async () => {
    await onBlankPage(async (page, started) => {
      const dialog = page.getByRole('dialog', { name: '新增未使用空白發票號碼' });
      const save = async () => {
        await dialog.getByRole('button', { name: '存檔', exact: true }).click();
        await page.getByRole('alertdialog', { name: '確定要存檔嗎？' }).getByRole('button', { name: '確定', exact: true }).click();
      };
      await page.getByRole('button', { name: '新增', exact: true }).click();
      const row = dialog.getByRole('group', { name: '第1筆' });
      await row.getByLabel('發票字軌', { exact: true }).selectOption('MM');
      await row.getByLabel('起始編號', { exact: true }).fill('16937074');
      await row.getByLabel('終止編號', { exact: true }).fill('16937099');

      started.sim.setFaults({ saveServerError: true });
      await save();
      await page.getByRole('alertdialog', { name: '系統發生錯誤，請稍後再試' }).getByRole('button', { name: '確定', exact: true }).click();
      assert.equal(await row.getByLabel('起始編號', { exact: true }).inputValue(), '16937074', 'the dialog keeps what was typed');

      started.sim.setFaults({ saveServerError: false, expireSessionOn: 'save' });
      await save();
      await expectExpiryAlert(page, started.url);
      assert.equal(await dialog.count(), 0);
      assert.equal(started.sim.state.rows().length, 0);
    });
  });
});
