import type { Db } from '../db/connect.ts';
import type { RetentionSettings } from './settings.ts';

/** What every rule of the sweep (and the data report) is given. */
export interface SweepContext {
  readonly db: Db;
  /** The sweep's instant: every cutoff counts back from it. */
  readonly now: Date;
  readonly settings: RetentionSettings;
  /** DATA_DIR: diagnostics files are under DATA_DIR/diagnostics. */
  readonly dataDir: string;
  /** Asked between batches: false once the sweep should stop (the process shuts down). */
  readonly going?: () => boolean;
}

/**
 * One kind of data the sweep reduces or removes. `pending` counts the rows (or files) `apply`
 * would change now, without changing anything; `apply` changes them and says how many. The
 * rules of one table take disjoint rows (a row due for deletion is not also reduced), so
 * the counts add up.
 */
export interface RetentionRule {
  /** The field in the sweep's log line, e.g. `inboxReduced`. */
  readonly key: string;
  /** The table, or `diagnostics files`. */
  readonly table: string;
  /** What happens to a row, in a few words, for the data report. */
  readonly change: string;
  pending(ctx: SweepContext): Promise<number>;
  apply(ctx: SweepContext): Promise<number>;
}
