// 狀態 and 商店設定.

export const statusCopy = {
  title: '你的商店上傳狀態：',
  noStores: '還沒有設定商店喔。',
  /** One wording per status, the same on 狀態, cards and reminders. */
  label: {
    'to-report': '待上傳',
    'awaiting-captcha': '等你回覆驗證碼',
    uploading: '上傳中',
    submitted: '已送出（等平台查詢）',
    confirmed: '平台已查到 ✅',
    nothing: '這期沒有空白發票',
    attention: '需要處理',
  },
  /** Why a period needs the owner, in plain words. */
  reason: {
    'captcha-timeout': '驗證碼沒有回覆，還沒上傳',
    'captcha-cancelled': '上傳取消了，還沒上傳',
    'bad-credentials': '平台帳號或密碼不對，還沒上傳',
    'account-locked': '平台帳號被鎖住了，還沒上傳',
    'no-credentials': '還沒填平台帳號密碼，還沒上傳',
    refused: '平台退回了號碼',
    'gave-up': '上傳沒有成功',
    'not-listed': '平台一直查不到送出的號碼',
  },
  attentionLine: (reason: string) => `需要處理：${reason}`,
  /** The one-tap fix for each reason; the same words work typed. */
  fixButton: {
    'captcha-timeout': '再試一次',
    'captcha-cancelled': '再試一次',
    'bad-credentials': '更新平台帳號密碼',
    'account-locked': '更新平台帳號密碼',
    'no-credentials': '填寫平台帳號密碼',
    refused: '修改號碼',
    'gave-up': '再試一次',
    'not-listed': '再試一次',
  },
  checkButton: '查看結果',
  credentialsMissing: '（還沒填平台帳號密碼）',
  chooseFix: '要處理哪一期？',
  nothingToFix: '目前沒有需要處理的事 👍',
} as const;

export const settingsCopy = {
  chooseStore: '要設定哪一家店？',
  menu: (name: string) => `「${name}」要修改什麼？`,
  updateCredentials: '更新平台帳號密碼',
  rename: '修改名稱',
  changeInvoiceType: '修改發票類別',
  askNewName: '請輸入新的店名（20 個字以內）。',
  renamed: (name: string) => `已改名為「${name}」✔`,
  invoiceTypeChanged: (label: string) => `發票類別已改為「${label}」✔`,
  credentialsLink: '請用下面的專用連結更新平台帳號密碼（15 分鐘內有效、只能用一次）。',
  noStoreToDelete: '目前沒有設定商店，不用刪除。',
} as const;
