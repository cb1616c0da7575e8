// Asking the owner to read the platform's captcha (圖形驗證碼) for us.

export const captchaCopy = {
  verifyIntro: '要到財政部平台確認你的空白發票，平台需要輸入驗證碼，麻煩你幫忙看一下 🙏',
  ask: '請回覆圖中的 5 位數字。',
  askAgain: '剛剛的驗證碼平台說不對，請看這張新的圖，再回覆 5 位數字。',
  link: (url: string) => `驗證碼圖片：${url}`,
  received: '收到，繼續處理中…',
  notDigits: '請回覆圖中的 5 位數字（例如 12345）。不想繼續的話，輸入「取消」。',
  cancelled: '好的，先停下來了。需要時按「再試一次」就好。',
} as const;
