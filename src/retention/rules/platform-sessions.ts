import { cutoff } from '../batches.ts';
import { deleteRows } from '../row-rules.ts';

// The platform's cookies after an upload serve a check of 查詢 soon after (the platform's own
// idle timeout ends them much sooner); a day later they are deleted.

export const platformSessionsDelete = deleteRows({
  key: 'platformSessionsDeleted',
  table: 'platform_sessions',
  change: 'saved over RETENTION_PLATFORM_SESSIONS_AFTER ago: row deleted',
  idColumn: 'store_id',
  rows: (ctx) => (eb) => eb('saved_at', '<', cutoff(ctx.now, ctx.settings.platformSessionsAfterMs)),
});
