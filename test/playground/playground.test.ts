// The README's promise: `npm start` with no LINE channel opens a playground where a person does the whole
// chore by tapping. This test is that person, in a real Chromium, against the real `src/main.ts`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../src/portal/browser.ts';
import { freePort, startScript, type StartedProcess } from '../support/process.ts';

const STEP_TIMEOUT_MS = 30_000;

let cwd: string;
let bot: StartedProcess;
let browser: Browser;
let page: Page;
let playgroundUrl: string;
let portalUrl: string;

before(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'playground-'));
  const port = await freePort();
  bot = startScript('src/main.ts', {
    cwd,
    env: { PORT: String(port), ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}) },
  });
  const local = await bot.waitForLog(/^Local mode/, 30_000);
  playgroundUrl = String(local.playground);
  portalUrl = String(local.portalSimulator);
  browser = await chromium.launch({ executablePath: findChromium(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 950 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
});

after(async () => {
  if (process.exitCode) await diagnose();
  await browser?.close();
  await bot?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

const chat = () => page.locator('#chat');
/** The newest button with this label in the chat, its quick replies or the rich menu: what a person taps. */
const button = (name: string): Locator => page.locator('#chat, #quick-replies, #rich-menu').getByRole('button', { name, exact: true }).last();

async function tap(name: string): Promise<void> {
  await button(name).click();
}

async function say(text: string): Promise<void> {
  await page.getByRole('textbox', { name: '輸入訊息' }).fill(text);
  await page.getByRole('button', { name: '傳送' }).click();
}

/** Waits until the chat shows a bot message matching `pattern` after the given number of bot rows. */
async function botSays(pattern: RegExp, afterRows = 0): Promise<Locator> {
  const row = chat().locator('.row-bot').nth(afterRows).locator('xpath=self::*|following-sibling::*[contains(@class,"row-bot")]').filter({ hasText: pattern }).first();
  await row.waitFor();
  return row;
}

const botRows = () => chat().locator('.row-bot').count();

/** Reads the captcha image the bot relayed, the way the owner would, by asking the simulator what it shows. */
async function answerCaptcha(since: number): Promise<void> {
  const image = chat().locator('.row-bot').nth(since).locator('xpath=self::*|following-sibling::*').locator('img.image-msg').first();
  await image.waitFor();
  await image.evaluate((img: HTMLImageElement) => img.decode());
  // Readable in the bubble: the platform's captcha is a small picture, drawn at least 240 px wide.
  assert.ok((await image.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)) >= 240);
  const src = await image.getAttribute('src');
  assert.ok(src);
  const bytes = Buffer.from(await (await fetch(src)).arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { answer } = (await (await fetch(`${portalUrl}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
  await say(answer);
}

describe('the playground (npm start without LINE)', () => {
  test('a person completes the chore by tapping: follow → store → password form → reminder → ranges → captcha → ✅', async () => {
    await page.goto(playgroundUrl);
    await page.locator('body[data-ready]').waitFor();
    await page.getByRole('button', { name: '加入好友' }).click();
    await botSays(/我是空白發票小幫手/);

    await tap('設定我的商店');
    await botSays(/統一編號/);
    await say('04595257');
    await tap('不是');
    await tap('一般稅額計算');
    await say('小林咖啡');

    // The one-time link opens in the in-app browser over the chat; the password never goes through the chat.
    const linkRows = await botRows();
    await tap('填寫平台帳號密碼');
    const form = page.frameLocator('#browser-frame');
    await form.getByLabel('帳號').fill('coffee01');
    await form.getByLabel('密碼').fill('Sim-Pass-1234');
    await form.getByRole('button').click();
    await botSays(/平台帳號密碼已經安全儲存/, linkRows);
    await page.getByRole('button', { name: '關閉瀏覽器' }).click();

    // Time travel to the next reminder day: the reminder arrives by itself, with one button to start.
    let rows = await botRows();
    await page.getByRole('button', { name: 'Next reminder day' }).click();
    await botSays(/空白發票/, rows);
    await tap('開始上傳');
    await botSays(/「未使用」/);
    // One range per line, as the bot asks: Shift+Enter between them, Enter sends both as one message.
    await page.getByRole('textbox', { name: '輸入訊息' }).click();
    await page.keyboard.type('MM16937074-16937099');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('AB12345600-12345649');
    await page.keyboard.press('Enter');
    const ranges = chat().locator('.row-user .bubble').filter({ hasText: 'AB12345600-12345649' });
    await ranges.waitFor();
    assert.equal(await ranges.textContent(), 'MM16937074-16937099\nAB12345600-12345649', 'one message with the line break');
    const card = await botSays(/確認上傳空白發票/);
    assert.match((await card.textContent()) ?? '', /AB[\s\S]*12345600–12345649[\s\S]*MM[\s\S]*16937074–16937099/);
    rows = await botRows();
    await tap('確認上傳');

    // 收到 and the platform's captcha come back as the reply to the tap; the owner types its digits.
    await answerCaptcha(rows);
    await botSays(/已送出/, rows);

    // Two hours later one short push invites the owner to look; 查看結果 brings the captcha, the digits ✅.
    rows = await botRows();
    await page.getByRole('button', { name: '+2 hours' }).click();
    await botSays(/平台應該處理好了/, rows);
    rows = await botRows();
    await tap('查看結果');
    await answerCaptcha(rows);
    const proof = await botSays(/✅ 平台已查到「小林咖啡」/, rows);
    assert.match((await proof.textContent()) ?? '', /MM 16937074–16937099/);
    const screenshot = chat().locator('.row-bot img.image-msg').last();
    await screenshot.waitFor();
    await screenshot.evaluate((img: HTMLImageElement) => img.decode());
    assert.equal(await screenshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);

    // A tap opens the proof full screen over the phone, bigger than in the bubble; Esc closes it.
    await screenshot.click();
    const full = page.locator('#lightbox-image');
    await full.waitFor();
    assert.equal(await full.getAttribute('src'), await screenshot.getAttribute('data-full'));
    await full.evaluate((img: HTMLImageElement) => img.decode());
    const [inBubble, fullScreen] = await Promise.all([screenshot.boundingBox(), full.boundingBox()]);
    assert.ok(inBubble && fullScreen && fullScreen.width > inBubble.width, 'full screen is bigger than the bubble');
    await page.keyboard.press('Escape');
    await page.locator('#lightbox').waitFor({ state: 'hidden' });

    // Each message says how LINE delivered it. Billed pushes: the one after the password form (set-up, once),
    // the reminder and the 查看結果 invitation; everything else was a free reply.
    assert.equal(await chat().locator('.delivery-push').count(), 3);
    assert.ok((await chat().locator('.delivery-reply').count()) >= 8);

    // Typing folded the rich menu away; the toggle brings it back, and a tap works like typing its label.
    rows = await botRows();
    await page.getByRole('button', { name: '打開選單' }).click();
    await page.locator('#rich-menu').getByRole('button', { name: '狀態', exact: true }).click();
    const status = await botSays(/你的商店上傳狀態/, rows);
    assert.match((await status.textContent()) ?? '', /小林咖啡/);
  });
});

/** On failure: what the page showed and what the bot logged, so a red run explains itself. */
async function diagnose(): Promise<void> {
  const shot = join(tmpdir(), `playground-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  process.stderr.write(`playground screenshot: ${shot}\nbot log (tail):\n${bot?.output().slice(-6000)}\n`);
}
