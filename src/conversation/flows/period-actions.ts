import { formatOwnerLabel, periodFromKey } from '../../invoice/period.ts';
import { queueSubmission, queueVerification } from '../../jobs/submissions.ts';
import { ensureStorePeriod, setPeriodState, storeById } from '../../stores/repository.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { MENU_CHOICES, textMessage } from '../messages.ts';
import { IDLE } from '../state.ts';
import { mainMenu } from './menu.ts';
import { recordNothing } from './upload.ts';

/**
 * Buttons on pushed messages (reminders, job results) that act on one store's
 * period: they carry the store and period, and work from any step.
 */
export async function periodAction(ctx: StepContext, action: 'nothing' | 'retry' | 'verify', storeId: string | undefined, key: string | undefined): Promise<Outcome> {
  const store = storeId ? await storeById(ctx.trx, storeId) : undefined;
  const period = key ? periodFromKey(key) : null;
  // Only the owner's own stores: postback data is not a credential.
  if (!store || store.owner_line_user_id !== ctx.lineUserId || !period) return mainMenu(ctx);
  if (action === 'nothing') return recordNothing(ctx, { storeId: store.id, periodKey: key as string });
  const row = await ensureStorePeriod(ctx.trx, store.id, key as string, ctx.now);
  const label = formatOwnerLabel(period);
  if (action === 'retry') {
    await requeueUnlisted(ctx, row.id);
    const queued = await queueSubmission(ctx.trx, row.id, ctx.now);
    return outcome(IDLE, [textMessage(queued ? `好的，重新幫你上傳「${store.display_name}」${label} 的空白發票，完成後通知你。` : `「${store.display_name}」${label} 已經在處理中了，完成後會通知你。`)], MENU_CHOICES);
  }
  const queued = await queueVerification(ctx.trx, row.id, ctx.now, ctx.now);
  return outcome(IDLE, [textMessage(queued ? `好的，現在幫你到平台查詢「${store.display_name}」${label} 的資料。` : `正在查詢「${store.display_name}」${label}，查到會通知你。`)], MENU_CHOICES);
}

/** Ranges sent but never listed go back in the queue; listed ones stay done. */
async function requeueUnlisted(ctx: StepContext, storePeriodId: string): Promise<void> {
  await ctx.trx
    .updateTable('period_ranges')
    .set({ outcome: 'queued', updated_at: ctx.now.toISOString() })
    .where('store_period_id', '=', storePeriodId)
    .where('outcome', 'in', ['saved', 'already_listed'])
    .execute();
  await setPeriodState(ctx.trx, storePeriodId, 'queued', ctx.now);
}
