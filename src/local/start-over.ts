// 「全部重來」: the playground back to an empty machine without a restart — database, clock, fake LINE and
// platform simulator. Nothing is stopped. The database goes first, in one transaction (empty-database.ts):
// if that fails nothing else is touched. A job in flight meanwhile has lost its row, so its lease checks
// fail: the heartbeat aborts it and the worker drops its outcome together with the handler's writes (they
// share the settling transaction). Anything it still sends goes to the old LINE user, whom the reloaded
// page no longer shows (it starts as a new user); the fake LINE is cleared after the database for the same reason.
import type { Db } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import type { ClockControl } from '../playground/clock-control.ts';
import type { FakeLinePlatform } from '../sim/line/index.ts';
import { emptyDatabase } from './empty-database.ts';

export interface StartOverOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: ClockControl;
  readonly fake: Pick<FakeLinePlatform, 'reset'>;
  readonly simulator: { reset(): void };
  /** The fake LINE forgets the channel's rich menu too: put it back before the page reloads. */
  readonly reinstallRichMenu: () => Promise<void>;
}

/** Returns the action; a second tap while one runs joins the first instead of starting over twice. */
export function createStartOver(options: StartOverOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= startOver(options).finally(() => (running = undefined)));
}

async function startOver(options: StartOverOptions): Promise<void> {
  const tables = await emptyDatabase(options.db);
  await options.clock.backToNow();
  options.simulator.reset();
  options.fake.reset();
  await options.reinstallRichMenu();
  options.log.warn({ tablesEmptied: tables.length }, 'playground started over: database emptied, clock back to now, fake LINE and platform simulator cleared');
}
