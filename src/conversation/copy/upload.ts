// Uploading blank numbers: store → period → ranges → confirmation card → queued.

export const uploadCopy = {
  noStore: '還沒有設定商店喔，先設定一家吧。',
  chooseStore: '要回報哪一家店呢？',
  choosePeriod: (storeName: string) => `「${storeName}」要回報哪一期？`,
  periodExample: '115年9-10月',
  periodNotEnded: (label: string) => `${label} 還沒結束，要等下一期開始才能回報喔。請選一期已經結束的。`,
  periodUnreadable: '我看不懂是哪一期，請點下面的按鈕，或輸入像「115年9-10月」這樣。',
  alreadyConfirmed: (label: string) => `${label} 已經回報完成、平台也查得到了 ✅ 不用再上傳。號碼有錯的話，按「修改已上傳的號碼」。`,
  askRanges: (label: string) =>
    `請輸入 POS「設定發票號碼」畫面上 ${label} 的「未使用發票」號碼，例如：\nMM16937074-16946899\n有好幾段的話，一行一段。`,
  howToButton: '怎麼查？',
  howTo: [
    '在 POS 上查未使用的發票號碼：',
    '1. 點「系統設定」（三個齒輪）',
    '2. 點「設定發票號碼」',
    '3. 選右上角的「月份」',
    '4. 記下「未使用發票」的號碼範圍',
    '',
    '把號碼直接打給我就可以了，例如 MM16937074-16946899',
  ].join('\n'),
  nothingButton: '這期沒有空白發票',
  nothingRecorded: (label: string, storeName: string) => `好的，記下來了：「${storeName}」${label} 沒有空白發票，這期不用上傳 ✔`,
  rangeProblems: (lines: string[]) => `有幾個地方要修正一下：\n${lines.map((line) => `• ${line}`).join('\n')}\n\n請把全部號碼重新輸入一次。`,
  rangeWarnings: (lines: string[]) => `提醒：\n${lines.map((line) => `• ${line}`).join('\n')}`,
  confirmTitle: '確認上傳空白發票',
  confirmButton: '確認上傳',
  editButton: '修改',
  editPrompt: '好的，請重新輸入全部的未使用發票號碼。',
  queued: (storeName: string, label: string) =>
    `收到！我會把「${storeName}」${label} 的空白發票上傳到財政部平台，完成後馬上通知你。`,
  queuedNeedsCredentials: '還差平台的帳號密碼，請先用下面的連結填寫，填好我就開始上傳。',
  labels: {
    store: '商店',
    ubn: '統一編號',
    period: '期別',
    invoiceType: '發票類別',
    total: '合計',
    deadline: '期限',
  },
  count: (n: string) => `${n} 張`,
  deadlineLine: (deadline: string, days: number) => (days >= 0 ? `${deadline}（剩 ${days} 天）` : `${deadline}（已逾期，請盡快）`),
} as const;
