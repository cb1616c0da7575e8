// The deadline reminder an owner gets on the reminder days of the odd month (1, 5, 8, 10 by
// default) while a store's period is not reported yet: one message that says what, by when,
// and offers one tap to start. The same words suit every one of those days.
import { commonCopy } from '../../conversation/copy/common.ts';

export interface ReminderFacts {
  readonly store: string;
  /** e.g. 115年9-10月 */
  readonly period: string;
  /** e.g. 11/10 */
  readonly deadline: string;
  /** Taipei calendar days to the deadline: 0 on the day itself. */
  readonly daysLeft: number;
}

export const remindCopy = {
  text: (facts: ReminderFacts) =>
    [
      `「${facts.store}」${facts.period} 的空白發票要上傳了。`,
      remindCopy.when(facts.deadline, facts.daysLeft),
      '按「開始上傳」，把 POS 上的未使用發票號碼傳給我就好。',
    ].join('\n'),
  attention: (facts: ReminderFacts, status: string) =>
    [`「${facts.store}」${facts.period} 的空白發票還沒上傳完成。`, status, remindCopy.when(facts.deadline, facts.daysLeft), '按下面的按鈕處理一下就好。'].join('\n'),
  when: (deadline: string, daysLeft: number) =>
    daysLeft > 0
      ? `期限是 ${deadline}，還有 ${daysLeft} 天。`
      : daysLeft === 0
        ? `今天（${deadline}）截止！`
        : `期限 ${deadline} 已經過了，還是要補上傳，越快越好。`,
  buttons: {
    start: '開始上傳',
    nothing: '這期沒有空白發票',
    // Typed as a command, so it must stay the word the conversation understands.
    status: commonCopy.buttons.status,
  },
} as const;
