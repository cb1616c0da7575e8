// Everything the credential page says to a shop owner, in one place so it can be read and improved as prose.
// The owner opened a link from LINE on a phone, between customers: short sentences, one thing each,
// and when something went wrong, the one step that fixes it.

export const MAX_ACCOUNT_LENGTH = 64;
export const MAX_PASSWORD_LENGTH = 128;

/** Where in LINE a fresh link comes from; the words of the bot's own buttons. */
const NEW_LINK_STEPS = '請回到 LINE，點「商店設定」→「更新平台帳號密碼」，就會收到新的連結。';

export const formCopy = {
  title: '設定電子發票平台帳號',
  store: (displayName: string): string => `商店：${displayName}`,
  intro: '請輸入你登入財政部電子發票整合服務平台用的統一編號、帳號和密碼。',
  safety: '密碼會加密保存，只用來幫你上傳空白發票號碼，不會用在其他地方。',
  deadline: (time: string): string => `這個連結只能用一次，請在 ${time} 前送出。`,
  ubnLabel: '統一編號',
  accountLabel: '帳號',
  passwordLabel: '密碼',
  submit: '儲存',
  fixBelow: '有地方要修改，請看下面紅字。',
} as const;

export const fieldProblemText = {
  accountEmpty: (): string => '請輸入平台的帳號',
  accountTooLong: (): string => `帳號最多 ${MAX_ACCOUNT_LENGTH} 個字，請再對一下`,
  passwordEmpty: (): string => '請輸入平台的密碼',
  passwordTooLong: (): string => `密碼最多 ${MAX_PASSWORD_LENGTH} 個字，請再對一下`,
  // Shown when the form comes back for another reason: the password is never sent back to the browser.
  passwordAgain: (): string => '為了安全，密碼請再輸入一次',
} as const;

export const resultCopy = {
  saved: {
    title: '已安全儲存 ✔',
    lines: (displayName: string): readonly string[] => [
      `「${displayName}」的平台帳號密碼已加密保存。`,
      '請回到 LINE 繼續，這個頁面可以關掉了。',
    ],
  },
  gone: {
    title: '這個連結已經不能用了',
    // A link also stops working when a newer one is sent for the same store: only the newest one works.
    lines: ['連結可能已經用過、過期，或已經有新的連結了。', '如果 LINE 裡有更新的連結，請點最新的那一個。', NEW_LINK_STEPS],
  },
  forbidden: {
    title: '請從 LINE 重新打開連結',
    lines: ['為了保護你的帳號，這個頁面只能從 LINE 裡的連結打開後儲存。', '請回到 LINE，再點一次剛才的連結。'],
  },
  failed: {
    title: '暫時無法儲存',
    lines: ['系統有點忙，資料還沒有存起來。', '請回到 LINE，再點一次剛才的連結試試看。'],
  },
} as const;
