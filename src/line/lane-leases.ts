import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/connect.ts';

/**
 * Leases on lanes of work shared by every process on the database (e.g. one owner's outbox).
 * A holder takes or renews a lease with one statement; it is free when released or lapsed.
 * Used where the work holds no transaction open (a call to LINE in the middle), so a row or
 * advisory lock would not do.
 */
export async function takeLease(db: Db, lane: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const result = await db
    .insertInto('lane_leases')
    .values({ lane, holder, expires_at: expiresAt })
    .onConflict((conflict) =>
      conflict
        .column('lane')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('lane_leases.holder', '=', holder), eb('lane_leases.expires_at', '<=', now.toISOString())])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function releaseLease(db: Db, lane: string, holder: string): Promise<void> {
  await db.deleteFrom('lane_leases').where('lane', '=', lane).where('holder', '=', holder).execute();
}

/**
 * Who holds leases: this host, this process, this start. A process that restarts (or a new
 * container that got the same pid) is a new holder.
 */
export function newHolderId(): string {
  const holder = `${process.pid}.${randomBytes(4).toString('hex')}@${hostname()}`;
  holdersInThisProcess.add(holder);
  return holder;
}

/** Holders created by this very process (a process may run more than one sender). */
const holdersInThisProcess = new Set<string>();

/**
 * Frees the leases of processes on this host that are gone (killed, crashed, restarted), so a
 * restarted bot does not wait for its previous self's leases to lapse. Processes on other hosts
 * are not known here: their leases lapse on their own.
 */
export async function releaseLeasesOfGoneProcesses(db: Db, self: string): Promise<number> {
  const rows = await db.selectFrom('lane_leases').select('holder').distinct().where('holder', 'like', `%@${hostname()}`).execute();
  const gone = rows.map((row) => row.holder).filter((holder) => holder !== self && !processAlive(holder));
  if (gone.length === 0) return 0;
  const result = await db.deleteFrom('lane_leases').where('holder', 'in', gone).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function processAlive(holder: string): boolean {
  const pid = pidOf(holder);
  if (pid === undefined) return false;
  // Our pid: one of ours, or an earlier start of a process that had our pid (a restarted container).
  if (pid === process.pid) return holdersInThisProcess.has(holder);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function pidOf(holder: string): number | undefined {
  const pid = Number(holder.slice(0, holder.indexOf('.')));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
