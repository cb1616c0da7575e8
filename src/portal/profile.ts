/**
 * Everything the driver knows about the e-invoice platform's pages: the visible
 * labels, texts and paths a person would look for. When the real site changes its
 * wording, this is the one file to edit (README: "When the platform changes").
 *
 * Texts come from the seed tutorial (the site as it was), what is known of today's
 * redesigned site, and the platform's known messages; where they spell a label
 * differently, both are accepted. A string matches a label exactly; a RegExp is
 * tested against the accessible name (text, aria-label or title).
 */
export const portalProfile = {
  /** The home page, relative to PORTAL_BASE_URL ('' is PORTAL_BASE_URL itself). */
  homePath: '',
  /** The login view, opened directly only when the home page has no login form and no 登入 control leads to one. */
  loginPath: 'accounts/login',

  /** Shown while a view is still loading; the driver waits for it to go. */
  loading: /^(載入中|讀取中|處理中|資料讀取中|Loading)/i,
  /** A bot-protection interstitial (Cloudflare Turnstile) that stands before the site for a while. */
  botCheck: /正在執行安全驗證|正在驗證您是否是人類|Just a moment|Checking your browser|Verifying you are human/i,

  login: {
    /** The control on the home page that leads to the login view. */
    entry: /^(登入|會員登入|登入\/註冊)$/,
    /** The business audience of the login: a tab, radio, dropdown option, link or button. */
    business: /^營業人(\/扣繳單位)?$|^營業人登入$/,
    /** The password method, where certificate login (憑證) is another tab. */
    passwordMethod: /^帳號密碼(登入)?$|^帳號登入$/,
    ubn: '統一編號',
    account: '帳號',
    password: '密碼',
    captcha: '圖形驗證碼',
    captchaImage: /^圖形驗證碼$/,
    refreshCaptcha: /更換驗證碼|更新圖形驗證碼|重新產生|換一張/,
    submit: /^登入$/,
  },

  /** Buttons of the platform's modal, confirm and alert dialogs. */
  dialogs: {
    accept: /^(確定|確認|是|OK)$/i,
    close: /^(關閉|取消|返回|×|✕|Close)$/i,
  },

  /** Messages the platform shows; each decides an outcome. */
  messages: {
    wrongCaptcha: /驗證碼錯誤|驗證碼輸入錯誤|驗證碼不正確/,
    wrongPassword: /密碼錯誤/,
    unknownAccount: /帳號或統一編號錯誤|查無此帳號|帳號不存在/,
    locked: /已鎖定|鎖定中|已被鎖定/,
    maintenance: /系統維護中|暫停服務/,
    sessionExpired: /閒置時間過久|尚未登入|請重新登入|逾時/,
    serverError: /系統發生錯誤|系統錯誤/,
    duplicateRange: /相同區間|重複/,
    noData: /查無資料/,
    failed: /失敗/,
  },

  /** Menu entries clicked in order from the business area to the blank-number page; groups are expanded on the way. */
  menuPath: [/^電子發票專用字軌號碼取號$/, /^電子發票上傳作業$/, /上傳(未使用空白|空白未使用)發票號碼/],

  blankPage: {
    /** The 字軌期別 picker: a dropdown, combobox or picker widget; its options are read as periods. */
    period: '字軌期別',
    add: /^新增$/,
    query: /^查詢$/,
  },

  addForm: {
    branchUbn: /總機構\/分支機構統一編號|總機構\/分支機構統編/,
    invoiceType: '發票類別',
    /** A text box or a dropdown of the allocated tracks. */
    track: '發票字軌',
    startNo: '起始編號',
    endNo: '終止編號',
    addRow: /^新增一列$|^新增列$/,
    save: /^存檔$/,
    invoiceTypeLabels: { '07': '一般稅額計算', '08': '特種稅額計算' },
  },

  /** The 存檔 result: a table with these columns, or a dialog with one line per row. */
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
    delete: /^刪除$/,
    /** The pager's count of all rows (「總筆數: 17」, 「共 22 筆」): the listing ends once that many are read. */
    total: /總筆數\s*[:：]?\s*(\d+)|共\s*(\d+)\s*筆/,
  },
} as const;

/** A label the driver looks for: exact text, or a pattern tested against the accessible name. */
export type Label = string | RegExp;

export type PortalProfile = {
  readonly homePath: string;
  readonly loginPath: string;
  readonly loading: RegExp;
  readonly botCheck: RegExp;
  readonly login: {
    readonly entry: Label;
    readonly business: Label;
    readonly passwordMethod: Label;
    readonly ubn: Label;
    readonly account: Label;
    readonly password: Label;
    readonly captcha: Label;
    readonly captchaImage: Label;
    readonly refreshCaptcha: Label;
    readonly submit: Label;
  };
  readonly dialogs: { readonly accept: Label; readonly close: Label };
  readonly messages: Readonly<Record<keyof typeof portalProfile.messages, RegExp>>;
  readonly menuPath: readonly Label[];
  readonly blankPage: { readonly period: Label; readonly add: Label; readonly query: Label };
  readonly addForm: {
    readonly branchUbn: Label;
    readonly invoiceType: Label;
    readonly track: Label;
    readonly startNo: Label;
    readonly endNo: Label;
    readonly addRow: Label;
    readonly save: Label;
    readonly invoiceTypeLabels: Readonly<Record<'07' | '08', string>>;
  };
  readonly saveResult: { readonly track: Label; readonly startNo: Label; readonly endNo: Label; readonly outcome: Label; readonly savedText: RegExp };
  readonly listing: {
    readonly branchUbn: Label;
    readonly invoiceType: Label;
    readonly period: Label;
    readonly track: Label;
    readonly startNo: Label;
    readonly endNo: Label;
    readonly nextPage: Label;
    readonly delete: Label;
    readonly total: RegExp;
  };
};
