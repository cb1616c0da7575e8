// Uploading blank numbers: store → period → ranges → confirmation card → queued.

export const uploadCopy = {
  noStore: '還沒有設定商店喔，先設定一家吧。',
  chooseStore: '要上傳哪一家店的號碼呢？',
  choosePeriod: (storeName: string) => `「${storeName}」要上傳哪一期？`,
  periodExample: '115年9-10月',
  periodNotEnded: (label: string) => `${label} 還沒結束，要等下一期開始才能上傳喔。請選一期已經結束的。`,
  periodUnreadable: '我看不懂是哪一期，請點下面的按鈕，或輸入像「115年9-10月」這樣。',
  alreadyConfirmed: (label: string) => `${label} 已經上傳完成、平台也查得到了 ✅ 不用再上傳。號碼有錯的話，按「修改已上傳的號碼」。`,
  askRanges: (label: string) =>
    `請把 POS 上 ${label}「未使用」（空白）的發票號碼傳給我，例如：\nMM16937074-16937099\n有好幾台 POS 的話一行一段；整個畫面貼上來也可以，已經用掉的我會略過。`,
  howToButton: '怎麼查？',
  howTo: [
    '在 POS 上找未使用的發票號碼：',
    '1. 打開 POS 的「設定」或「系統設定」',
    '2. 找「發票號碼」或「發票設定」的畫面',
    '3. 選這一期的月份',
    '4. 看標著「未使用」或「空白」的號碼範圍',
    '',
    '把號碼打給我，或整個畫面複製貼上就可以了，例如 MM16937074-16937099',
  ].join('\n'),
  nothingButton: '這期沒有空白發票',
  nothingRecorded: (label: string, storeName: string) => `好的，記下來了：「${storeName}」${label} 沒有空白發票，這期不用上傳 ✔`,
  rangeProblems: (lines: string[]) => `有幾個地方要修正一下：\n${lines.map((line) => `• ${line}`).join('\n')}\n\n請把全部號碼重新輸入一次。`,
  rangeWarnings: (lines: string[]) => `請看一下：\n${lines.map((line) => `• ${line}`).join('\n')}`,
  confirmTitle: '確認上傳空白發票',
  confirmButton: '確認上傳',
  editButton: '修改',
  editPrompt: '好的，請重新輸入全部的未使用發票號碼。',
  queued: (storeName: string, label: string) =>
    `收到！我會把「${storeName}」${label} 的空白發票上傳到財政部平台，完成後馬上通知你。`,
  captchaComing: '登入財政部平台要驗證碼，圖片我等一下傳給你，請留意。',
  replacedBeforeSaving: (storeName: string, label: string) =>
    `收到新的號碼！「${storeName}」${label} 剛剛那次還沒送出，我會改用這次的號碼上傳，完成後通知你。`,
  editAfterSaving: (storeName: string, label: string) =>
    `收到新的號碼！「${storeName}」${label} 剛剛那次正在送出，改不了了；等它完成，我會接著把不一樣的地方改過來（先刪除、再新增），兩次結果都會通知你。`,
  alreadyUploaded: (storeName: string, label: string) =>
    `「${storeName}」${label} 已經上傳到平台了，不能再上傳一次。號碼有錯的話，按「修改已上傳的號碼」。`,
  refusedBefore: (lines: string[]) => `上次平台退回的號碼：\n${lines.map((line) => `• ${line}`).join('\n')}\n請對一下 POS，重新輸入這期全部的號碼。`,
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
  deadlineLine: (deadline: string, days: number) =>
    days > 0 ? `${deadline}（剩 ${days} 天）` : days === 0 ? `${deadline}（今天截止）` : `${deadline}（已逾期，請盡快）`,
} as const;
