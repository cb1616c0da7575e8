// What surrounds every view: the top bar (site name, audience links, 登入 or the welcome and
// 登出), the document title, and the frame of the logged-in views with its side menu.
import { ApiError, apiGet, apiPost } from '../api.js';
import { api, routes, texts } from '../config.js';
import { h } from '../dom.js';
import { whileLoading } from '../loading.js';
import { sideMenu } from './side-menu.js';

export function setTitle(heading) {
  document.title = `${heading} - ${texts.site}`;
}

function audienceLinks() {
  return h('nav', { class: 'audiences', 'aria-label': texts.home.audienceNav },
    h('ul', {}, texts.home.audiences.map((name) => {
      const home = name === texts.home.audiences[0];
      return h('li', {}, h('a', { href: home ? routes.home : '#', 'data-route': home }, name));
    })));
}

/** The top bar; the 登入 button is left out on the login route itself, where the form has its own. */
export function topBar(app, session) {
  let account = [];
  if (session.loggedIn) {
    account = [
      h('span', { class: 'welcome' }, session.welcome),
      h('button', { type: 'button', onclick: () => logout(app).catch(app.fail) }, texts.spa.logout),
    ];
  } else if (app.path !== routes.login) {
    account = [h('button', { type: 'button', class: 'primary', onclick: () => app.navigate(routes.login) }, texts.home.login)];
  }
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: routes.home, 'data-route': true }, texts.site),
    audienceLinks(),
    h('div', { class: 'account' }, account));
}

async function logout(app) {
  await apiPost(api.logout);
  app.navigate(routes.home);
}

/**
 * Loads a logged-in view: 載入中… while the session, the menu and the view's own data come, then
 * the frame. Without a session it goes to the login route instead and gives null (after the
 * expiry alert when the session had gone idle).
 */
export async function loadBusiness(app, loadView) {
  const data = await whileLoading(app.root, async () => {
    const session = await apiGet(api.session);
    if (session.expired) throw new ApiError(401, { code: 'expired', message: texts.errors.expired });
    if (!session.loggedIn) return { session };
    const [menu, view] = await Promise.all([apiGet(api.menu), loadView()]);
    return { session, menu, view };
  });
  if (!app.isCurrent()) return null;
  if (!data.session.loggedIn) {
    app.navigate(routes.login, { replace: true });
    return null;
  }
  const main = h('main', { class: 'content' });
  app.root.replaceChildren(topBar(app, data.session), h('div', { class: 'business' }, sideMenu(data.menu.items), main));
  return { main, menu: data.menu.items, view: data.view };
}
