import type { Db } from '../db/connect.ts';
import { takeLease } from '../line/lane-leases.ts';
import type { Logger } from '../log.ts';
import type { RetentionRule, SweepContext } from './rule.ts';
import { DATABASE_RULES, FILE_RULES } from './rules.ts';
import type { RetentionSettings } from './settings.ts';

/**
 * The lane lease (src/line/lane-leases.ts) that lets one process at a time sweep the database.
 * It is taken for a whole RETENTION_SWEEP_EVERY and not released after the sweep: while it
 * holds, it says both "a process is sweeping" and "the database was swept within the
 * interval", so however many workers run, the database is swept once per interval. A process
 * that exits frees it early (its host's other processes release leases of gone processes).
 */
export const RETENTION_LANE = 'retention';

export interface SweepOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly now: Date;
  readonly settings: RetentionSettings;
  readonly dataDir: string;
  /** The lease holder: one per process (newHolderId()). */
  readonly holder: string;
  /** False once the sweep should stop between batches (shutdown). */
  readonly going?: () => boolean;
}

export interface SweepResult {
  /** Whether this process swept the database (false: another did within the interval). */
  readonly databaseSwept: boolean;
  /** Rows (or files) each rule changed, by the rule's key. */
  readonly counts: Readonly<Record<string, number>>;
  /** Keys of the rules that failed (logged); the others still ran. */
  readonly failed: readonly string[];
}

/**
 * One retention sweep: this host's files, then, if this process takes the retention lease,
 * every database rule. Logs one line with the counts.
 */
export async function sweepRetention(options: SweepOptions): Promise<SweepResult> {
  const { db, log, now, settings, holder } = options;
  const ctx: SweepContext = { db, now, settings, dataDir: options.dataDir, ...(options.going ? { going: options.going } : {}) };
  const started = Date.now();
  const counts: Record<string, number> = {};
  const failed: string[] = [];
  const run = async (rule: RetentionRule) => {
    try {
      counts[rule.key] = await rule.apply(ctx);
    } catch (error) {
      failed.push(rule.key);
      log.error({ err: error, rule: rule.key, table: rule.table }, 'retention rule failed');
    }
  };
  for (const rule of FILE_RULES) await run(rule);
  const databaseSwept = await takeLease(db, RETENTION_LANE, holder, now, settings.sweepEveryMs);
  if (databaseSwept) {
    for (const rule of DATABASE_RULES) {
      if (options.going?.() === false) break;
      await run(rule);
    }
  }
  const line = { databaseSwept, ...counts, ...(failed.length > 0 ? { failed } : {}), ms: Date.now() - started };
  if (failed.length > 0) log.warn(line, 'retention sweep');
  else log.info(line, 'retention sweep');
  return { databaseSwept, counts, failed };
}
