// The playground's HTTP side, without a browser: bad input gets a specific English answer, and what a
// person does reaches the bot as LINE would send it, with the bot's answer streamed back.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/connect.ts';
import { startLocalMode, type LocalMode } from '../../src/local/local-mode.ts';
import { createLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/startup.ts';
import { singleKeyRing } from '../../src/vault/key-ring.ts';
import { createVault } from '../../src/vault/vault.ts';

let dir: string;
let db: Db;
let local: LocalMode;
let base: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-api-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  db = await openDatabase(config, log);
  local = await startLocalMode({ config, log, db, vault: createVault(singleKeyRing(randomBytes(32))) });
  base = local.playgroundUrl.replace(/\/playground$/, '');
});

after(async () => {
  await local.stop();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  fetch(`${base}/playground/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function newUser(): Promise<string> {
  const response = await post('/users', {});
  assert.equal(response.status, 201);
  return ((await response.json()) as { userId: string }).userId;
}

/** Reads the server-sent events of one user until `done` says enough, or fails after a while. */
async function streamUntil(userId: string, done: (events: Array<{ event: string; data: any }>) => boolean): Promise<Array<{ event: string; data: any }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const response = await fetch(`${base}/playground/api/users/${userId}/stream`, { signal: controller.signal });
  const events: Array<{ event: string; data: any }> = [];
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += Buffer.from(chunk).toString('utf8');
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (done(events)) return events;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('playground API', () => {
  test('serves the page and its state: the fixture to try and the shared clock', async () => {
    const page = await fetch(`${base}/playground`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /空白發票小幫手/);
    const state = (await (await fetch(`${base}/playground/api/state`)).json()) as Record<string, any>;
    assert.equal(state.fixture.ubn, '04595257');
    assert.equal(state.publicBaseUrl, base);
    assert.match(state.clock.taipei, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  test('a follow and a message reach the bot as signed webhooks; its replies stream back', async () => {
    const userId = await newUser();
    assert.equal((await post(`/users/${userId}/follow`, {})).status, 200);
    assert.equal((await post(`/users/${userId}/messages`, { text: '說明' })).status, 200);
    const events = await streamUntil(userId, (seen) => seen.filter((e) => e.event === 'entry' && e.data.from === 'bot').length >= 2);
    const entries = events.filter((e) => e.event === 'entry').map((e) => e.data);
    assert.deepEqual(entries.filter((e) => e.from === 'user').map((e) => e.kind), ['follow', 'message']);
    assert.equal(entries.find((e) => e.kind === 'message')?.text, '說明');
    const texts = JSON.stringify(entries.filter((e) => e.from === 'bot').map((e) => e.messages));
    assert.match(texts, /空白發票小幫手/);
  });

  test('a postback button sends its data and shows its displayText as the owner\'s bubble', async () => {
    const userId = await newUser();
    await post(`/users/${userId}/follow`, {});
    const response = await post(`/users/${userId}/actions`, { type: 'message', text: '設定我的商店' });
    assert.equal(response.status, 200);
    const events = await streamUntil(userId, (seen) => JSON.stringify(seen).includes('統一編號'));
    assert.match(JSON.stringify(events), /統一編號/);
  });

  test('the rich menu is installed through the Messaging API and drawn from what the fake holds', async () => {
    const userId = await newUser();
    type MenuView = { areas: Array<{ action: { text: string } }>; size: { width: number } };
    let menu: MenuView | null = null;
    for (let tries = 0; tries < 100 && menu === null; tries += 1) {
      ({ richMenu: menu } = (await (await fetch(`${base}/playground/api/users/${userId}/rich-menu`)).json()) as { richMenu: MenuView | null });
      if (menu === null) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(menu, 'the rich menu was installed within 20 s');
    assert.deepEqual(menu.areas.map((area) => area.action.text), ['上傳空白發票', '狀態', '商店設定', '說明']);
    const image = await fetch(`${base}/playground/api/users/${userId}/rich-menu/image`);
    assert.equal(image.status, 200);
    assert.equal(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString(), 'PNG');
  });

  test('a photo goes to the bot as an image message; blocking is an unfollow', async () => {
    const userId = await newUser();
    await post(`/users/${userId}/follow`, {});
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const sent = await fetch(`${base}/playground/api/users/${userId}/images`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    assert.equal(sent.status, 200);
    const events = await streamUntil(userId, (seen) => seen.filter((e) => e.event === 'entry' && e.data.from === 'bot').length >= 2);
    const entries = events.filter((e) => e.event === 'entry').map((e) => e.data);
    const photo = entries.find((e) => e.from === 'user' && e.kind === 'message');
    assert.equal(photo?.messageType, 'image');
    const shown = await fetch(`${base}${photo?.imageUrl}`);
    assert.equal(shown.status, 200, 'the chat draws the photo the person sent');
    assert.deepEqual(Buffer.from(await shown.arrayBuffer()), png);
    assert.equal((await fetch(`${base}${String(photo?.imageUrl).replace(userId, await newUser())}`)).status, 404, 'another user\'s chat does not show it');
    // Photos are read, but a person who has not set up a store is asked to do that first.
    assert.match(JSON.stringify(entries.at(-1)?.messages), /還沒有設定商店/);

    assert.equal((await post(`/users/${userId}/unfollow`, {})).status, 200);
    const after = await streamUntil(userId, (seen) => seen.some((e) => e.event === 'entry' && e.data.kind === 'unfollow'));
    assert.ok(after.some((e) => e.event === 'entry' && e.data.kind === 'unfollow'));
  });

  test('the POS photo button sends a generated photo as an image message and tells its blank ranges', async () => {
    const userId = await newUser();
    await post(`/users/${userId}/follow`, {});
    const sent = await post(`/users/${userId}/pos-photos`, {});
    assert.equal(sent.status, 200);
    const body = (await sent.json()) as { name: string; blank: string[] };
    assert.match(body.name, /^pos-\d+-000-[\w-]+\.jpg$/);
    assert.ok(body.blank.every((range) => /^[A-Z]{2}\d{8}/.test(range)), `blank ranges: ${body.blank.join(', ')}`);
    const events = await streamUntil(userId, (seen) => seen.some((e) => e.event === 'entry' && e.data.messageType === 'image'));
    const photo = events.find((e) => e.event === 'entry' && e.data.messageType === 'image')?.data;
    const shown = await fetch(`${base}${photo?.imageUrl}`);
    assert.equal(shown.headers.get('content-type'), 'image/jpeg');
  });

  test('a photo that is not a PNG or JPEG, or over 10 MB, is refused with the reason', async () => {
    const userId = await newUser();
    const notImage = await fetch(`${base}/playground/api/users/${userId}/images`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(notImage.status, 400);
    assert.match(((await notImage.json()) as { error: string }).error, /PNG or JPEG/);
    const huge = await fetch(`${base}/playground/api/users/${userId}/images`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(11 * 1024 * 1024) });
    assert.equal(huge.status, 413);
    assert.match(((await huge.json()) as { error: string }).error, /10mb/);
  });

  test('bad input gets a specific answer and reaches nobody', async () => {
    const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
      ['/users/not-a-user/messages', { text: 'hi' }, /U followed by 32 hex digits/],
      [`/users/U${'a'.repeat(32)}/messages`, { text: '   ' }, /type a message first/],
      [`/users/U${'a'.repeat(32)}/messages`, { text: 'x'.repeat(5001) }, /at most 5,000 characters/],
      [`/users/U${'a'.repeat(32)}/actions`, { type: 'camera' }, /.+/],
      ['/clock', { jump: '3h' }, /.+/],
    ];
    for (const [path, body, message] of cases) {
      const response = await post(path, body);
      assert.equal(response.status, 400, path);
      assert.match(((await response.json()) as { error: string }).error, message, path);
    }
  });

  test('the clock jumps for everyone and the page hears of it', async () => {
    const before = (await (await fetch(`${base}/playground/api/state`)).json()) as { clock: { now: string } };
    const response = await post('/clock', { jump: '2h' });
    assert.equal(response.status, 200);
    const { clock } = (await response.json()) as { clock: { now: string } };
    const moved = new Date(clock.now).getTime() - new Date(before.clock.now).getTime();
    assert.ok(moved >= 2 * 3_600_000 && moved < 2 * 3_600_000 + 5_000, `moved ${moved} ms`);
  });
});
