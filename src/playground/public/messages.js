// One chat row per message: the owner's bubbles on the right, the bot's on the left, as LINE draws them.
import { renderFlex } from './flex.js';

const TIME = new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', hour: '2-digit', minute: '2-digit', hour12: false });
const DAY = new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', month: 'numeric', day: 'numeric', weekday: 'short' });
const URL_IN_TEXT = /(https?:\/\/[^\s，。、）)]+)/g;

export function dayLabel(at) {
  return DAY.format(new Date(at));
}

/** @param {{ onAction: (action: any) => void, onOpen: (url: string) => void }} handlers */
export function renderBotMessage(message, at, handlers) {
  const row = el('div', 'row-bot');
  const avatar = el('span', 'avatar');
  avatar.textContent = '票';
  avatar.setAttribute('aria-hidden', 'true');
  row.append(avatar, renderContent(message, handlers), stamp(at));
  row.dataset.type = message.type;
  return row;
}

export function renderUserText(text, at) {
  const row = el('div', 'row-user');
  const bubble = el('div', 'bubble');
  bubble.textContent = text;
  row.append(bubble, stamp(at));
  return row;
}

/** A photo the person sent: drawn as LINE draws it, the picture itself on the right (a tap opens it full screen). */
export function renderUserImage(url, at) {
  const row = el('div', 'row-user');
  const image = el('img', 'image-msg');
  image.src = url;
  image.alt = '你傳的照片';
  image.dataset.full = url;
  row.append(image, stamp(at));
  return row;
}

export function renderSystem(text) {
  const node = el('div', 'system');
  node.textContent = text;
  return node;
}

function renderContent(message, handlers) {
  switch (message.type) {
    case 'text':
    case 'textV2':
      return textBubble(message.text, handlers);
    case 'image':
      return imageMessage(message);
    case 'flex':
      return renderFlex(message.contents, handlers.onAction);
    case 'template':
      return templateCard(message.template, handlers);
    case 'sticker':
      return textBubble('（貼圖）', handlers);
    default:
      return textBubble(message.altText ?? `（${message.type} 訊息）`, handlers);
  }
}

/** LINE turns addresses in text into links; they open in the in-app browser over the chat. */
function textBubble(text, handlers) {
  const bubble = el('div', 'bubble');
  for (const part of String(text).split(URL_IN_TEXT)) {
    if (/^https?:\/\//.test(part)) {
      const link = el('a');
      link.href = part;
      link.textContent = part;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        handlers.onOpen(part);
      });
      bubble.append(link);
    } else {
      bubble.append(document.createTextNode(part));
    }
  }
  return bubble;
}

/** The preview in the bubble; a tap opens the original full screen (the chat's click handler). */
function imageMessage(message) {
  const image = el('img', 'image-msg');
  image.src = message.previewImageUrl;
  image.alt = '圖片';
  image.dataset.full = message.originalContentUrl;
  return image;
}

function templateCard(template, handlers) {
  const card = el('div', 'template-card');
  if (template.title) card.append(Object.assign(el('div', 'template-title'), { textContent: template.title }));
  card.append(Object.assign(el('div', 'template-text'), { textContent: template.text ?? '' }));
  const actions = el('div', `template-actions${template.type === 'confirm' ? ' confirm' : ''}`);
  for (const action of template.actions ?? []) {
    const button = el('button');
    button.type = 'button';
    button.textContent = action.label ?? '';
    button.addEventListener('click', () => handlers.onAction(action));
    actions.append(button);
  }
  card.append(actions);
  return card;
}

function stamp(at) {
  const node = el('time', 'stamp');
  node.dateTime = at;
  node.textContent = TIME.format(new Date(at));
  return node;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
