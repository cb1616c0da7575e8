// Store set-up: 統一編號 → branch → 發票類別 → name → a one-time link for the platform login.

export const registerCopy = {
  askUbn: '請輸入商店的統一編號（8 位數字）。',
  ubnExample: '04595257',
  askBranch: (ubn: string) => `統一編號 ${ubn} ✔\n這家店是總公司底下的分店嗎？`,
  notBranchButton: '不是',
  isBranchButton: '是分店',
  branchUnclear: '這家店是總公司底下的分店嗎？請按「不是」或「是分店」。',
  askHead: '請輸入總公司的統一編號（8 位數字）。登入財政部平台時用的是總公司的統編。',
  headNoted: (ubn: string) => `總公司統一編號 ${ubn} ✔`,
  headSameAsBranch: '總公司的統一編號跟這家店一樣，我就當作不是分店囉。',
  askInvoiceType: '發票類別是哪一種？大部分的店都是「一般稅額計算」，不確定就選一般。',
  invoiceTypeButtons: { '07': '一般稅額計算', '08': '特種稅額計算' },
  invoiceTypeExample: '一般稅額計算',
  askName: '最後，幫這家店取個簡短的名字（例如：小林咖啡 中山店），之後提醒你時會用到。',
  nameTooLong: '名字請在 20 個字以內，簡短一點比較好認喔。',
  nameExample: '小林咖啡',
  credentialsLink: (name: string) =>
    `「${name}」設定好了 ✔\n\n最後一步：請用下面的專用連結填寫財政部電子發票平台的帳號和密碼。密碼會加密保存，只用來幫你上傳空白發票。連結 15 分鐘內有效、只能用一次。`,
  credentialsButton: '填寫平台帳號密碼',
  credentialsSaved: (name: string) => `「${name}」的平台帳號密碼已經安全儲存 ✔\n之後到了上傳期，我會提醒你。現在就可以上傳空白發票喔。`,
} as const;
