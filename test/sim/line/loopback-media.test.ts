// The playground's one exception to "media only over https": http images from its own loopback origin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createFakeLinePlatform } from '../../../src/sim/line/index.ts';
import { failureOf, SECRET, startFake, TOKEN, userId, type Harness } from './support.ts';

const DAVE = userId(0xda7e);
const ORIGIN = 'http://localhost:3000';

const image = (url: string) => ({ type: 'image' as const, originalContentUrl: url, previewImageUrl: url });

describe('fake LINE: http images for the local playground', () => {
  let h: Harness;
  before(async () => {
    h = await startFake({ httpMediaOrigin: `${ORIGIN}/` });
    await h.fake.follow(DAVE).catch(() => undefined); // no webhook URL: only friendship matters here
  });
  after(() => h.close());

  it('accepts an http image under the allowed loopback origin', async () => {
    await h.client.pushMessage({ to: DAVE, messages: [image(`${ORIGIN}/images/abc.png`)] });
    assert.equal(h.fake.pushes().at(-1)?.messages[0]?.type, 'image');
  });

  for (const [name, url] of [
    ['another host', 'http://example.com/images/abc.png'],
    ['another port of localhost', 'http://localhost:3001/images/abc.png'],
    ['a look-alike host', 'http://localhost:3000.example.com/abc.png'],
  ] as const) {
    it(`still refuses an http image from ${name}`, async () => {
      const failure = await failureOf(h.client.pushMessage({ to: DAVE, messages: [image(url)] }));
      assert.equal(failure.status, 400);
      assert.deepEqual(failure.body.details?.map((d) => d.message), ['must be an https url', 'must be an https url']);
    });
  }

  it('will not allow a non-loopback origin at all', () => {
    assert.throws(
      () => createFakeLinePlatform({ channelSecret: SECRET, channelAccessToken: TOKEN, httpMediaOrigin: 'http://bot.example.com' }),
      /must be a loopback address/,
    );
  });
});
