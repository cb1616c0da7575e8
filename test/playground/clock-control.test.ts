import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AdjustableClock } from '../../src/clock.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { claimNextJob, reclaimExpiredLeases } from '../../src/jobs/queue.ts';
import { DEFAULT_REMINDER_SCHEDULE } from '../../src/jobs/reminders.ts';
import { createLogger } from '../../src/log.ts';
import { createClockControl, nextReminderAt } from '../../src/playground/clock-control.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const HOUR = 3_600_000;

describe('next reminder time (Asia/Taipei 10:00 on the 1st, 5th, 8th and 10th of odd months)', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['late November: the 1st of January', '2026-11-25T09:00:00Z', '2027-01-01T02:00:00.000Z'],
    ['at the slot itself: the next one', '2027-01-01T02:00:00Z', '2027-01-05T02:00:00.000Z'],
    ['the morning of the 8th', '2027-01-08T00:30:00Z', '2027-01-08T02:00:00.000Z'],
    ['after the last one of January: March', '2027-01-10T03:00:00Z', '2027-03-01T02:00:00.000Z'],
    ['an even month: the next odd month', '2027-02-14T12:00:00Z', '2027-03-01T02:00:00.000Z'],
  ];
  for (const [name, now, expected] of cases) {
    test(name, () => assert.equal(nextReminderAt(new Date(now), DEFAULT_REMINDER_SCHEDULE).toISOString(), expected));
  }
});

describe('jumping the clock', () => {
  let database: TestDatabase;
  let clock: AdjustableClock;
  const saved: number[] = [];
  let afterJumps = 0;

  beforeEach(async () => {
    database = await createTestDatabase();
    clock = new AdjustableClock({ now: () => new Date('2026-11-25T01:00:00Z') });
    saved.length = 0;
    afterJumps = 0;
  });
  afterEach(() => database.dispose());

  const control = () =>
    createClockControl({
      clock,
      db: database.db,
      log: createLogger('silent'),
      schedule: DEFAULT_REMINDER_SCHEDULE,
      persistOffset: (offset) => saved.push(offset),
      afterJump: async () => void (afterJumps += 1),
    });

  test('+2 hours moves every clock reader, keeps the offset and runs what became due', async () => {
    const view = await control().jump('2h');
    assert.equal(clock.now().toISOString(), '2026-11-25T03:00:00.000Z');
    assert.equal(view.taipei, '2026-11-25 11:00');
    assert.deepEqual(saved, [2 * HOUR]);
    assert.equal(afterJumps, 1);
  });

  test('to the next reminder day lands just after the slot, so the scheduler finds it due', async () => {
    const view = await control().jump('next-reminder');
    assert.equal(view.taipei, '2027-01-01 10:00');
    assert.ok(clock.now() > new Date('2027-01-01T02:00:00Z'));
    assert.ok(clock.now() < new Date('2027-01-01T02:01:00Z'));
  });

  test('a job running during the jump keeps its lease: it is not taken for abandoned', async () => {
    const now = clock.now();
    await enqueueJob(database.db, { kind: 'submit', key: 'k1', payload: {}, runAt: now }, now);
    const job = await claimNextJob(database.db, { workerId: 'w', now, leaseMs: 120_000 });
    assert.ok(job);
    await control().jump('1d');
    const swept = await reclaimExpiredLeases(database.db, clock.now());
    assert.equal(swept.requeued, 0);
    const row = await database.db.selectFrom('jobs').select(['state', 'locked_until']).where('key', '=', 'k1').executeTakeFirstOrThrow();
    assert.equal(row.state, 'running');
    assert.equal(row.locked_until, new Date(now.getTime() + 24 * HOUR + 120_000).toISOString());
  });
});
