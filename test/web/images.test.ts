import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdjustableClock } from '../../src/clock.ts';
import { imagesRouter, publishImage } from '../../src/web/images.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { serveRouters } from '../support/web.ts';

let database: TestDatabase;
let served: Awaited<ReturnType<typeof serveRouters>>;
let base: string;
const clock = new AdjustableClock();
// Bytes a browser sniffing the content would take for HTML, served under an image type.
const HTML_LOOKING = Buffer.from('<html><script>alert(1)</script></html>');

before(async () => {
  database = await createTestDatabase();
  served = await serveRouters(database.db, [imagesRouter(database.db, clock)]);
  base = served.base;
});
after(async () => {
  await served.close();
  await database.dispose();
});

describe('published images', () => {
  test('are served with their stored type, never sniffed, never cached', async () => {
    const url = await publishImage(
      database.db,
      { lineUserId: 'U-owner', purpose: 'test', bytes: HTML_LOOKING, expiresAt: new Date(clock.now().getTime() + 60_000) },
      base,
      clock.now(),
    );
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), HTML_LOOKING);
  });

  test('an expired or unknown image is 404, with nosniff too', async () => {
    const url = await publishImage(
      database.db,
      { lineUserId: 'U-owner', purpose: 'test', bytes: HTML_LOOKING, expiresAt: new Date(clock.now().getTime() + 1000) },
      base,
      clock.now(),
    );
    clock.advance(2000);
    for (const gone of [url, `${base}/images/${'A'.repeat(32)}.png`]) {
      const response = await fetch(gone);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
  });
});
