// Store set-up: 統一編號 → branch → 發票類別 → name → a one-time link for the platform login.

export const registerCopy = {
  askUbn: '請輸入商店的統一編號（8 位數字）。',
  ubnExample: '04595257',
  askBranch: (ubn: string) => `統一編號 ${ubn} ✔\n這家店是分支機構嗎？是的話請輸入分支機構的統一編號；不是的話按「沒有分支」。`,
  noBranchButton: '沒有分支',
  branchSameAsHead: '分支機構的統一編號跟總機構一樣，我就當作沒有分支囉。',
  askInvoiceType: '發票類別是哪一種？大部分的店都是「一般稅額計算」。',
  invoiceTypeButtons: { '07': '一般稅額計算', '08': '特種稅額計算' },
  invoiceTypeExample: '一般稅額計算',
  askName: '最後，幫這家店取個簡短的名字（例如：小林咖啡 中山店），之後提醒你時會用到。',
  nameTooLong: '名字請在 20 個字以內，簡短一點比較好認喔。',
  nameExample: '小林咖啡',
  credentialsLink: (name: string) =>
    `「${name}」設定好了 ✔\n\n最後一步：請用下面的專用連結填寫財政部電子發票平台的帳號和密碼。密碼會加密保存，只用來幫你上傳空白發票。連結 15 分鐘內有效、只能用一次。`,
  credentialsButton: '填寫平台帳號密碼',
  credentialsSaved: (name: string) => `「${name}」的平台帳號密碼已經安全儲存 ✔\n之後到了回報期，我會提醒你。現在就可以回報空白發票喔。`,
} as const;
