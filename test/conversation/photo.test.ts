// A photo of the POS screen instead of typed numbers, through the real bot: the fake LINE over real HTTP
// (its data API serves the photo), the real OCR reader, photos from the generator with their truth.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatRange, sameRange, type InvoiceRange } from '../../src/invoice/range.ts';
import { createPhotoReader } from '../../src/ocr/index.ts';
import type { PhotoReader, PhotoReading } from '../../src/ocr/types.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';
import { generatePosPhotos, LAYOUTS, unreadablePhoto } from '../../src/sim/pos-photos/index.ts';
import { allText, atRangesInChat, labelsOf, registerInChat, startTestBot, type TestBot } from '../support/bot.ts';
import { mildPosPhotos, type MildPhoto } from '../support/mild-pos-photos.ts';

/**
 * Photos tried, in order, for one the reader reads exactly (and one it has doubts about): one well-taken
 * photo of each layout, then the generator's own (blur, glare and all). Reading stops once both are found.
 */
const CANDIDATE_SEED = 1;
const GENERATED_CANDIDATES = 4;
/** A reading takes seconds; LINE would have let the reply token lapse after a minute. */
const ANSWER_TIMEOUT_MS = 60_000;
const FROM_PHOTO = '這些號碼是從照片讀出來的，請對一下螢幕再確認 🙏';

interface ReadPhoto {
  readonly photo: MildPhoto;
  readonly reading: PhotoReading;
}

let t: TestBot;
let reader: PhotoReader;
let exact: ReadPhoto;
let doubtful: ReadPhoto | undefined;

before(async () => {
  reader = createPhotoReader({});
  t = await startTestBot({ photoReader: reader });
  t.clock.set(new Date('2026-11-03T02:00:00Z')); // 11/3 10:00 Taipei: 115年9-10月 is due on 11/10
});

after(async () => {
  await t.stop();
  await reader.close();
});

async function readCandidates(): Promise<ReadPhoto[]> {
  const read: ReadPhoto[] = [];
  const enough = () => read.some(readExactly) && read.some((candidate) => candidate.reading.doubts.length > 0);
  for (const photos of [() => mildPosPhotos(CANDIDATE_SEED, LAYOUTS), () => generatePosPhotos({ count: GENERATED_CANDIDATES, seed: CANDIDATE_SEED })]) {
    for (const photo of await photos()) {
      read.push({ photo, reading: await reader.read(photo.jpeg) });
      if (enough()) return read;
    }
  }
  return read;
}

function readExactly({ photo, reading }: ReadPhoto): boolean {
  const truth = photo.truth.blank;
  return !reading.unreadable && reading.doubts.length === 0 && reading.ranges.length === truth.length && reading.ranges.every((range, i) => sameRange(range, truth[i] as InvoiceRange));
}

function describeReading({ photo, reading }: ReadPhoto): string {
  return `  ${photo.name}: truth [${photo.truth.blank.map(formatRange).join(', ')}], read [${reading.ranges.map(formatRange).join(', ')}], ${reading.doubts.length} doubt(s)`;
}

/** The owner sends a photo; resolves with every bot message that answered it. */
async function sendPhoto(user: string, jpeg: Buffer): Promise<BotMessage[]> {
  const since = t.fake.mark(user);
  await t.fake.sendImage(user, jpeg);
  await t.bot.settle();
  return t.fake.waitForMessages(user, 1, { since, timeoutMs: ANSWER_TIMEOUT_MS });
}

/** The ranges the card stands for: what 確認上傳 would upload. */
async function rangesOnTheCard(user: string): Promise<InvoiceRange[]> {
  const row = await t.database.db.selectFrom('conversations').select('state_json').where('line_user_id', '=', user).executeTakeFirstOrThrow();
  const state = JSON.parse(row.state_json) as { step: string; ranges?: [string, number, number][] };
  assert.equal(state.step, 'upload.confirm');
  return (state.ranges ?? []).map(([track, start, end]) => ({ track, start, end }));
}

function assertTheCardOf(user: string, answer: readonly BotMessage[], read: ReadPhoto): void {
  const text = allText(answer);
  assert.match(text, /確認上傳空白發票/);
  assert.ok(text.includes(FROM_PHOTO), `the card says the numbers came from the photo:\n${text}`);
  assert.deepEqual(labelsOf(answer).slice(0, 3), ['確認上傳', '修改', '取消']);
  for (const part of read.reading.leftOut) assert.ok(text.includes(part.message), `what was left out is listed: ${part.message}`);
  assert.ok(t.fake.loadings().some((loading) => loading.chatId === user), 'LINE showed the loading animation while the photo was read');
  assert.ok(!t.fake.pushes().some((push) => push.to === user), 'the answer is a free reply, not a push');
}

describe('a photo of the POS screen', () => {
  before(async () => {
    const candidates = await readCandidates();
    const found = candidates.find(readExactly);
    assert.ok(found, `none of the ${candidates.length} candidate photos (seed ${CANDIDATE_SEED}) is read exactly by the reader:\n${candidates.map(describeReading).join('\n')}`);
    exact = found;
    doubtful = candidates.find((candidate) => candidate.reading.doubts.length > 0);
  });

  test('at the ranges step: the same card as typed numbers, with exactly the photo\'s blank ranges and where they came from', async () => {
    const user = 'U-photo-ranges';
    await atRangesInChat(t, user);
    const answer = await sendPhoto(user, exact.photo.jpeg);
    assertTheCardOf(user, answer, exact);
    assert.match(allText(answer), /115年9-10月/);
    assert.deepEqual((await rangesOnTheCard(user)).map(formatRange), exact.photo.truth.blank.map(formatRange));
    assert.match(allText(await t.tap(user, '修改')), /重新輸入/, '修改 lets the owner type them');
  });

  test('that cannot be read: a plain answer with what to do, and the ranges step still open', async () => {
    const user = 'U-photo-unreadable';
    await atRangesInChat(t, user);
    const answer = await sendPhoto(user, (await unreadablePhoto(7)).jpeg);
    const text = allText(answer);
    assert.match(text, /看不清楚/);
    assert.match(text, /拍近一點、不要反光/);
    assert.match(text, /打給我/);
    const labels = labelsOf(answer);
    assert.ok(labels.includes('重拍一張') && labels.includes('改用打字'), `buttons: ${labels.join(', ')}`);
    assert.ok(!labels.includes('確認上傳'));
    assert.match(allText(await t.tap(user, '重拍一張')), /拍近一點/);
    assert.match(allText(await t.say(user, 'MM16937074-16937099')), /確認上傳空白發票/, 'typing still works after it');
  });

  test('with no step open: it starts the upload for the period due now, as pasted numbers do', async () => {
    const user = 'U-photo-idle';
    await registerInChat(t, user);
    const answer = await sendPhoto(user, exact.photo.jpeg);
    assertTheCardOf(user, answer, exact);
    assert.match(allText(answer), /115年9-10月/);
    assert.deepEqual((await rangesOnTheCard(user)).map(formatRange), exact.photo.truth.blank.map(formatRange));
  });

  test('with two stores: which store is asked first, and the photo\'s numbers wait for the answer', async () => {
    const user = 'U-photo-two-stores';
    await registerInChat(t, user, '一號店');
    await registerInChat(t, user, '二號店', '10458575');
    const asked = await sendPhoto(user, exact.photo.jpeg);
    assert.match(allText(asked), /哪一家店/);
    const card = await t.tap(user, '二號店');
    assert.match(allText(card), /二號店/);
    assert.ok(allText(card).includes(FROM_PHOTO));
    assert.deepEqual((await rangesOnTheCard(user)).map(formatRange), exact.photo.truth.blank.map(formatRange));
  });

  test('read for longer than the reply token lives: "still reading" uses the reply, and the card follows as a push', async () => {
    const user = 'U-photo-slow';
    await atRangesInChat(t, user);
    const since = t.fake.mark(user);
    // LINE is slow to hand the photo over (a second, in real time); meanwhile 40 s pass for LINE and the bot,
    // so the held reply token is about to lapse before the reading is done.
    t.fake.delayNext(/^\/v2\/bot\/message\/\d+\/content$/, 1000);
    await t.fake.sendImage(user, exact.photo.jpeg);
    t.clock.advance(40_000);
    await t.bot.settle();
    const answer = await t.fake.waitForMessages(user, 2, { since, timeoutMs: ANSWER_TIMEOUT_MS });
    assert.match(allText(answer.slice(0, 1)), /還在看/);
    assert.ok(t.fake.replies().some((reply) => reply.userId === user && allText(reply.messages).includes('還在看')), 'the reply token said it');
    const pushed = t.fake.pushes().filter((push) => push.to === user);
    assert.equal(pushed.length, 1);
    assert.match(allText(pushed[0]?.messages ?? []), /確認上傳空白發票/);
  });

  test('read with doubts: the doubts are named, and 確認上傳 is not offered for a partial list', async (context) => {
    if (!doubtful) return context.skip('the reader had no doubts about any of the candidate photos');
    const user = 'U-photo-doubts';
    await atRangesInChat(t, user);
    const answer = await sendPhoto(user, doubtful.photo.jpeg);
    const text = allText(answer);
    assert.ok(text.includes(FROM_PHOTO));
    for (const doubt of doubtful.reading.doubts) assert.ok(text.includes(doubt.text), `the doubt is named: ${doubt.text}`);
    assert.match(text, /⚠️/);
    const labels = labelsOf(answer);
    assert.ok(!labels.includes('確認上傳'), `no 確認上傳 while in doubt: ${labels.join(', ')}`);
    assert.ok(labels.includes('修改號碼') && labels.includes('重拍一張'));
    assert.match(allText(await t.tap(user, '修改號碼')), /打給我/);
  });
});

describe('the fake LINE data API', () => {
  test('serves a sent photo with the channel token, and refuses an unknown id (404) and a wrong token (401)', async () => {
    const user = 'U-photo-content';
    const { jpeg } = await unreadablePhoto(3);
    const delivery = await t.fake.sendImage(user, jpeg);
    const event = delivery.events[0];
    assert.ok(event?.type === 'message' && event.message.type === 'image');
    const url = (base: string, id: string) => `${base}/v2/bot/message/${id}/content`;
    const get = (target: string, token: string) => fetch(target, { headers: { authorization: `Bearer ${token}` } });

    const served = await get(url(t.lineDataApiUrl, event.message.id), t.channelAccessToken);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), jpeg);

    assert.equal((await get(url(t.lineDataApiUrl, '999999999999999999'), t.channelAccessToken)).status, 404);
    assert.equal((await get(url(t.lineDataApiUrl, event.message.id), 'not-the-channel-token')).status, 401);
    assert.equal((await fetch(url(t.lineDataApiUrl, event.message.id))).status, 401, 'no token at all');
    assert.equal((await get(url(t.lineApiUrl, event.message.id), t.channelAccessToken)).status, 404, 'not on the Messaging API host');
  });
});
