// Every visible text of the simulated platform in one place: they are the contract the Playwright
// driver clicks by, so they follow the seed tutorial (and the brief where the seed is silent) exactly.

export const SITE_TITLE = '財政部電子發票整合服務平台';

export const home = {
  audienceNav: '分眾導覽',
  audiences: ['首頁', '消費者', '社福團體', '外部機關', '營業人', '政府機關', '專業代理'],
  loginHeading: '登入 Login',
  identityLegend: '登入身分',
  identityBusiness: '營業人',
  loginMethods: ['帳號', '自然人憑證'],
  ubn: '統一編號',
  account: '帳號',
  password: '密碼',
  captcha: '圖形驗證碼',
  captchaImageAlt: '圖形驗證碼',
  captchaRefresh: '更換驗證碼',
  login: '登入',
  register: '註冊',
  forgotAccount: '忘記帳號?',
  forgotPassword: '忘記密碼?',
  commonHeading: '常用功能',
  commonLinks: ['公用事業宣導專區', '導入電子發票營業人查詢', '加值中心查詢', '電子發票API申請(查詢發票)'],
  newsHeading: '最新消息 Hot News',
  news: [
    '電子發票整合服務平台將於夜間進行系統維護，維護期間暫停服務',
    '營業人導入電子發票傳輸軟體(Turnkey)流程說明',
  ],
  forgotNotice: '請洽各地區國稅局辦理帳號或密碼查詢。',
} as const;

export const loginErrors = {
  captchaWrong: '圖形驗證碼錯誤，請重新輸入',
  unknownAccount: '帳號或統一編號錯誤',
  locked: '帳號已鎖定，請於30分鐘後再試，或使用忘記密碼功能',
  wrongPassword: (failures: number): string => `密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 ${failures} 次）`,
  expired: '閒置時間過久或尚未登入，請重新登入',
  loggedOut: '您已登出',
} as const;

export const menu = {
  hideMenu: '隱藏選單',
  welcome: (name: string): string => `歡迎: ${name}`,
  sideNav: '營業人功能',
  functionMenu: '營業人功能選單',
  progress: '請領案件進度管控',
  trackNumbers: '電子發票專用字軌號碼取號',
  smartLife: '智慧好生活',
  utilities: '公用事業',
  logout: '登出',
  back: '返回',
  upload: '電子發票上傳作業',
  branchRights: '總機上傳分支機構配號權作業',
  vanDownload: '加值中心下載電子發票配號紀錄檔',
  blankUpload: '上傳未使用空白發票號碼(作業)',
  allocationQuery: '營業人字軌配號查詢',
  pendingHeading: '尚未接收確認筆數',
  pendingColumns: ['序號', '作業名稱', '尚未接收確認筆數'],
  pendingTasks: ['確認退回發票', '確認折讓證明單', '確認作廢折讓證明單', '發票接收確認', '確認折讓通知', '確認作廢發票'],
  noticeHeading: '注意事項',
  notice: '請記得維護您的個人資料，以免忘記密碼或帳號時，無法驗證您的個人資料，請大家配合謝謝。',
  stubNotice: '本功能於模擬平台中僅供瀏覽。',
} as const;

export const blank = {
  breadcrumb: '現在位置 / 電子發票上傳作業 > 上傳未使用空白發票號碼作業',
  breadcrumbLabel: '現在位置',
  pageHeading: '上傳未使用空白發票號碼作業',
  period: '字軌期別',
  periodShown: (label: string): string => `字軌期別: ${label}`,
  add: '新增',
  query: '查詢',
  importTracks: '匯入字軌',
  uploadList: '上傳列表',
  noteImport: '如使用【匯入字軌】功能維護「未使用空白發票號碼」，請於上傳後以【上傳列表】功能進行結果確認。',
  noteQuery: '如需確認資料是否正確請至【查詢】功能。',
  back: '返回',
} as const;

export const entry = {
  heading: '新增未使用空白發票號碼',
  columns: ['總機構/分支機構統一編號', '發票類別', '發票字軌', '起始編號', '終止編號', '功能'],
  ubn: '總機構/分支機構統一編號',
  invoiceType: '發票類別',
  track: '發票字軌',
  start: '起始編號',
  end: '終止編號',
  actions: '功能',
  deleteRow: '刪除',
  addRow: '新增一列',
  save: '存檔',
  rowName: (n: number): string => `第${n}列`,
  invoiceTypes: { '07': '一般稅額計算', '08': '特種稅額計算' },
} as const;

export const saveResult = {
  heading: '存檔結果',
  columns: ['發票字軌', '起始編號', '終止編號', '結果'],
  ok: '新增成功',
  summary: (ok: number, failed: number): string => `成功 ${ok} 筆，失敗 ${failed} 筆`,
  continueAdding: '繼續新增',
} as const;

export const refusals = {
  notEightDigits: '起始編號/終止編號須為8碼數字',
  endBeforeStart: '終止編號不可小於起始編號',
  trackNotAllocated: '該字軌非此營業人於本期之配號',
  outsideAllocation: '號碼不在配號區間內',
  duplicate: '空白發票新增失敗，請確認是否有輸入相同區間',
  windowClosed: '該期別尚未開放上傳',
  foreignUbn: '統一編號非此營業人或其分支機構',
  badInvoiceType: '發票類別錯誤',
} as const;

export const list = {
  heading: '列表',
  columns: {
    select: '刪除',
    ubn: '總/分支機構統編',
    invoiceType: '發票類別',
    period: '發票年月',
    track: '發票字軌',
    start: '發票起號',
    end: '發票迄號',
  },
  empty: '查無資料',
  footer: (page: number, pageSize: number, total: number): string =>
    `頁次 ${page} | 每頁顯示 ${pageSize} | 總筆數: ${total}`,
  previous: '上一頁',
  next: '下一頁',
  selectAll: '全選',
  clearAll: '取消全選',
  delete: '刪除',
  back: '返回',
  selectRow: (track: string, start: string, end: string): string => `選取 ${track}${start}-${end}`,
  deleted: (count: number): string => `已刪除 ${count} 筆`,
  nothingSelected: '請勾選要刪除的資料',
} as const;

export const importPage = {
  heading: '匯入字軌',
  file: '匯入檔案',
  submit: '上傳',
  note: '請上傳 CSV 檔（欄位：統一編號,發票類別,發票字軌,起始編號,終止編號）。',
  received: '檔案已收到，請以【上傳列表】功能確認結果。',
} as const;

export const uploadListPage = {
  heading: '上傳列表',
  columns: ['上傳時間', '檔案名稱', '處理結果'],
} as const;

export const errors = {
  maintenanceHeading: '系統維護中，暫停服務',
  maintenanceWindow: (from: string, to: string): string =>
    `電子發票整合服務平台於 ${from} 至 ${to} 進行系統維護，暫停服務，造成不便敬請見諒。`,
  serverError: '系統發生錯誤，請稍後再試',
  underMaintenance: '功能維護中',
  notFound: '查無此頁面',
  backHome: '回首頁',
} as const;

/**
 * The redesigned platform (the spa layout): the texts the server-rendered layouts do not have,
 * all plain strings because they travel to the browser as JSON. Labels that can drift are in
 * spaLabels below, not here.
 */
export const spa = {
  loading: '載入中…',
  noScript: '請啟用瀏覽器的 JavaScript 功能後再使用本網站',
  botCheckHeading: '正在執行安全驗證',
  botCheckNote: '本網站需要先檢查您的連線安全性，請稍候。',
  botCheckRefused: '安全驗證未通過，請重新整理頁面',
  loginHeading: '登入',
  loginButton: home.login,
  identityChoice: '登入身分',
  identityConsumer: '一般民眾',
  identityBusiness: '營業人/扣繳單位',
  consumerHeading: '一般民眾登入',
  businessHeading: '營業人/扣繳單位登入',
  consumerId: '手機號碼/載具',
  businessTabs: '登入方式',
  tabPassword: '帳號密碼',
  tabCertificate: '憑證',
  certificatePin: 'PIN碼',
  certificateLogin: '憑證登入',
  certificateMissing: '請先安裝憑證元件並插入工商憑證IC卡',
  consumerRefused: '手機號碼/載具或密碼錯誤',
  ok: '確定',
  cancel: '取消',
  close: '關閉',
  logout: menu.logout,
  caseProgressQuery: '案件進度查詢',
  smartLifeStores: '智慧好生活店家資料維護',
  utilitiesUpload: '公用事業電子發票上傳',
  currentPeriod: '本期',
  /** Filled in by the browser, which numbers the rows: {n} is the row's number from 1. */
  rowNameTemplate: '第{n}筆',
  chooseTrack: '請選擇',
  nothingToSave: '請至少輸入一筆資料',
  listHeading: '查詢結果',
  pager: '分頁',
  deleteConfirm: '確定要刪除勾選的資料嗎？',
  uploadListEmpty: '尚無上傳紀錄',
} as const satisfies Readonly<Record<string, string>>;

/** spa texts the server writes into its answers (the browser gets them ready-made). */
export const spaFormats = {
  periodLine: (label: string): string => `字軌期別: ${label}`,
  /** One line of the 存檔 result dialog per row. */
  resultLine: (track: string, start: string, end: string, message: string): string => `${track} ${start}～${end}：${message}`,
  pagerStatus: (page: number, lastPage: number, total: number): string => `第 ${page} / ${lastPage} 頁，共 ${total} 筆`,
} as const;

/**
 * Labels of the spa layout that the platform is known to rename now and then. Option
 * `labels: 'drift'` swaps the whole set at once, so a driver that keeps its labels in one place
 * can be checked against a renamed site.
 */
export const spaLabels = {
  /** 新增 dialog: a row's first and last number. */
  start: entry.start,
  end: entry.end,
  save: entry.save,
  saveConfirm: '確定要存檔嗎？',
  /** The side-menu link to the blank-number page. */
  blankUpload: menu.blankUpload,
  add: blank.add,
  query: blank.query,
  /** The captcha input's label and the image's alt text. */
  captcha: home.captcha,
  captchaRefresh: '更新圖形驗證碼',
  /** 查詢 table headers. */
  listStart: list.columns.start,
  listEnd: list.columns.end,
  next: list.next,
} as const;

export type SpaLabelKey = keyof typeof spaLabels;
export type SpaLabels = Readonly<Record<SpaLabelKey, string>>;
export type LabelSet = 'standard' | 'drift';

export const driftedSpaLabels: SpaLabels = {
  start: '發票起號',
  end: '發票迄號',
  save: '儲存',
  saveConfirm: '確定要儲存嗎？',
  blankUpload: '空白未使用發票字軌號碼維護',
  add: '新增資料',
  query: '搜尋',
  captcha: '驗證碼',
  captchaRefresh: '重新產生驗證碼',
  listStart: '起號',
  listEnd: '迄號',
  next: '下頁',
};

export function spaLabelsOf(set: LabelSet): SpaLabels {
  return set === 'drift' ? driftedSpaLabels : spaLabels;
}
