// The logged-in home (營業人功能選單) and the menu functions the chore never needs.
import { texts } from '../config.js';
import { h } from '../dom.js';
import { loadBusiness, setTitle } from './chrome.js';
import { notFoundView } from './messages.js';
import { menuLabelOf } from './side-menu.js';

export async function dashboardView(app) {
  const frame = await loadBusiness(app, async () => null);
  if (frame === null) return;
  setTitle(texts.menu.functionMenu);
  const captionId = 'pending-caption';
  frame.main.append(
    h('h1', {}, texts.menu.functionMenu),
    h('table', { class: 'grid', 'aria-labelledby': captionId },
      h('caption', { id: captionId }, texts.menu.pendingHeading),
      h('thead', {}, h('tr', {}, texts.menu.pendingColumns.map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, texts.menu.pendingTasks.map((task, i) => h('tr', {}, h('td', {}, i + 1), h('td', {}, task), h('td', {}, 0))))),
    h('h2', {}, texts.menu.noticeHeading),
    h('p', {}, texts.menu.notice));
}

export async function functionView(app) {
  const frame = await loadBusiness(app, async () => null);
  if (frame === null) return;
  const label = menuLabelOf(frame.menu, app.path);
  if (label === null) return notFoundView(app);
  setTitle(label);
  frame.main.append(h('h1', {}, label), h('p', {}, texts.menu.stubNotice));
}
