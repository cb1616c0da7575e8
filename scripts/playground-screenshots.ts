// Screenshots of the playground at a phone's width (390×844), for the docs and for checking the look by eye:
// `npx tsx scripts/playground-screenshots.ts --out docs/`. Starts the real src/main.ts in local mode in a
// temporary folder (an empty database), walks the chat as an owner would and saves:
//   playground-greeting.png       the greeting after 加入好友, with the rich menu
//   playground-in-app-browser.png the one-time password form in the in-app browser sheet
//   playground-confirm.png        the confirmation card after sending two ranges typed on two lines
//   playground-captcha.png        the platform's captcha opened full screen
//   playground-proof.png          the 查詢 proof screenshot opened full screen
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Locator, type Page } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../src/portal/browser.ts';
import { freePort, startScript } from '../test/support/process.ts';

const PHONE = { width: 390, height: 844 };
const STEP_TIMEOUT_MS = 60_000;

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/' } } });
const outDir = resolve(values.out ?? 'docs/');
mkdirSync(outDir, { recursive: true });

const cwd = mkdtempSync(join(tmpdir(), 'playground-shots-'));
const server = startScript('src/main.ts', {
  cwd,
  env: { PORT: String(await freePort()), ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}) },
});

const browser = await chromium.launch({ executablePath: findChromium(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS });
try {
  const local = await server.waitForLog(/^Local mode/, 60_000);
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await walk(page, String(local.playground), String(local.portalSimulator));
  process.stdout.write(`screenshots saved in ${outDir}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\nserver log (tail):\n${server.output().slice(-4000)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  rmSync(cwd, { recursive: true, force: true });
}

async function walk(page: Page, playground: string, portal: string): Promise<void> {
  const chat = page.locator('#chat');
  const tap = (name: string) => page.locator('#chat, #quick-replies, #rich-menu').getByRole('button', { name, exact: true }).last().click();
  const botSays = (pattern: RegExp) => chat.locator('.row-bot').filter({ hasText: pattern }).last().waitFor();
  const box = page.getByRole('textbox', { name: '輸入訊息' });
  const say = async (text: string) => {
    await box.fill(text);
    await box.press('Enter');
  };
  const shot = async (name: string) => {
    // The tools are below the phone at this width: back to the top, where the phone fills the screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    // No finger resting on a button: the mouse's hover would draw as a highlight.
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(outDir, name) });
  };

  await page.goto(playground);
  await page.locator('body[data-ready]').waitFor();
  await page.getByRole('button', { name: '加入好友' }).click();
  await botSays(/我是空白發票小幫手/);
  await page.locator('#rich-menu img').evaluate((img: HTMLImageElement) => img.decode());
  await shot('playground-greeting.png');

  await tap('設定我的商店');
  await botSays(/統一編號/);
  await say('04595257');
  await tap('不是');
  await tap('一般稅額計算');
  await say('小林咖啡');
  await tap('填寫平台帳號密碼');
  const form = page.frameLocator('#browser-frame');
  await form.getByLabel('帳號').fill('coffee01');
  await form.getByLabel('密碼').fill('Sim-Pass-1234');
  await page.locator('#browser-title').filter({ hasNotText: '載入中' }).waitFor();
  await shot('playground-in-app-browser.png');
  await form.getByRole('button').click();
  await botSays(/平台帳號密碼已經安全儲存/);
  await page.getByRole('button', { name: '關閉瀏覽器' }).click();

  await page.getByRole('button', { name: 'Next reminder day' }).click();
  await tap('開始上傳');
  await botSays(/「未使用」/);
  // Typed as an owner would: one range per line, Shift+Enter between them, Enter to send.
  await box.click();
  await page.keyboard.type('MM16937074-16937099');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('AB12345600-12345649');
  await page.keyboard.press('Enter');
  await botSays(/確認上傳空白發票/);
  await settle(page);
  await shot('playground-confirm.png');

  let rows = await chat.locator('.row-bot').count();
  await tap('確認上傳');
  await openCaptchaAndAnswer(page, portal, rows, 'playground-captcha.png');
  await botSays(/已送出/);

  rows = await chat.locator('.row-bot').count();
  await page.getByRole('button', { name: '+2 hours' }).click();
  await botSays(/平台應該處理好了/);
  rows = await chat.locator('.row-bot').count();
  await tap('查看結果');
  await openCaptchaAndAnswer(page, portal, rows);
  await botSays(/✅ 平台已查到/);
  const proof = chat.locator('.row-bot img.image-msg').last();
  await proof.evaluate((img: HTMLImageElement) => img.decode());
  await proof.click();
  await page.locator('#lightbox-image').evaluate((img: HTMLImageElement) => img.decode());
  await shot('playground-proof.png');
  await page.keyboard.press('Escape');
}

/** The captcha after `rows` bot rows: opened full screen (and saved), then answered as the owner would. */
async function openCaptchaAndAnswer(page: Page, portal: string, rows: number, screenshot?: string): Promise<void> {
  const image: Locator = page.locator('#chat .row-bot').nth(rows).locator('xpath=self::*|following-sibling::*').locator('img.image-msg').first();
  await image.waitFor();
  await image.evaluate((img: HTMLImageElement) => img.decode());
  if (screenshot) {
    await image.click();
    await page.locator('#lightbox-image').evaluate((img: HTMLImageElement) => img.decode());
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, screenshot) });
    await page.getByRole('button', { name: '關閉圖片' }).click();
  }
  const bytes = Buffer.from(await (await fetch(String(await image.getAttribute('src')))).arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { answer } = (await (await fetch(`${portal}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
  const box = page.getByRole('textbox', { name: '輸入訊息' });
  await box.fill(answer);
  await box.press('Enter');
}

/** Waits until every picture in the chat has loaded and the chat is scrolled to its end. */
async function settle(page: Page): Promise<void> {
  await page.locator('#chat').evaluate(async (chat) => {
    await Promise.all([...chat.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
    chat.scrollTop = chat.scrollHeight;
  });
}
