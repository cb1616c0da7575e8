// A platform job works for an owner who may leave while it runs: they unfollow (their jobs are
// cancelled, see stores/erase.ts standDownOwner) or ask for their data to be deleted (the jobs are
// cancelled and scrubbed). The job checks before each step that reaches the owner or the platform.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SolveCaptcha } from '../../portal/login.ts';
import { PortalError } from '../../portal/outcomes.ts';
import type { ClaimedJob } from '../queue.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whether the owner still has the bot as a friend (and still exists): a message to them can go. */
export async function ownerFollows(db: Executor, lineUserId: string): Promise<boolean> {
  const row = await db.selectFrom('owners').select('following').where('line_user_id', '=', lineUserId).executeTakeFirst();
  return row?.following === 1;
}

/**
 * Whether this run still holds its job (not cancelled, not reclaimed), as the queue's fence checks
 * it. A no-op write, so on PostgreSQL the job's row stays locked until the caller's transaction
 * ends: whoever cancels the job waits for it, and then sees what it did.
 */
export async function stillHeld(db: Executor, job: ClaimedJob): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.workerId)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The captcha relay's solver, asked only while it is wanted: a job that was cancelled stops
 * (nothing of it is recorded), and an owner who unfollowed is not shown the image — the upload
 * stops as if they had cancelled it.
 */
export function solverWhileWanted(db: Kysely<Database>, job: ClaimedJob, lineUserId: string, solve: SolveCaptcha): SolveCaptcha {
  return async (image, attempt, turn) => {
    if (!(await stillHeld(db, job))) throw new PortalError('aborted', 'The job was cancelled while it ran.');
    if (!(await ownerFollows(db, lineUserId))) throw new PortalError('captcha-cancelled', 'The owner unfollowed the bot.');
    return solve(image, attempt, turn);
  };
}
