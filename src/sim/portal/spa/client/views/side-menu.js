// The 營業人 side menu: groups are buttons that expand (aria-expanded) the list they control;
// everything starts collapsed, on every view.
import { texts } from '../config.js';
import { h, icon, uid } from '../dom.js';

export function sideMenu(items) {
  return h('nav', { class: 'side-menu', 'aria-label': texts.menu.sideNav }, h('ul', {}, items.map(menuItem)));
}

function menuItem(item) {
  if (item.kind === 'link') return h('li', {}, h('a', { href: item.route, 'data-route': true }, item.label));
  const listId = uid('menu-group');
  const children = h('ul', { id: listId, hidden: true }, item.items.map(menuItem));
  const button = h('button', { type: 'button', class: 'group', 'aria-expanded': 'false', 'aria-controls': listId },
    h('span', {}, item.label), icon('chevron'));
  button.addEventListener('click', () => {
    const expand = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(expand));
    children.hidden = !expand;
  });
  return h('li', {}, button, children);
}

/** The label of the menu link to `route`, anywhere in the tree; null when there is none. */
export function menuLabelOf(items, route) {
  for (const item of items) {
    if (item.kind === 'link' && item.route === route) return item.label;
    if (item.kind === 'group') {
      const found = menuLabelOf(item.items, route);
      if (found !== null) return found;
    }
  }
  return null;
}
