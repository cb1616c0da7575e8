// 首頁: the top bar with its 登入 button, news and common links. No login form here: 登入 goes
// to its own route.
import { apiGet } from '../api.js';
import { api, texts } from '../config.js';
import { h } from '../dom.js';
import { whileLoading } from '../loading.js';
import { setTitle, topBar } from './chrome.js';

export async function homeView(app) {
  const session = await whileLoading(app.root, () => apiGet(api.session));
  if (!app.isCurrent()) return;
  setTitle(texts.home.audiences[0]);
  app.root.replaceChildren(topBar(app, session), h('main', { class: 'home' },
    h('h1', {}, texts.site),
    h('section', { class: 'card' }, h('h2', {}, texts.home.newsHeading), h('ul', {}, texts.home.news.map((item) => h('li', {}, item)))),
    h('section', { class: 'card' }, h('h2', {}, texts.home.commonHeading),
      h('ul', {}, texts.home.commonLinks.map((item) => h('li', {}, h('a', { href: '#' }, item)))))));
}
