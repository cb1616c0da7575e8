// /business/blank (上傳未使用空白發票號碼作業): the 字軌期別 picker and the four actions. 新增 opens
// its dialog; 查詢, 匯入字軌 and 上傳列表 draw into the region below the buttons.
import { apiGet } from '../api.js';
import { api, labels, texts } from '../config.js';
import { h, icon } from '../dom.js';
import { openAddDialog } from './add-dialog.js';
import { showImport, showUploads } from './blank-side.js';
import { showList } from './blank-list.js';
import { loadBusiness, setTitle } from './chrome.js';
import { periodPicker } from './period-picker.js';

export async function blankView(app) {
  const frame = await loadBusiness(app, () => apiGet(api.blank));
  if (frame === null) return;
  setTitle(texts.blank.pageHeading);
  const picker = periodPicker(frame.view.periods, frame.view.chosen);
  const region = h('section', { class: 'results' });
  const run = (work) => () => work().catch(app.fail);
  // Icon buttons, as on the real site: one named by title only, the other by aria-label.
  const add = h('button', { type: 'button', class: 'icon-button', title: labels.add,
    onclick: run(() => openAddDialog(app, picker.value())) }, icon('plus'));
  const query = h('button', { type: 'button', class: 'icon-button', 'aria-label': labels.query, title: labels.query,
    onclick: run(() => showList(app, region, picker.value(), 1)) }, icon('search'));
  frame.main.append(
    h('nav', { class: 'breadcrumb', 'aria-label': texts.blank.breadcrumbLabel }, texts.blank.breadcrumb),
    h('h1', {}, texts.blank.pageHeading),
    h('div', { class: 'toolbar' }, picker.element, h('div', { class: 'actions' }, add, query,
      h('button', { type: 'button', onclick: run(() => showImport(app, region, picker.value())) }, texts.blank.importTracks),
      h('button', { type: 'button', onclick: run(() => showUploads(region)) }, texts.blank.uploadList))),
    h('ul', { class: 'notes' }, texts.blank.notes.map((note) => h('li', {}, note))),
    region);
}
