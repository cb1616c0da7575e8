// The playground feels like LINE on a phone: a multi-line message box, photos from the computer, pictures full
// screen, the rich menu folding away for typing, links in an in-app browser over the chat, ticking clocks,
// 回到現在 and 全部重來. Each test is a person in a real Chromium against the real `src/main.ts`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import sharp from 'sharp';
import { diagnose, Person, startPlayground, type RunningPlayground } from './harness.ts';

let playground: RunningPlayground;
let person: Person | undefined;

before(async () => {
  playground = await startPlayground();
});

after(async () => {
  if (process.exitCode) await diagnose(playground, person?.page, 'phone');
  await playground?.stop();
});

async function newPerson(viewport?: { width: number; height: number }): Promise<Person> {
  person = await Person.open(playground, viewport);
  return person;
}

const api = (path: string, init?: RequestInit) => fetch(`${playground.base}/playground/api${path}`, init);
const state = async () => (await (await api('/state')).json()) as { clock: { now: string; offsetMs: number } };
const rowsOf = (locator: import('playwright').Locator) => locator.evaluateAll((nodes) => nodes.length);

/** Taps +1 day and waits for the server's answer, so what follows sees the jump. */
async function jumpOneDay(p: Person): Promise<void> {
  const answered = p.page.waitForResponse((response) => response.url().endsWith('/playground/api/clock') && response.ok());
  await p.page.getByRole('button', { name: '+1 day' }).click();
  await answered;
}

describe('the playground as a phone', () => {
  test('emoji in the bot\'s words are drawn in colour, not as empty boxes (the emoji font scripts/setup.sh installs)', async () => {
    const p = await newPerson({ width: 390, height: 844 });
    await p.follow();
    const greeting = p.chat.locator('.row-bot .bubble').filter({ hasText: '👋' }).first();
    await greeting.waitFor();
    // A missing emoji font leaves a black outline box (or a black-and-white glyph): no coloured pixel at all.
    // The bubble is white with dark text, so coloured pixels in it can only be the 👋.
    const { data, info } = await sharp(await greeting.screenshot()).raw().toBuffer({ resolveWithObject: true });
    let coloured = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
    }
    assert.ok(coloured > 40, `the 👋 should be drawn in colour; ${coloured} coloured pixels in the bubble`);
  });

  test('the message box: Shift+Enter breaks the line, Enter sends the lines as one message; it grows, then scrolls', async () => {
    const p = await newPerson();
    await p.follow();
    await p.box.click();
    const oneLine = await p.box.evaluate((box: HTMLTextAreaElement) => box.clientHeight);
    await p.page.keyboard.type('MM16937074-16937099');
    await p.page.keyboard.press('Shift+Enter');
    await p.page.keyboard.type('AB12345600-12345649');
    assert.equal(await p.box.inputValue(), 'MM16937074-16937099\nAB12345600-12345649', 'Shift+Enter did not send');
    assert.equal(await p.chat.locator('.row-user').count(), 0);
    assert.ok((await p.box.evaluate((box: HTMLTextAreaElement) => box.clientHeight)) > oneLine, 'the box grew for the second line');

    await p.page.keyboard.press('Enter');
    // The bubble shows the text of the webhook's message event: one message, with the line break in it.
    const bubble = p.chat.locator('.row-user .bubble').last();
    await bubble.waitFor();
    assert.equal(await bubble.textContent(), 'MM16937074-16937099\nAB12345600-12345649');
    assert.equal(await p.chat.locator('.row-user').count(), 1);
    assert.equal(await p.box.inputValue(), '');

    // Ten lines: the box stops growing at a few lines and scrolls instead.
    await p.box.fill(Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n'));
    const { clientHeight, scrollHeight, overflowY } = await p.box.evaluate((box: HTMLTextAreaElement) => ({
      clientHeight: box.clientHeight,
      scrollHeight: box.scrollHeight,
      overflowY: getComputedStyle(box).overflowY,
    }));
    assert.ok(clientHeight > oneLine * 2 && clientHeight < oneLine * 4, `a few lines high, got ${clientHeight}px (one line ${oneLine}px)`);
    assert.ok(scrollHeight > clientHeight);
    assert.equal(overflowY, 'auto');
  });

  test('a photo from the computer is an image bubble and reaches the bot as an image message; other files are refused', async () => {
    const p = await newPerson();
    await p.follow();
    const rows = await p.botRows();
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
    await p.page.locator('#photo').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    const photo = p.chat.locator('.row-user img.image-msg').last();
    await photo.waitFor();
    await photo.evaluate((img: HTMLImageElement) => img.decode());
    // Served back from what the fake LINE stored for the image message (the data API's content).
    assert.equal(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth), 300);
    assert.equal(await p.chat.getByText('📷 照片').count(), 0);
    // The bot fetched the content and answered the photo.
    await p.chat.locator('.row-bot').nth(rows).waitFor();

    const users = await rowsOf(p.chat.locator('.row-user'));
    await p.page.locator('#photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await p.page.locator('#toast').filter({ hasText: '不是照片' }).waitFor();
    await p.page.locator('#photo').setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0xff) });
    await p.page.locator('#toast').filter({ hasText: '最多 10 MB' }).waitFor();
    assert.equal(await rowsOf(p.chat.locator('.row-user')), users, 'nothing refused reached the chat');

    // The server checks the bytes too: a document labelled as a PNG is not a photo.
    const userId = await p.page.locator('#phone').getAttribute('data-user-id');
    const refused = await api(`/users/${userId}/images`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'not a png' });
    assert.equal(refused.status, 415);
  });

  test('tapping a picture opens it full screen over the phone; ✕, Esc and a tap beside it close it', async () => {
    const p = await newPerson();
    await p.follow();
    const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await p.page.locator('#photo').setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: png });
    const photo = p.chat.locator('.row-user img.image-msg').last();
    await photo.waitFor();
    const lightbox = p.page.locator('#lightbox');
    const close = p.page.getByRole('button', { name: '關閉圖片' });

    await photo.click();
    await lightbox.waitFor();
    assert.equal(await p.page.locator('#lightbox-image').getAttribute('src'), await photo.getAttribute('src'));
    const phone = await p.page.locator('#phone').boundingBox();
    const shown = await p.page.locator('#lightbox-image').boundingBox();
    assert.ok(phone && shown && shown.width > 300 && shown.x >= phone.x && shown.x + shown.width <= phone.x + phone.width, 'drawn as wide as the phone, on it');
    await close.click();
    await lightbox.waitFor({ state: 'hidden' });

    await photo.click();
    await lightbox.waitFor();
    await p.page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'hidden' });

    await photo.click();
    await lightbox.waitFor();
    await p.page.locator('#lightbox-image').click();
    assert.equal(await lightbox.isVisible(), true, 'a tap on the picture itself keeps it open');
    await lightbox.click({ position: { x: 10, y: 300 } });
    await lightbox.waitFor({ state: 'hidden' });
  });

  test('typing folds the rich menu away and the toggle brings it back, so the chat has room', async () => {
    const p = await newPerson({ width: 390, height: 844 });
    await p.follow();
    const menu = p.page.locator('#rich-menu');
    await menu.locator('img').waitFor();
    const chatHeight = () => p.chat.evaluate((chat) => chat.clientHeight);
    const withMenu = await chatHeight();

    await p.box.click();
    await menu.waitFor({ state: 'hidden' });
    assert.ok((await chatHeight()) > withMenu + 150, 'the chat took the menu\'s room');

    await p.page.getByRole('button', { name: '打開選單' }).click();
    await menu.waitFor();
    assert.equal(await p.box.evaluate((box) => box === document.activeElement), false, 'the menu replaces the keyboard');
    assert.equal(await chatHeight(), withMenu);

    await p.page.getByRole('button', { name: '切換成鍵盤' }).click();
    await menu.waitFor({ state: 'hidden' });
    assert.equal(await p.box.evaluate((box) => box === document.activeElement), true);
    const rows = await p.botRows();
    await p.page.keyboard.type('狀態');
    await p.page.keyboard.press('Enter');
    await p.chat.locator('.row-bot').nth(rows).waitFor();
    assert.equal(await menu.isVisible(), false, 'still typing: the menu stays folded');
  });

  test('the one-time password link opens in an in-app browser sheet over the chat; the captcha is readable and opens full screen', async () => {
    const p = await newPerson({ width: 390, height: 844 });
    await p.follow();
    await p.setUpStoreUntilPasswordLink();
    const rows = await p.botRows();
    await p.tap('填寫平台帳號密碼');
    const sheet = p.page.getByRole('dialog', { name: '設定電子發票平台帳號' });
    await sheet.waitFor();
    // Measured where it comes to rest, once it has slid up.
    await sheet.evaluate((node) => Promise.all(node.getAnimations().map((animation) => animation.finished)));
    assert.equal(await p.page.locator('#phone #browser').count(), 1, 'the sheet is part of the phone');
    const phone = await p.page.locator('#phone').boundingBox();
    const box = await sheet.boundingBox();
    assert.ok(phone && box && box.y >= phone.y && box.y + box.height <= phone.y + phone.height + 1 && box.height > phone.height / 2, 'over the phone, not below it');
    assert.equal(await p.page.locator('#browser-host').textContent(), new URL(playground.base).host);
    const form = p.page.frameLocator('#browser-frame');
    await form.getByLabel('帳號').fill('coffee01');
    await form.getByLabel('密碼').fill('Sim-Pass-1234');
    await form.getByRole('button').click();
    await p.botSays(/平台帳號密碼已經安全儲存/, rows);
    await p.page.getByRole('button', { name: '關閉瀏覽器' }).click();
    await sheet.waitFor({ state: 'hidden' });
    assert.equal(await p.page.locator('#browser-frame').getAttribute('src'), 'about:blank');

    // On to the platform's captcha: drawn wide enough to read in the bubble, and full screen on a tap.
    await p.page.getByRole('button', { name: 'Next reminder day' }).click();
    await p.tap('開始上傳');
    await p.botSays(/「未使用」/);
    await p.typeLines(['MM16937074-16937099']);
    await p.botSays(/確認上傳空白發票/);
    const before = await p.botRows();
    await p.tap('確認上傳');
    const captcha = p.botImageAfter(before);
    await captcha.waitFor();
    await captcha.evaluate((img: HTMLImageElement) => img.decode());
    const width = await captcha.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width);
    assert.ok(width >= 240, `the captcha is ${width}px wide in the chat`);
    await captcha.click();
    await p.page.locator('#lightbox').waitFor();
    assert.equal(await p.page.locator('#lightbox-image').getAttribute('src'), await captcha.getAttribute('data-full'));
    await p.page.keyboard.press('Escape');
    await p.answerCaptcha(before);
    await p.botSays(/已送出/, before);
  });

  test('the status bar and the clock panel tick every second on the bot\'s time', async () => {
    const p = await newPerson();
    const panel = p.page.locator('#clock-now');
    const first = (await panel.textContent()) ?? '';
    await p.page.waitForFunction((shown) => document.getElementById('clock-now')?.textContent !== shown, first);
    const [next, statusBar] = await p.page.evaluate(() => [document.getElementById('clock-now')?.textContent ?? '', document.getElementById('phone-clock')?.textContent ?? '']);
    assert.match(next, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.ok(taipeiMs(next) > taipeiMs(first), `${next} after ${first}`);
    assert.equal(statusBar, next.slice(11, 16));

    // A jump moves what both show: the page keeps the server's offset and ticks from there.
    await jumpOneDay(p);
    const { clock } = await state();
    await p.page.waitForFunction((day) => document.getElementById('clock-now')?.textContent?.startsWith(day), taipeiDay(new Date(clock.now)));
    const shown = taipeiMs((await panel.textContent()) ?? '');
    assert.ok(Math.abs(shown - Date.parse(clock.now)) < 60_000, 'the panel shows the bot\'s time, a day ahead');
    await api('/clock/now', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  });

  test('回到現在 puts the clock back to real time, clears the saved offset and explains what it leaves behind', async () => {
    const p = await newPerson();
    const clockFile = join(playground.cwd, 'data', 'playground-clock.json');
    await jumpOneDay(p);
    const ahead = p.page.locator('#clock-ahead');
    await ahead.filter({ hasText: '全部重來' }).waitFor();
    assert.ok((await state()).clock.offsetMs >= 86_400_000);
    assert.ok(JSON.parse(readFileSync(clockFile, 'utf8')).offsetMs >= 86_400_000);

    await p.page.getByRole('button', { name: '回到現在' }).click();
    await ahead.waitFor({ state: 'hidden' });
    assert.equal((await state()).clock.offsetMs, 0);
    assert.equal(existsSync(clockFile), false, 'the saved offset is gone: a restart stays at real time');
    assert.equal(await p.page.getByRole('button', { name: '回到現在' }).isDisabled(), true);
    const shown = taipeiMs((await p.page.locator('#clock-now').textContent()) ?? '');
    assert.ok(Math.abs(shown - Date.now()) < 60_000, 'the panel shows real time again');
  });

  test('全部重來 asks first, then empties every table, the clock and the fake LINE; the chat starts as a new follower', async () => {
    const p = await newPerson();
    await p.follow();
    await p.say('你好');
    await jumpOneDay(p);
    await p.page.locator('#clock-ahead').waitFor();
    const oldUser = await p.page.locator('#phone').getAttribute('data-user-id');
    assert.ok((countRows()['owners'] ?? 0) > 0, 'there is something to empty');

    await p.page.getByRole('button', { name: '全部重來' }).click();
    const confirm = p.page.getByRole('alertdialog', { name: '要全部重來嗎？' });
    await confirm.waitFor();
    assert.match((await confirm.textContent()) ?? '', /無法復原/);
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    assert.ok((countRows()['owners'] ?? 0) > 0, '取消 changed nothing');

    await p.page.getByRole('button', { name: '全部重來' }).click();
    const reloaded = p.page.waitForEvent('load');
    await confirm.getByRole('button', { name: '全部重來' }).click();
    await reloaded;
    await p.page.locator('body[data-ready]').waitFor();
    const counts = countRows();
    assert.deepEqual(Object.entries(counts).filter(([, rows]) => rows > 0), [], 'every application table is empty');
    assert.ok(migrationsKept() >= 40, 'the migrations bookkeeping stays');
    assert.equal((await state()).clock.offsetMs, 0);
    assert.notEqual(await p.page.locator('#phone').getAttribute('data-user-id'), oldUser);
    assert.equal(await p.chat.locator('.row-bot, .row-user').count(), 0);
    await p.page.getByRole('button', { name: '加入好友' }).waitFor();

    // A new follower: the greeting, and the rich menu LINE shows to everyone.
    await p.follow();
    await p.page.locator('#rich-menu img').waitFor();
    assert.equal(countRows()['owners'], 1);
  });
});

describe('全部重來 exists only in local mode', () => {
  test('with a LINE channel configured, the route is not there', async () => {
    const { startScript, freePort } = await import('../support/process.ts');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { randomBytes } = await import('node:crypto');
    const cwd = mkdtempSync(join(tmpdir(), 'playground-line-'));
    const port = await freePort();
    const bot = startScript('src/main.ts', {
      cwd,
      env: {
        PORT: String(port),
        LINE_CHANNEL_SECRET: randomBytes(16).toString('hex'),
        LINE_CHANNEL_ACCESS_TOKEN: randomBytes(24).toString('base64url'),
        CREDENTIALS_KEY: randomBytes(32).toString('base64'),
        RUN_WORKER: 'false',
      },
    });
    try {
      await bot.waitForLog('listening', 30_000);
      const response = await fetch(`http://127.0.0.1:${port}/playground/api/start-over`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ confirm: true }),
      });
      assert.equal(response.status, 404);
    } finally {
      await bot.stop();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

/** Rows per application table of the playground's database, read beside the running bot. */
function countRows(): Record<string, number> {
  const db = new SqliteDatabase(join(playground.cwd, 'data', 'bot.db'), { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

function migrationsKept(): number {
  const db = new SqliteDatabase(join(playground.cwd, 'data', 'bot.db'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from kysely_migration').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** "YYYY-MM-DD HH:mm:ss" in Asia/Taipei (UTC+8, no daylight saving) as epoch ms. */
function taipeiMs(shown: string): number {
  return Date.parse(`${shown.replace(' ', 'T')}+08:00`);
}

function taipeiDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
