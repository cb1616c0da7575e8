// An owner who unfollows (or blocks) the bot: their jobs stop at once — a captcha wait included —
// and nothing more is pushed to them. Their data is kept for RETENTION_AFTER_UNFOLLOW in case they
// come back, then erased by the retention sweep; following again keeps it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eraseUnfollowedOwners } from '../../src/stores/erase.ts';
import { allText } from '../support/bot.ts';
import { startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const DAY = 24 * 3_600_000;
const GRACE = 30 * DAY;

let h: JobsHarness;

before(async () => {
  h = await startJobsHarness();
  h.t.clock.set(new Date('2026-11-02T02:00:00Z')); // 11/2 10:00 in Taipei: 115年9-10月 is due
});
after(() => h.stop());

const lineUserId = () => `U${randomBytes(16).toString('hex')}`;

/** Push requests to this owner (delivered or refused) from the LINE API's own record, since a call index. */
function pushesTo(user: string, fromCall: number) {
  return h.t.fake
    .calls()
    .slice(fromCall)
    .filter((call) => call.path === '/v2/bot/message/push' && (call.body as { to?: string } | null)?.to === user);
}

/** Lets the worker and the outbox run for a while, as time passes on its own. */
async function letRun(): Promise<void> {
  for (let i = 0; i < 6; i += 1) {
    h.jobs.kick();
    await h.t.bot.outbox.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await h.jobs.worker.idle();
  await h.t.bot.outbox.deliverDue();
}

async function storesOf(user: string) {
  return h.t.database.db.selectFrom('stores').select(['id', 'sealed_credentials']).where('owner_line_user_id', '=', user).execute();
}

describe('unfollow', () => {
  test('during a captcha wait: the job stops, no push follows; after the grace period the credentials are gone', async () => {
    const { t } = h;
    const db = t.database.db;
    const user = lineUserId();
    const store = await h.registerStore(user, COFFEE);
    const since = await h.confirmRanges(user, 'MM16937074-16937099');
    await h.waitForText(user, since, /請回覆圖中的 5 位數字/, { answerCaptchas: false });
    const job = await db.selectFrom('jobs').selectAll().where('kind', '=', 'submit').where('state', '=', 'running').executeTakeFirstOrThrow();

    const callsBefore = t.fake.calls().length;
    await t.fake.unfollow(user);
    await t.bot.settle();
    const owner = await db.selectFrom('owners').select(['following', 'unfollowed_at']).where('line_user_id', '=', user).executeTakeFirstOrThrow();
    assert.equal(owner.following, 0);
    assert.ok(owner.unfollowed_at && Math.abs(new Date(owner.unfollowed_at).getTime() - t.clock.now().getTime()) < 60_000);
    assert.equal((await db.selectFrom('jobs').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state, 'cancelled');
    const requests = await db.selectFrom('captcha_requests').select('status').where('line_user_id', '=', user).execute();
    assert.deepEqual(requests.map((request) => request.status), ['cancelled']);

    // The job notices, stops without recording anything, and nothing reaches the owner.
    await letRun();
    assert.deepEqual(pushesTo(user, callsBefore), []);
    const queued = await db.selectFrom('outbox').select(['purpose', 'status']).where('line_user_id', '=', user).where('status', 'in', ['pending', 'sending']).execute();
    assert.deepEqual(queued, []);
    assert.equal((await db.selectFrom('jobs').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state, 'cancelled');
    // The upload waits for the owner as one they cancelled: 再試一次 if they come back.
    const period = await db.selectFrom('store_periods').select(['state', 'attention_reason']).where('store_id', '=', store.id).executeTakeFirstOrThrow();
    assert.deepEqual(period, { state: 'pending', attention_reason: 'captcha-cancelled' });

    // Within the grace period everything is kept.
    t.clock.advance(29 * DAY);
    assert.equal(await eraseUnfollowedOwners(db, t.clock.now(), GRACE), 0);
    assert.ok((await storesOf(user))[0]?.sealed_credentials);
    // After it, the credentials and everything else of the owner are gone.
    t.clock.advance(2 * DAY);
    assert.equal(await eraseUnfollowedOwners(db, t.clock.now(), GRACE), 1);
    assert.deepEqual(await storesOf(user), []);
    assert.equal(await db.selectFrom('owners').select('line_user_id').where('line_user_id', '=', user).executeTakeFirst(), undefined);
    for (const table of ['conversations', 'webhook_inbox', 'outbox', 'captcha_requests', 'images', 'credential_forms', 'held_replies'] as const) {
      const left = await db.selectFrom(table).select('line_user_id').where('line_user_id', '=', user).execute();
      assert.deepEqual(left, [], `${table} still holds the owner`);
    }
    assert.equal(await eraseUnfollowedOwners(db, t.clock.now(), GRACE), 0, 'erased once');
    await letRun();
    assert.deepEqual(pushesTo(user, callsBefore), []);
  });

  test('an owner who follows again within the grace period keeps their data', async () => {
    const { t } = h;
    const db = t.database.db;
    const user = lineUserId();
    const store = await h.registerStore(user, COFFEE);
    await t.fake.unfollow(user);
    await t.bot.settle();
    t.clock.advance(10 * DAY);
    assert.match(allText(await t.follow(user)), /歡迎回來/);
    const owner = await db.selectFrom('owners').select(['following', 'unfollowed_at']).where('line_user_id', '=', user).executeTakeFirstOrThrow();
    assert.deepEqual(owner, { following: 1, unfollowed_at: null });

    t.clock.advance(25 * DAY);
    assert.equal(await eraseUnfollowedOwners(db, t.clock.now(), GRACE), 0);
    const [kept] = await storesOf(user);
    assert.equal(kept?.id, store.id);
    assert.ok(kept?.sealed_credentials);
  });
});
