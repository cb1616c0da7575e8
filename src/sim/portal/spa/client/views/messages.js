// Whole-page messages: maintenance (from any API call answering 503) and an unknown route.
import { routes, texts } from '../config.js';
import { h } from '../dom.js';
import { setTitle } from './chrome.js';

function brandBar() {
  return h('header', { class: 'topbar' }, h('a', { class: 'brand', href: routes.home, 'data-route': true }, texts.site));
}

export function maintenanceView(root, heading, detail) {
  setTitle(heading);
  root.replaceChildren(brandBar(), h('main', { class: 'message-page' }, h('h1', {}, heading), detail ? h('p', {}, detail) : null));
}

export async function notFoundView(app) {
  setTitle(texts.errors.notFound);
  app.root.replaceChildren(brandBar(), h('main', { class: 'message-page' },
    h('h1', {}, texts.errors.notFound),
    h('p', {}, h('a', { href: routes.home, 'data-route': true }, texts.errors.backHome))));
}
