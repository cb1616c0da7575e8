// What each page shows, independent of markup. The two layouts render these same views with the
// same visible texts and roles but different ids, classes, nesting and order, so a driver that
// relies on anything but labels and roles breaks on one of them.
import type { Html } from '../html.ts';

/** 'spa' is not a Layout of this file: it renders in the browser (see ../spa/). */
export type LayoutName = 'classic' | 'alternative' | 'spa';
export type ServerLayoutName = Exclude<LayoutName, 'spa'>;

export interface Link {
  readonly text: string;
  readonly href: string;
}

export interface Option {
  readonly value: string;
  readonly text: string;
  readonly selected: boolean;
}

export interface DocumentView {
  readonly title: string;
  readonly body: Html;
}

export interface HomeView {
  readonly error: string | null;
  readonly notice: string | null;
  readonly captchaSrc: string;
  readonly ubn: string;
  readonly account: string;
}

export interface FrameView {
  readonly welcomeName: string;
  /** Blank-number pages show the 現在位置 breadcrumb. */
  readonly breadcrumb: boolean;
  readonly heading: string;
  readonly content: Html;
  readonly backHref: string | null;
}

export interface MenuHomeView {
  readonly tasks: readonly { readonly name: string; readonly pending: number }[];
}

export interface LinkListView {
  readonly links: readonly Link[];
}

export interface StubView {
  readonly text: string;
}

export interface BlankSelectView {
  readonly periods: readonly Option[];
}

export interface EntryRowView {
  readonly ubns: readonly Option[];
  readonly invoiceTypes: readonly Option[];
  readonly track: string;
  readonly start: string;
  readonly end: string;
}

export interface EntryFormView {
  readonly periodKey: string;
  readonly periodLabel: string;
  readonly formAction: string;
  readonly rows: readonly EntryRowView[];
}

export interface SaveOutcomeView {
  readonly track: string;
  readonly start: string;
  readonly end: string;
  readonly result: string;
  readonly ok: boolean;
}

export interface SaveResultView {
  readonly periodLabel: string;
  readonly outcomes: readonly SaveOutcomeView[];
  readonly summary: string;
  readonly continueHref: string;
}

export interface ListRowView {
  readonly id: number;
  readonly branch: string;
  readonly invoiceType: string;
  readonly periodLabel: string;
  readonly track: string;
  readonly start: string;
  readonly end: string;
  readonly checked: boolean;
}

export interface QueryListView {
  readonly periodLabel: string;
  readonly formAction: string;
  readonly rows: readonly ListRowView[];
  readonly footer: string | null;
  readonly previousHref: string | null;
  readonly nextHref: string | null;
  readonly message: string | null;
}

export interface ImportView {
  readonly periodKey: string;
  readonly message: string | null;
}

export interface MessageView {
  readonly title: string;
  readonly heading: string;
  readonly text: string | null;
  readonly link: Link | null;
}

export interface Layout {
  readonly name: ServerLayoutName;
  document(view: DocumentView): string;
  home(view: HomeView): Html;
  frame(view: FrameView): Html;
  menuHome(view: MenuHomeView): Html;
  linkList(view: LinkListView): Html;
  stub(view: StubView): Html;
  blankSelect(view: BlankSelectView): Html;
  entryForm(view: EntryFormView): Html;
  saveResult(view: SaveResultView): Html;
  queryList(view: QueryListView): Html;
  importForm(view: ImportView): Html;
  uploadList(): Html;
  message(view: MessageView): Html;
}

/** Form field names shared by both layouts: the page logic reads these, whatever the markup. */
export const FIELD = {
  ubn: 'ban',
  account: 'userId',
  password: 'password',
  captcha: 'captchaCode',
  identity: 'identity',
  period: 'period',
  rowUbn: 'rowBan',
  rowType: 'rowInvoiceType',
  rowTrack: 'rowTrack',
  rowStart: 'rowStartNo',
  rowEnd: 'rowEndNo',
  addRow: 'addRow',
  save: 'save',
  deleteRowPrefix: 'deleteRow:',
  noop: 'noop',
  listRowId: 'rowId',
  selectAll: 'selectAll',
  clearAll: 'clearAll',
  deleteSelected: 'deleteSelected',
  back: 'back',
  importFile: 'importFile',
} as const;

export const ROUTES = {
  home: '/',
  login: '/login',
  logout: '/logout',
  captcha: (id: string): string => `/captcha/${id}.png`,
  menu: '/menu',
  progress: '/menu/progress',
  smartLife: '/menu/smart-life',
  utilities: '/menu/utilities',
  track: '/menu/track',
  trackAllocate: '/menu/track/allocate',
  trackUpload: '/menu/track/upload',
  branchRights: '/menu/track/branch-rights',
  vanDownload: '/menu/track/van-download',
  allocationQuery: '/menu/track/upload/allocation-query',
  blank: '/blank',
  blankNew: '/blank/new',
  blankList: '/blank/list',
  blankImport: '/blank/import',
  blankUploads: '/blank/uploads',
} as const;
