// Proof that the platform lists the owner's upload: the invitation to look, and what a look finds.

export const proofCopy = {
  prompt: (store: string, period: string) => `「${store}」${period} 平台應該處理好了，按「查看結果」我幫你到平台確認。`,
  checkButton: '查看結果',
  retryButton: '再試一次',
  checking: (store: string, period: string) => `好，正在到平台查詢「${store}」${period}，好了馬上告訴你。`,
  warning: (store: string, period: string, deadline: string) =>
    `⚠️「${store}」${period} 離期限（${deadline}）剩不到一天，平台還沒確認查得到你的空白發票。\n按「查看結果」確認一下；一直查不到的話，按「再試一次」重新上傳。`,
  notYet: (store: string, period: string, lines: string[], nextAt: string | null) =>
    [
      `平台還查不到「${store}」${period} 的這些號碼：`,
      ...lines,
      '',
      nextAt ? `平台有時比較慢，${nextAt} 左右我再請你看一次。` : '平台一直查不到，建議按「再試一次」重新上傳，或直接到財政部平台確認。',
    ].join('\n'),
  alreadyConfirmed: (store: string, period: string) => `「${store}」${period} 平台已經查到了 ✅ 不用再確認。`,
} as const;
