// What the owner reads when a reply had to be shortened to fit in LINE, or could not be shown at all.
// Short, plain sentences; every shortened reply says where the rest is.

export const fitCopy = {
  /** Under a card that shows only its first items. */
  moreItems: (count: number): string => `還有 ${count} 段，完整清單：`,
  /** Under a card too big to show even shortened. */
  tooBigCard: '內容太多，這裡放不下，完整內容：',
  fullListButton: '看完整清單',
  /** At the end of the last bubble of a text that was too long. */
  textCut: (url: string): string => `（訊息太長，只顯示到這裡。完整內容：${url}）`,
  /** The last bubble when more messages were queued than LINE shows at once. */
  moreMessages: (url: string): string => `還有內容放不下，完整內容：${url}`,
  replyPageTitle: '完整內容',
  cardPageTitle: '完整清單',
  /** A Flex or template message must have alternative text; this is used when one came without. */
  defaultAltText: '你有一則新訊息',
  /** Sent instead of an answer LINE refused to show. One line, with the next step. */
  notShown: '抱歉，剛才的回覆 LINE 顯示不出來。請輸入「狀態」查看目前進度，或稍後再試一次。',
} as const;
