// The playground page: a LINE chat with the bot for one person. What the person does goes to the server,
// which sends it to the bot as the LINE platform would (a signed webhook); what the bot sends through the
// Messaging API streams back here and is drawn as LINE draws it.
import { dayLabel, renderBotMessage, renderSystem, renderUserImage, renderUserText } from './messages.js';

const USER_KEY = 'playground.userId';
const TYPING_TIMEOUT_MS = 12_000;

const $ = (id) => document.getElementById(id);
const view = {
  chat: $('chat'),
  quickReplies: $('quick-replies'),
  composer: $('composer'),
  text: $('text'),
  addFriend: $('add-friend'),
  richMenu: $('rich-menu'),
  chatBar: $('chat-bar'),
  browser: $('browser'),
  browserFrame: $('browser-frame'),
  browserTab: $('browser-tab'),
  toast: $('toast'),
};

let userId = '';
let lastDay = '';
let following = false;
let typing;

async function api(path, body) {
  const response = await fetch(`/playground/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

function toast(text) {
  view.toast.textContent = text;
  view.toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (view.toast.hidden = true), 4000);
}

// ——— What the person does ———

async function act(path, body) {
  showTyping();
  try {
    await api(`/users/${userId}${path}`, body);
  } catch (error) {
    hideTyping();
    toast(`沒有送出：${error.message}`);
  }
}

function perform(action) {
  if (!action) return;
  switch (action.type) {
    case 'message':
      return act('/actions', { type: 'message', text: action.text });
    case 'postback':
      return act('/actions', { type: 'postback', data: action.data ?? '', ...(action.displayText ? { displayText: action.displayText } : {}) });
    case 'datetimepicker': {
      const mode = action.mode ?? 'datetime';
      const picked = prompt(`選擇${mode === 'date' ? '日期 (YYYY-MM-DD)' : mode === 'time' ? '時間 (HH:mm)' : '日期時間 (YYYY-MM-DDTHH:mm)'}`, action.initial ?? '');
      if (picked) return act('/actions', { type: 'postback', data: action.data ?? '', params: { [mode]: picked } });
      return undefined;
    }
    case 'uri':
      return openBrowser(action.uri);
    default:
      toast(`「${action.label ?? action.type}」在試玩環境還不能用`);
      return undefined;
  }
}

function openBrowser(url) {
  view.browser.hidden = false;
  view.browserFrame.src = url;
  view.browserTab.href = url;
  view.browser.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

// ——— What the bot sends ———

function addEntry(entry) {
  const day = dayLabel(entry.at);
  if (day !== lastDay) {
    lastDay = day;
    view.chat.append(Object.assign(document.createElement('div'), { className: 'day', textContent: day }));
  }
  if (entry.from === 'bot') addBotMessages(entry);
  else addUserEntry(entry);
  scrollToEnd();
}

function scrollToEnd() {
  view.chat.scrollTop = view.chat.scrollHeight;
}

function addBotMessages(entry) {
  hideTyping();
  let last;
  for (const message of entry.messages) {
    last = renderBotMessage(message, entry.at, { onAction: perform, onOpen: openBrowser });
    // An image gets its height only once loaded: keep the newest message in view.
    for (const image of last.querySelectorAll('img')) image.addEventListener('load', scrollToEnd, { once: true });
    view.chat.append(last);
  }
  if (last) last.append(deliveryBadge(entry.kind));
  showQuickReplies(entry.messages.at(-1)?.quickReply?.items ?? []);
}

/** How LINE delivered this request: a reply is free, a push is billed (one message per request). */
function deliveryBadge(kind) {
  const push = kind === 'push';
  const badge = Object.assign(document.createElement('span'), {
    className: `delivery ${push ? 'delivery-push' : 'delivery-reply'}`,
    textContent: push ? 'push · billed' : 'reply · free',
  });
  badge.title = push ? 'Pushed message: counts against the monthly quota (one per request)' : 'Reply to what the owner did: free';
  return badge;
}

function addUserEntry(entry) {
  showQuickReplies([]);
  if (entry.kind === 'follow') {
    view.chat.append(renderSystem('你已將「空白發票小幫手」加入好友'));
    setFollowing(true);
  } else if (entry.kind === 'unfollow') {
    view.chat.append(renderSystem('你已封鎖「空白發票小幫手」'));
    setFollowing(false);
  } else if (entry.messageType === 'image' && entry.imageUrl) {
    const row = renderUserImage(entry.imageUrl, entry.at, openBrowser);
    row.querySelector('img')?.addEventListener('load', scrollToEnd, { once: true });
    view.chat.append(row);
  } else if (entry.messageType === 'image') {
    view.chat.append(renderUserText('📷 照片', entry.at));
  } else if (entry.text) {
    view.chat.append(renderUserText(entry.text, entry.at));
  }
}

function showQuickReplies(items) {
  view.quickReplies.replaceChildren(
    ...items.map((item) => {
      const chip = Object.assign(document.createElement('button'), { type: 'button', className: 'quick-reply', textContent: item.action?.label ?? '' });
      chip.addEventListener('click', () => perform(item.action));
      return chip;
    }),
  );
}

function showTyping() {
  hideTyping();
  typing = Object.assign(document.createElement('div'), { className: 'typing', textContent: '•••' });
  typing.setAttribute('aria-label', '對方正在輸入');
  view.chat.append(typing);
  scrollToEnd();
  typing.timer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
}

function hideTyping() {
  if (!typing) return;
  clearTimeout(typing.timer);
  typing.remove();
  typing = undefined;
}

function setFollowing(value) {
  following = value;
  view.addFriend.hidden = following;
  view.composer.hidden = !following;
  view.richMenu.hidden = !following || view.chatBar.getAttribute('aria-expanded') !== 'true' || view.richMenu.childElementCount === 0;
  view.chatBar.hidden = !following || view.richMenu.childElementCount === 0;
  $('block').hidden = !following;
}

// ——— Rich menu ———

async function loadRichMenu() {
  const { richMenu } = await api(`/users/${userId}/rich-menu`);
  if (!richMenu) return;
  const image = Object.assign(document.createElement('img'), { src: `/playground/api/users/${userId}/rich-menu/image?v=${richMenu.richMenuId}`, alt: '' });
  const areas = richMenu.areas.map((area) => richMenuArea(area, richMenu.size));
  view.richMenu.replaceChildren(image, ...areas);
  view.chatBar.textContent = `${richMenu.chatBarText} ▾`;
  view.chatBar.setAttribute('aria-expanded', String(richMenu.selected));
  setFollowing(following);
}

function richMenuArea(area, size) {
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

function toggleRichMenu() {
  const open = view.chatBar.getAttribute('aria-expanded') !== 'true';
  view.chatBar.setAttribute('aria-expanded', String(open));
  view.chatBar.textContent = view.chatBar.textContent.replace(/[▾▴]$/, open ? '▾' : '▴');
  setFollowing(following);
}

// ——— Clock and fixture ———

function renderClock(clock) {
  $('clock-now').textContent = clock.taipei;
  $('clock-next').textContent = clock.nextReminder;
  $('phone-clock').textContent = clock.taipei.slice(11);
}

async function jump(kind, button) {
  button.disabled = true;
  try {
    renderClock((await api('/clock', { jump: kind })).clock);
  } catch (error) {
    toast(`The clock did not move: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

function renderFixture(fixture) {
  const rows = [
    ['Store', fixture.storeName],
    ['統一編號', fixture.ubn],
    ['Account', fixture.account],
    ['Password', fixture.password],
    ['Blank ranges', fixture.ranges.join('\n')],
    ['Simulator', fixture.portalUrl],
  ];
  $('fixture').replaceChildren(
    ...rows.flatMap(([term, value]) => [
      Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: value, style: 'white-space: pre-line' }),
    ]),
  );
}

// ——— Start ———

function connect() {
  const events = new EventSource(`/playground/api/users/${userId}/stream`);
  // Each connection starts with the whole conversation, so a reconnect redraws instead of repeating.
  events.addEventListener('open', () => {
    view.chat.replaceChildren();
    lastDay = '';
  });
  events.addEventListener('entry', (event) => addEntry(JSON.parse(event.data)));
  events.addEventListener('ready', () => document.body.setAttribute('data-ready', 'true'));
  events.addEventListener('clock', (event) => renderClock(JSON.parse(event.data)));
  events.addEventListener('richmenu', () => void loadRichMenu());
}

async function ensureUser() {
  const saved = localStorage.getItem(USER_KEY);
  if (saved && /^U[0-9a-f]{32}$/.test(saved)) return saved;
  const { userId: created } = await api('/users', {});
  localStorage.setItem(USER_KEY, created);
  return created;
}

async function boot() {
  const state = await api('/state');
  // The credential form may only be framed by its own origin: be on the address the bot gives out.
  const home = new URL(state.publicBaseUrl);
  if (home.origin !== location.origin) return location.replace(`${home.origin}/playground`);
  renderClock(state.clock);
  renderFixture(state.fixture);
  userId = await ensureUser();
  setFollowing(false);
  connect();
  await loadRichMenu();
}

$('follow').addEventListener('click', () => act('/follow', {}));
$('block').addEventListener('click', () => void api(`/users/${userId}/unfollow`, {}).catch((error) => toast(error.message)));
/** A photo of a made-up POS screen, sent as the owner's image message; its true blank ranges shown beside. */
async function sendPosPhoto(button) {
  if (!following) return toast('先加入好友，才能傳照片');
  button.disabled = true;
  $('pos-photo-truth').textContent = 'Drawing a POS screen and photographing it…';
  try {
    const sent = await api(`/users/${userId}/pos-photos`, {});
    showTyping();
    $('pos-photo-truth').textContent = sent.blank.length > 0 ? `Blank ranges on it:\n${sent.blank.join('\n')}` : 'No blank ranges on it (all used).';
  } catch (error) {
    $('pos-photo-truth').textContent = '';
    toast(`沒有送出：${error.message}`);
  } finally {
    button.disabled = false;
  }
}

$('pos-photo').addEventListener('click', (event) => void sendPosPhoto(event.currentTarget));
$('photo').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  showTyping();
  const response = await fetch(`/playground/api/users/${userId}/images`, { method: 'POST', headers: { 'content-type': file.type }, body: file });
  if (!response.ok) {
    hideTyping();
    toast(`沒有送出：${(await response.json().catch(() => ({}))).error ?? response.status}`);
  }
});
view.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.text.value.trim();
  if (!text) return;
  view.text.value = '';
  void act('/messages', { text });
});
view.chatBar.addEventListener('click', toggleRichMenu);
$('browser-close').addEventListener('click', () => {
  view.browser.hidden = true;
  view.browserFrame.src = 'about:blank';
});
$('new-user').addEventListener('click', async () => {
  localStorage.removeItem(USER_KEY);
  location.reload();
});
for (const button of document.querySelectorAll('[data-jump]')) button.addEventListener('click', () => jump(button.dataset.jump, button));

boot().catch((error) => toast(`Playground failed to start: ${error.message}`));
