import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, devices, type Browser } from 'playwright';
import { findChromium, CHROMIUM_ARGS } from '../../src/portal/browser.ts';
import { openCredentials } from '../../src/vault/credentials.ts';
import { allText, labelsOf, startTestBot, type TestBot } from '../support/bot.ts';

let t: TestBot;
let browser: Browser;
before(async () => {
  t = await startTestBot();
  browser = await chromium.launch({ executablePath: findChromium(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS });
});
after(async () => {
  await browser.close();
  await t.stop();
});

function linkIn(messages: unknown[]): string {
  const match = JSON.stringify(messages).match(/http:\/\/127\.0\.0\.1:\d+\/forms\/credentials\/[\w-]+/);
  assert.ok(match, 'a one-time form link');
  return match[0];
}

describe('registration with the one-time credential form', () => {
  test('the owner fills the form on a phone; the password is sealed and never seen in chat or logs', async () => {
    const user = 'U-form';
    await t.follow(user);
    await t.tap(user, '設定我的商店');
    await t.say(user, '04595257');
    await t.tap(user, '不是');
    await t.tap(user, '一般稅額計算');
    const link = linkIn(await t.say(user, '小林咖啡'));

    const context = await browser.newContext({ ...devices['iPhone 13'], locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(link);
    assert.equal(await page.getByLabel('統一編號', { exact: true }).inputValue(), '04595257');
    await page.getByLabel('帳號', { exact: true }).fill('coffee01');
    await page.getByLabel('密碼', { exact: true }).fill('Sim-Pass-1234');
    const since = t.fake.mark(user);
    await page.getByRole('button', { name: '儲存' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('body').innerText(), /已安全儲存/);
    await context.close();

    await t.bot.settle();
    const pushed = await t.fake.waitForMessages(user, 1, { since });
    assert.match(allText(pushed), /「小林咖啡」的平台帳號密碼已經安全儲存 ✔/);
    assert.ok(labelsOf(pushed).includes('上傳空白發票'));

    const store = await t.database.db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', user).executeTakeFirstOrThrow();
    const opened = openCredentials(t.vault, store.id, store.sealed_credentials ?? '');
    assert.deepEqual([opened.ubn, opened.account, opened.revealPassword()], ['04595257', 'coffee01', 'Sim-Pass-1234']);
    assert.ok(!t.logs().includes('Sim-Pass-1234'));
    assert.ok(!JSON.stringify(t.fake.calls()).includes('Sim-Pass-1234'));

    const reused = await fetch(link);
    assert.equal(reused.status, 410);
  });

  test('商店設定 → 更新平台帳號密碼 issues a fresh link', async () => {
    const user = 'U-form';
    await t.tap(user, '商店設定');
    const answer = await t.tap(user, '更新平台帳號密碼');
    const link = linkIn(answer);
    assert.equal((await fetch(link)).status, 200);
  });
});
