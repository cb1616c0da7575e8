// Draws LINE Flex messages close to how the LINE app does: bubbles and carousels of boxes, texts,
// buttons, images and separators. Sizes follow LINE's keywords; anything unknown still shows its text.

const SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const TEXT_SIZE = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
const BLOCKS = ['header', 'hero', 'body', 'footer'];

/** @param {any} container  @param {(action: any) => void} onAction */
export function renderFlex(container, onAction) {
  if (container?.type === 'carousel') {
    const carousel = el('div', 'flex-carousel');
    for (const bubble of container.contents ?? []) carousel.append(renderBubble(bubble, onAction));
    return carousel;
  }
  return renderBubble(container, onAction);
}

function renderBubble(bubble, onAction) {
  const node = el('div', `flex-bubble size-${bubble.size ?? 'mega'}`);
  for (const name of BLOCKS) {
    const block = bubble[name];
    if (!block) continue;
    const wrapper = el('div', `flex-block ${name}`);
    const style = bubble.styles?.[name];
    if (style?.backgroundColor) wrapper.style.backgroundColor = style.backgroundColor;
    if (style?.separator) wrapper.style.borderTop = `1px solid ${style.separatorColor ?? '#e2e2e2'}`;
    wrapper.append(renderComponent(block, 'vertical', onAction));
    node.append(wrapper);
  }
  if (bubble.action) clickable(node, bubble.action, onAction);
  return node;
}

function renderComponent(component, parentLayout, onAction) {
  const render = RENDERERS[component?.type] ?? renderUnknown;
  const node = render(component, onAction);
  applyCommon(node, component, parentLayout, onAction);
  return node;
}

const RENDERERS = {
  box: renderBox,
  text: renderText,
  button: renderButton,
  separator: (c) => withColor(el('hr', 'flex-separator'), c.color),
  image: renderImage,
  icon: (c) => Object.assign(el('img', 'flex-icon'), { src: c.url, alt: '', width: TEXT_SIZE[c.size] ?? 16 }),
  spacer: (c) => sized(el('div', 'flex-spacer'), SPACING[c.size] ?? 8),
  filler: () => el('div', 'flex-filler'),
  span: renderText,
};

function renderBox(box, onAction) {
  const layout = box.layout ?? 'vertical';
  const node = el('div', `flex-box ${layout}`);
  node.style.gap = `${SPACING[box.spacing] ?? 0}px`;
  for (const key of ['backgroundColor', 'borderColor', 'width', 'height', 'maxWidth', 'maxHeight', 'cornerRadius']) {
    const value = box[key];
    if (value === undefined) continue;
    if (key === 'cornerRadius') node.style.borderRadius = px(value);
    else node.style[key] = value;
  }
  if (box.borderWidth) {
    node.style.borderStyle = 'solid';
    node.style.borderWidth = px(box.borderWidth);
  }
  for (const side of ['All', 'Top', 'Bottom', 'Start', 'End']) {
    const value = box[`padding${side}`];
    if (value === undefined) continue;
    const css = side === 'All' ? 'padding' : `padding${side === 'Start' ? 'Left' : side === 'End' ? 'Right' : side}`;
    node.style[css] = px(value);
  }
  if (box.justifyContent) node.style.justifyContent = box.justifyContent;
  if (box.alignItems) node.style.alignItems = box.alignItems;
  for (const child of box.contents ?? []) node.append(renderComponent(child, layout, onAction));
  return node;
}

function renderText(text) {
  const node = el('div', `flex-text${text.wrap ? ' wrap' : ''}`);
  const spans = Array.isArray(text.contents) && text.contents.length > 0 ? text.contents : null;
  if (spans) {
    for (const span of spans) {
      const piece = el('span');
      piece.textContent = span.text ?? '';
      styleText(piece, span);
      node.append(piece);
    }
  } else {
    node.textContent = text.text ?? '';
  }
  styleText(node, text);
  if (text.align) node.style.textAlign = text.align === 'end' ? 'right' : text.align === 'start' ? 'left' : 'center';
  if (text.maxLines) Object.assign(node.style, { display: '-webkit-box', webkitLineClamp: String(text.maxLines), webkitBoxOrient: 'vertical' });
  return node;
}

function styleText(node, spec) {
  if (spec.size) node.style.fontSize = TEXT_SIZE[spec.size] ? `${TEXT_SIZE[spec.size]}px` : spec.size;
  if (spec.weight === 'bold') node.style.fontWeight = '700';
  if (spec.color) node.style.color = spec.color;
  if (spec.style === 'italic') node.style.fontStyle = 'italic';
  if (spec.decoration === 'line-through') node.style.textDecoration = 'line-through';
  if (spec.decoration === 'underline') node.style.textDecoration = 'underline';
}

function renderButton(button, onAction) {
  const node = el('button', `flex-button ${button.style ?? 'link'}${button.height === 'sm' ? ' small' : ''}`);
  node.type = 'button';
  node.textContent = button.action?.label ?? '';
  if (button.color) node.style[button.style === 'link' ? 'color' : 'backgroundColor'] = button.color;
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    onAction(button.action);
  });
  return node;
}

function renderImage(image) {
  const node = el('img', 'flex-image');
  node.src = image.url;
  node.alt = '';
  if (image.aspectRatio) node.style.aspectRatio = image.aspectRatio.replace(':', ' / ');
  if (image.aspectMode === 'fit') node.style.objectFit = 'contain';
  return node;
}

function renderUnknown(component) {
  const node = el('div', 'flex-text wrap');
  node.textContent = component?.text ?? '';
  return node;
}

/** flex, margin, offsets and a tappable action: what every component shares. */
function applyCommon(node, component, parentLayout, onAction) {
  const horizontal = parentLayout !== 'vertical';
  const grow = component.flex ?? (horizontal && component.type !== 'separator' ? 1 : 0);
  node.style.flex = `${grow} ${grow} ${grow === 0 ? 'auto' : '0'}`;
  const margin = SPACING[component.margin] ?? (typeof component.margin === 'string' && component.margin.endsWith('px') ? parseInt(component.margin, 10) : 0);
  if (margin) node.style[horizontal ? 'marginLeft' : 'marginTop'] = `${margin}px`;
  if (component.gravity && horizontal) node.style.alignSelf = component.gravity === 'bottom' ? 'flex-end' : component.gravity === 'center' ? 'center' : 'flex-start';
  if (component.type === 'separator' && horizontal) Object.assign(node.style, { borderTop: 'none', borderLeft: '1px solid #e2e2e2' });
  if (component.action && component.type !== 'button') clickable(node, component.action, onAction);
}

function clickable(node, action, onAction) {
  node.style.cursor = 'pointer';
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    onAction(action);
  });
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function withColor(node, color) {
  if (color) node.style.borderTopColor = color;
  return node;
}

function sized(node, height) {
  node.style.minHeight = `${height}px`;
  return node;
}

function px(value) {
  return SPACING[value] !== undefined ? `${SPACING[value]}px` : value;
}
