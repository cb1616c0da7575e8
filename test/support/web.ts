import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { createHttpApp } from '../../src/http/app.ts';
import { closeServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import type { Db } from '../../src/db/connect.ts';

/** The bot's HTTP app with only these routers, on a free loopback port: for tests of one page. */
export async function serveRouters(db: Db, routers: readonly Router[]): Promise<{ readonly base: string; close(): Promise<void> }> {
  const app = createHttpApp({ db, log: createLogger('silent'), routers });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}
