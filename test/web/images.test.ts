import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AdjustableClock } from '../../src/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/log.ts';
import { imagesRouter, publishImage } from '../../src/web/images.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
let server: Server;
let base: string;
const clock = new AdjustableClock();
// Bytes a browser sniffing the content would take for HTML, served under an image type.
const HTML_LOOKING = Buffer.from('<html><script>alert(1)</script></html>');

before(async () => {
  database = await createTestDatabase();
  const app = createHttpApp({ db: database.db, log: createLogger('silent'), routers: [imagesRouter(database.db, clock)] });
  server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
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
