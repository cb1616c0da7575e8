// What the full-list page says. The owner opened it from a LINE card or message on a phone, so: the
// content first, one short line about how long the link works, and for a dead link the way to a new one.

export const fullListCopy = {
  validUntil: (time: string): string => `這個連結在 ${time} 前有效。`,
  goneTitle: '這個連結已經失效',
  goneLines: ['連結可能已經過期，或網址不完整。', '請回到 LINE 再查詢一次，例如輸入「狀態」。'],
} as const;
