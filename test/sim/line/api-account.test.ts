import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { clientFor, failureOf, pngHeader, startFake, startRawReceiver, TOKEN, userId, type Harness, type Receiver } from './support.ts';

const CAROL = userId(0xca201);

/** SOI, an APP0 segment, then a baseline start-of-frame carrying the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** Copies into a plain ArrayBuffer, which is what Blob's types accept. */
function blobOf(bytes: Buffer, type: string): Blob {
  return new Blob([new Uint8Array(bytes)], { type });
}

const MENU: messagingApi.RichMenuRequest = {
  size: { width: 2500, height: 843 },
  selected: true,
  name: '空白發票選單',
  chatBarText: '選單',
  areas: [
    { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', label: '上傳', data: 'menu=upload' } },
    { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'message', label: '說明', text: '說明' } },
  ],
};

describe('fake LINE platform: loading, profile, content and rich menus', () => {
  let harness: Harness;
  let receiver: Receiver;

  before(async () => {
    receiver = await startRawReceiver();
    harness = await startFake({ webhookUrl: receiver.url });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });
  beforeEach(() => harness.fake.reset());

  it('shows the loading animation for 5 to 60 seconds in steps of 5 (20 when not given)', async () => {
    await harness.client.showLoadingAnimation({ chatId: CAROL, loadingSeconds: 5 });
    await harness.client.showLoadingAnimation({ chatId: CAROL, loadingSeconds: 60 });
    await harness.client.showLoadingAnimation({ chatId: CAROL });
    assert.deepEqual(harness.fake.loadings().map((loading) => loading.loadingSeconds), [5, 60, 20]);
    for (const loadingSeconds of [0, 7, 65]) {
      const failure = await failureOf(harness.client.showLoadingAnimation({ chatId: CAROL, loadingSeconds }));
      assert.equal(failure.status, 400, `loadingSeconds ${loadingSeconds}`);
      assert.equal(failure.body.details?.[0]?.property, 'loadingSeconds');
    }
    const noChat = await failureOf(harness.client.showLoadingAnimation({ loadingSeconds: 5 } as messagingApi.ShowLoadingAnimationRequest));
    assert.equal(noChat.body.details?.[0]?.property, 'chatId');
    const group = await failureOf(harness.client.showLoadingAnimation({ chatId: `C${'0'.repeat(32)}`, loadingSeconds: 5 }));
    assert.equal(group.status, 400);
    assert.equal(harness.fake.loadings().length, 3);
  });

  it('gives the profile of a friend, and 404 once the user has unfollowed', async () => {
    await harness.fake.follow(CAROL, { displayName: '小美早餐店' });
    assert.deepEqual(await harness.client.getProfile(CAROL), { userId: CAROL, displayName: '小美早餐店', language: 'zh-TW' });
    await harness.fake.unfollow(CAROL);
    assert.equal((await failureOf(harness.client.getProfile(CAROL))).status, 404);
  });

  it('serves the bytes of an image the user sent on the data API', async () => {
    const bytes = pngHeader(1, 1);
    const delivery = await harness.fake.sendImage(CAROL, { bytes, contentType: 'image/png' });
    const event = delivery.events[0];
    assert.ok(event?.type === 'message' && event.message.type === 'image');
    assert.deepEqual(event.message.contentProvider, { type: 'line' });
    const content = await buffer(await harness.client.getMessageContent(event.message.id));
    assert.deepEqual(content, bytes);
  });

  it('serves a photo as sent (JPEG by default) on the data host only, and refuses what LINE refuses', async () => {
    const bytes = jpegHeader(4, 3);
    const delivery = await harness.fake.sendImage(CAROL, bytes);
    const messageId = delivery.events[0]?.type === 'message' ? delivery.events[0].message.id : '';
    const served = await harness.client.getMessageContentWithHttpInfo(messageId);
    assert.equal(served.httpResponse.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(await buffer(served.body), bytes);
    const onApiHost = clientFor(harness.fake.url, TOKEN, harness.fake.url);
    assert.equal((await failureOf(onApiHost.getMessageContent(messageId))).status, 404, 'api.line.me does not serve content');
    assert.equal((await failureOf(harness.client.getMessageContent('123456789012345678'))).status, 404);
    const wrongToken = clientFor(harness.fake.url, 'wrong-token', harness.fake.dataUrl);
    assert.equal((await failureOf(wrongToken.getMessageContent(messageId))).status, 401);
  });

  it('creates a rich menu, takes its image once, and makes it the default', async () => {
    const { richMenuId } = await harness.client.createRichMenu(MENU);
    assert.match(richMenuId, /^richmenu-[0-9a-f]{32}$/);
    const early = await failureOf(harness.client.setDefaultRichMenu(richMenuId));
    assert.equal(early.status, 400, 'a menu without an image cannot be applied');
    const wrongSize = await failureOf(harness.client.setRichMenuImage(richMenuId, blobOf(pngHeader(1200, 405), 'image/png')));
    assert.equal(wrongSize.status, 400);
    assert.match(wrongSize.body.message, /1200x405/);
    await harness.client.setRichMenuImage(richMenuId, blobOf(jpegHeader(2500, 843), 'image/jpeg'));
    const twice = await failureOf(harness.client.setRichMenuImage(richMenuId, blobOf(pngHeader(2500, 843), 'image/png')));
    assert.equal(twice.status, 400);
    await harness.client.setDefaultRichMenu(richMenuId);
    assert.deepEqual(await harness.client.getDefaultRichMenuId(), { richMenuId });
    const { richmenus } = await harness.client.getRichMenuList();
    assert.deepEqual(richmenus.map((menu) => [menu.richMenuId, menu.name, menu.chatBarText]), [[richMenuId, '空白發票選單', '選單']]);
    await harness.client.deleteRichMenu(richMenuId);
    assert.equal((await failureOf(harness.client.getDefaultRichMenuId())).status, 404);
    assert.deepEqual((await harness.client.getRichMenuList()).richmenus, []);
  });

  it('refuses a rich menu outside LINE\'s sizes and an image that is not PNG or JPEG', async () => {
    const tooSmall = await failureOf(harness.client.createRichMenu({ ...MENU, size: { width: 600, height: 300 } }));
    assert.equal(tooSmall.status, 400);
    assert.ok(tooSmall.body.details?.some((detail) => detail.property === 'size.width'));
    const longBar = await failureOf(harness.client.createRichMenu({ ...MENU, chatBarText: '這是一個超過十四個字的選單列文字喔' }));
    assert.ok(longBar.body.details?.some((detail) => detail.property === 'chatBarText'));
    const { richMenuId } = await harness.client.createRichMenu(MENU);
    const gif = await failureOf(harness.client.setRichMenuImage(richMenuId, blobOf(Buffer.from('GIF89a'), 'image/gif')));
    assert.equal(gif.status, 400);
  });

  it('answers unknown paths with LINE\'s 404', async () => {
    const response = await fetch(`${harness.fake.url}/v2/bot/nothing`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { message: 'Not found' });
  });
});
