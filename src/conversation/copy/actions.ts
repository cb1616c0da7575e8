// Buttons that act on one period: 這期沒有空白發票 (and undoing it), 再試一次, checking the platform,
// and what a stale tap is told.
import type { PeriodStatus } from '../../stores/period-status.ts';
import { statusText } from '../period-view.ts';

export const actionsCopy = {
  askNothing: (store: string, label: string) =>
    `確定「${store}」${label} 沒有空白發票嗎？\n確定的話，這期就不用上傳，我也不會再提醒。`,
  confirmNothingButton: '確定，這期沒有',
  nothingRecorded: (store: string, label: string) =>
    `好的，記下來了：「${store}」${label} 沒有空白發票 ✔\n弄錯了的話，按「改回要上傳」，或直接按「上傳空白發票」照常上傳。`,
  undoNothingButton: '改回要上傳',
  nothingUndone: (store: string, label: string) => `好的，「${store}」${label} 改回「待上傳」了，按「開始上傳」把號碼傳給我。`,
  nothingToCheck: '目前沒有等平台確認的上傳。',
  noneMarkedNothing: '最近沒有記成「沒有空白發票」的期別。',
  notNothing: (store: string, label: string) => `「${store}」${label} 沒有記成「沒有空白發票」，不用改回。`,
  alreadyNothing: (store: string, label: string) => `「${store}」${label} 已經記為沒有空白發票 ✔`,
  alreadyUploaded: (store: string, label: string) =>
    `「${store}」${label} 已經上傳過號碼了，不能再記成沒有空白發票。號碼有錯的話，按「修改已上傳的號碼」。`,
  busy: (store: string, label: string) => `「${store}」${label} 正在上傳中，等我通知結果喔。`,
  retrying: (store: string, label: string) => `好的，重新幫你上傳「${store}」${label} 的空白發票，完成後通知你。`,
  verifying: (store: string, label: string) => `好的，現在幫你到平台查詢「${store}」${label} 的資料。`,
  alreadyVerifying: (store: string, label: string) => `正在查詢「${store}」${label}，查到會通知你。`,
  credentialsLink: (store: string) => `請用下面的專用連結更新「${store}」的財政部平台帳號密碼（15 分鐘內有效、只能用一次），填好我就繼續上傳。`,
  whereItIs: (store: string, label: string, status: PeriodStatus) => `「${store}」${label} 現在是：${statusText(status)}`,
} as const;
