import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database, Store, StorePeriod } from '../../db/schema.ts';
import type { InvoiceType } from '../../invoice/invoice-type.ts';
import { periodFromKey, type Period } from '../../invoice/period.ts';
import type { Logger } from '../../log.ts';
import type { PortalDriver } from '../../portal/driver.ts';
import type { StoreIdentity } from '../../portal/session.ts';
import { storeById } from '../../stores/repository.ts';
import type { Vault } from '../../vault/vault.ts';
import type { CaptchaRelay } from '../captcha-relay.ts';
import { lockOwnersLine } from '../captcha-requests.ts';
import type { SolveCaptcha } from '../../portal/login.ts';
import { formatOwnerLabel } from '../../invoice/period.ts';
import { periodPurpose } from '../held-replies.ts';
import { openCredentials, type PortalCredentials } from '../../vault/credentials.ts';
import type { ClaimedJob } from '../queue.ts';
import type { JobContext } from '../worker.ts';
import { ownerFollows, solverWhileWanted, stillHeld } from './owner-guard.ts';

/** What a platform job's run hands down to its login: the abort signal and the shutdown's view of owner waits. */
export type JobRun = Pick<JobContext, 'signal' | 'waitingForOwner'>;

/** What every platform job needs. */
export interface PlatformJobDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly vault: Vault;
  readonly driver: PortalDriver;
  readonly relay: CaptchaRelay;
}

export interface StorePeriodTarget {
  readonly storePeriod: StorePeriod;
  readonly store: Store;
  readonly period: Period;
}

/** The store period a platform job's payload names, with its store. */
export async function loadStorePeriod(db: Kysely<Database>, payload: unknown): Promise<StorePeriodTarget | null> {
  const storePeriodId = (payload as { storePeriodId?: unknown } | null)?.storePeriodId;
  if (typeof storePeriodId !== 'string') return null;
  const storePeriod = await db.selectFrom('store_periods').selectAll().where('id', '=', storePeriodId).executeTakeFirst();
  const store = storePeriod ? await storeById(db, storePeriod.store_id) : undefined;
  const period = storePeriod ? periodFromKey(storePeriod.period_key) : null;
  return storePeriod && store && period ? { storePeriod, store, period } : null;
}

/** How the platform knows the store: 總機構 / 分支機構 統一編號 and 發票類別. */
export function identityOf(store: Store): StoreIdentity {
  return { ubn: store.ubn, branchUbn: store.branch_ubn, invoiceType: store.invoice_type as InvoiceType };
}

/**
 * What a platform job logs in with: the store's opened credentials, and a captcha solver that asks
 * the owner (naming the store and period) and answers with the token of the tap that started it,
 * only while the job still runs and the owner still follows the bot.
 */
export function platformLogin(
  deps: Pick<PlatformJobDeps, 'vault' | 'relay' | 'db'>,
  job: ClaimedJob,
  target: StorePeriodTarget,
  run: JobRun,
): { credentials: PortalCredentials; solve: SolveCaptcha } {
  const credentials = openCredentials(deps.vault, target.store.id, target.store.sealed_credentials as string);
  const askOwner = deps.relay.solverFor({
    lineUserId: target.store.owner_line_user_id,
    jobId: job.id,
    storeName: target.store.display_name,
    periodLabel: formatOwnerLabel(target.period),
    explainFirst: false,
    replyTo: [periodPurpose(target.storePeriod.id)],
    signal: run.signal,
    waitingForOwner: run.waitingForOwner,
    // The owner's line first, then the job: the order an erase takes them in (stores/erase.ts).
    stillWanted: async (trx) => {
      await lockOwnersLine(trx, target.store.owner_line_user_id);
      return (await ownerFollows(trx, target.store.owner_line_user_id)) && (await stillHeld(trx, job));
    },
  });
  const solve = solverWhileWanted(deps.db, job, target.store.owner_line_user_id, askOwner);
  return { credentials, solve };
}
