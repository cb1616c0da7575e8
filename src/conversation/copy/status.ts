// 狀態 and 商店設定.

export const statusCopy = {
  title: '你的商店回報狀態：',
  noStores: '還沒有設定商店喔。',
  periodState: {
    pending: '還沒回報',
    queued: '排隊上傳中',
    submitted: '已送出，等平台查到',
    confirmed: '已完成 ✅',
    nothing_to_report: '這期沒有空白發票 ✔',
  },
  notYet: '還沒回報',
  credentialsMissing: '（還沒填平台帳號密碼）',
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
} as const;
