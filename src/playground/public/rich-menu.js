// The rich menu under the chat: the channel's image with its tappable areas on top, as LINE draws it.
/** @param {{ container: HTMLElement, userId: string, api: (path: string) => Promise<any>, perform: (action: any) => void }} parts */
export async function loadRichMenu({ container, userId, api, perform }) {
  const { richMenu } = await api(`/users/${userId}/rich-menu`);
  if (!richMenu) {
    container.replaceChildren();
    return null;
  }
  const image = Object.assign(document.createElement('img'), { src: `/playground/api/users/${userId}/rich-menu/image?v=${richMenu.richMenuId}`, alt: '' });
  container.replaceChildren(image, ...richMenu.areas.map((area) => richMenuArea(area, richMenu.size, perform)));
  return richMenu;
}

function richMenuArea(area, size, perform) {
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'area' });
  const { x, y, width, height } = area.bounds;
  Object.assign(button.style, {
    left: `${(100 * x) / size.width}%`,
    top: `${(100 * y) / size.height}%`,
    width: `${(100 * width) / size.width}%`,
    height: `${(100 * height) / size.height}%`,
  });
  button.setAttribute('aria-label', area.action.label ?? area.action.text ?? area.action.type);
  button.addEventListener('click', () => perform(area.action));
  return button;
}
