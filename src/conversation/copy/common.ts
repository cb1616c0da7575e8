// What the bot says in every flow: greetings, the main menu, cancelling, stale cards, help.
// Short sentences for a busy owner on a phone; the next step is always a button.

export const commonCopy = {
  buttons: {
    upload: '上傳空白發票',
    status: '狀態',
    settings: '商店設定',
    help: '說明',
    cancel: '取消',
    registerStore: '設定我的商店',
    addStore: '新增商店',
    correct: '修改已上傳的號碼',
    startReport: '開始上傳',
  },
  welcome: (deadlineLine: string) =>
    `你好！我是空白發票小幫手 👋\n每兩個月，我會提醒你上傳沒用完的空白發票，幫你上傳到財政部電子發票平台，平台查得到了再通知你。\n\n${deadlineLine}\n\n先花一分鐘設定你的商店吧。`,
  welcomeBack: (deadlineLine: string) => `歡迎回來！\n${deadlineLine}`,
  menu: '要做什麼呢？點下面的按鈕就可以了。',
  cancelled: '好的，已經取消了。',
  nothingToCancel: '目前沒有進行中的步驟。',
  expired: '剛剛的步驟已經超過 30 分鐘沒動作，先幫你取消了，需要時再從頭開始就好。',
  staleCard: '這個按鈕已經過期了，請看最新的訊息：',
  notUnderstood: '抱歉，我看不太懂 😅',
  textOnly: '我目前只看得懂文字喔。',
  photoNotYet: '我還看不懂照片 🙏 請把 POS 上「未使用」的發票號碼打給我，例如：\nMM16937074-16937099\n有好幾台 POS 的話一行一段。',
  expiredButton: '這個按鈕已經超過 30 分鐘，失效了。剛剛的步驟還在，直接打字回覆就可以：',
  tooManyTries: (example: string) => `好像一直不太順利，沒關係！\n請照這個樣子輸入：${example}\n或按「取消」，之後再來。`,
  passwordWarning:
    '⚠️ 請不要在聊天室裡輸入密碼！\n平台的帳號密碼請用我傳給你的專用連結填寫，那裡會加密保存。要重新取得連結，請按「商店設定」。',
  help: [
    '我可以幫你：',
    '• 每期提醒你上傳空白發票（1、5、8、10 號）',
    '• 讀懂 POS 上的未使用發票號碼，幫你上傳到財政部平台',
    '• 平台查得到了，傳截圖給你當證明',
    '',
    '常用指令：上傳空白發票、狀態、商店設定、取消',
    '想刪除你在這裡的資料，按「刪除我的資料」。',
  ].join('\n'),
} as const;

export const deadlineCopy = {
  upcoming: (periodLabel: string, deadline: string, days: number) => `${deadline} 前要上傳 ${periodLabel} 的空白發票，還有 ${days} 天。`,
  today: (periodLabel: string, deadline: string) => `今天（${deadline}）截止：要上傳 ${periodLabel} 的空白發票。`,
  afterItEnds: (periodLabel: string, deadline: string, days: number) =>
    `下一次：${periodLabel} 的空白發票，這期結束後到 ${deadline} 前上傳（還有 ${days} 天）。`,
  late: (periodLabel: string, deadline: string) => `${periodLabel} 的空白發票上傳期限（${deadline}）已經過了，還是要補上傳，越快越好。`,
  next: (line: string) => line,
} as const;
