// What the browser app is told at start: its texts (picked from texts.ts, with the drifting
// labels of the chosen set), its routes and API paths, and the spa settings it acts on.
import {
  SITE_TITLE,
  blank,
  entry,
  errors,
  home,
  importPage,
  list,
  loginErrors,
  menu,
  spa,
  spaLabelsOf,
  uploadListPage,
} from '../texts.ts';
import type { SpaLabels } from '../texts.ts';
import { API, SPA_ROUTES } from './routes.ts';
import type { SpaSettings } from './settings.ts';

export function clientConfig(settings: SpaSettings) {
  const labels = spaLabelsOf(settings.labels);
  return {
    businessChoice: settings.businessChoice,
    loadingMs: settings.loadingMs,
    routes: SPA_ROUTES,
    api: API,
    labels,
    texts: clientTexts(labels),
  };
}

function clientTexts(labels: SpaLabels) {
  return {
    site: SITE_TITLE,
    spa,
    home: {
      audienceNav: home.audienceNav,
      audiences: home.audiences,
      login: home.login,
      ubn: home.ubn,
      account: home.account,
      password: home.password,
      newsHeading: home.newsHeading,
      news: home.news,
      commonHeading: home.commonHeading,
      commonLinks: home.commonLinks,
      register: home.register,
      forgotPassword: home.forgotPassword,
    },
    menu: {
      sideNav: menu.sideNav,
      functionMenu: menu.functionMenu,
      pendingHeading: menu.pendingHeading,
      pendingColumns: menu.pendingColumns,
      pendingTasks: menu.pendingTasks,
      noticeHeading: menu.noticeHeading,
      notice: menu.notice,
      stubNotice: menu.stubNotice,
    },
    blank: {
      breadcrumb: blank.breadcrumb,
      breadcrumbLabel: blank.breadcrumbLabel,
      pageHeading: blank.pageHeading,
      period: blank.period,
      importTracks: blank.importTracks,
      uploadList: blank.uploadList,
      // The notes name the buttons, so they follow the buttons' labels when those drift.
      notes: [blank.noteImport, blank.noteQuery.replace(`【${blank.query}】`, `【${labels.query}】`)],
    },
    entry: {
      heading: entry.heading,
      ubn: entry.ubn,
      invoiceType: entry.invoiceType,
      track: entry.track,
      deleteRow: entry.deleteRow,
      addRow: entry.addRow,
    },
    list: {
      columns: { ...list.columns, start: labels.listStart, end: labels.listEnd },
      empty: list.empty,
      previous: list.previous,
      delete: list.delete,
      nothingSelected: list.nothingSelected,
    },
    importPage: { heading: importPage.heading, file: importPage.file, submit: importPage.submit, note: importPage.note },
    uploadList: { heading: uploadListPage.heading, columns: uploadListPage.columns },
    errors: {
      serverError: errors.serverError,
      notFound: errors.notFound,
      backHome: errors.backHome,
      expired: loginErrors.expired,
    },
  };
}
