/**
 * Everything the driver knows about the e-invoice platform's pages: the visible
 * labels, texts and URL fragments a person would look for. When the real site
 * changes its wording, this is the one file to edit.
 *
 * Texts come from the seed tutorial (the site as it was) and the platform's known
 * messages; where the two spell a label differently, both are accepted.
 */
export const portalProfile = {
  /** The home page, relative to PORTAL_BASE_URL ('' is PORTAL_BASE_URL itself). */
  homePath: '',

  login: {
    audienceTab: /^營業人$/,
    ubn: '統一編號',
    account: '帳號',
    password: '密碼',
    captcha: '圖形驗證碼',
    captchaImage: '圖形驗證碼',
    refreshCaptcha: /更換驗證碼|重新產生|換一張/,
    submit: /^登入$/,
  },

  /** Messages the platform shows; each decides an outcome. */
  messages: {
    wrongCaptcha: /驗證碼錯誤|驗證碼輸入錯誤/,
    wrongPassword: /密碼錯誤/,
    unknownAccount: /帳號或統一編號錯誤|查無此帳號|帳號不存在/,
    locked: /已鎖定|鎖定中|已被鎖定/,
    maintenance: /系統維護中|暫停服務/,
    sessionExpired: /閒置時間過久|尚未登入|請重新登入|逾時/,
    serverError: /系統發生錯誤|系統錯誤/,
    duplicateRange: /相同區間|重複/,
    noData: /查無資料/,
  },

  /** Links clicked in order from the business menu to the blank-number page. */
  menuPath: [/^電子發票專用字軌號碼取號$/, /^電子發票上傳作業$/, /上傳(未使用空白|空白未使用)發票號碼/],

  blankPage: {
    period: '字軌期別',
    add: /^新增$/,
    query: /^查詢$/,
  },

  addForm: {
    branchUbn: /總機構\/分支機構統一編號|總機構\/分支機構統編/,
    invoiceType: '發票類別',
    track: '發票字軌',
    startNo: '起始編號',
    endNo: '終止編號',
    addRow: /^新增一列$|^新增列$/,
    save: /^存檔$/,
    invoiceTypeLabels: { '07': '一般稅額計算', '08': '特種稅額計算' },
  },

  saveResult: {
    track: '發票字軌',
    startNo: '起始編號',
    endNo: '終止編號',
    outcome: '結果',
    savedText: /新增成功|成功/,
  },

  listing: {
    branchUbn: /總\/分支機構統編/,
    invoiceType: '發票類別',
    period: '發票年月',
    track: '發票字軌',
    startNo: '發票起號',
    endNo: '發票迄號',
    nextPage: /^下一頁$/,
  },
} as const;

export type PortalProfile = typeof portalProfile;
