// Asking the owner to read the platform's captcha (圖形驗證碼) for us: one image at a time,
// each naming its store and period, each ending with what the owner can do next.

/** 「小林咖啡」115年9-10月, or just the store when the period is unknown (requests from before). */
const which = (store: string, period: string) => (store ? `「${store}」${period}` : period);
const lead = (store: string, period: string) => (which(store, period) ? `${which(store, period)}：` : '');

export const captchaCopy = {
  buttons: {
    refresh: '換一張',
    cancel: '取消',
    status: '狀態',
  },
  /** Before a check the owner did not start: one line saying why the image comes. */
  verifyIntro: '要到財政部平台確認你的空白發票有沒有登錄好，平台需要輸入驗證碼，麻煩你幫忙看一下 🙏',
  ask: (store: string, period: string) => `${lead(store, period)}登入財政部平台要驗證碼，請回覆圖中的 5 位數字。`,
  askAgain: (store: string, period: string) => `${lead(store, period)}剛剛的驗證碼平台說不對，請看這張新的圖，再回覆 5 位數字。`,
  refreshed: (store: string, period: string) => `${lead(store, period)}換好了，這是新的一張。請回覆圖中的 5 位數字。`,
  link: (url: string) => `驗證碼圖片：${url}`,
  received: '收到，繼續處理中…',
  /** Said with 收到 when another of the owner's jobs waits for its own captcha. */
  nextComing: (store: string, period: string) => `接著是${which(store, period)}的驗證碼，馬上傳給你。`,
  wrongLength: (store: string, count: number, digits: string) =>
    `${store ? `「${store}」的` : ''}驗證碼是 5 位數字，你傳的是 ${count} 位（${digits}）。請再看一下圖，回覆 5 位數字；看不清楚就按「換一張」。`,
  refreshing: '好，幫你換一張新的，請稍等幾秒…',
  refreshPending: '新的驗證碼圖片馬上來，請看新的那張再回覆 5 位數字。',
  /** The job's own message (what it means for the upload, and 再試一次) follows in a moment. */
  cancelledFor: (store: string, period: string) => `好的，${which(store, period) ? `${which(store, period)}的` : ''}驗證碼取消了。`,
  /** @deprecated said by the conversation's own captcha handling until it calls captchaReply. */
} as const;
