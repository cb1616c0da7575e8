// The playground page: a LINE chat with the bot for one person, on a phone. What the person does goes to the
// server, which sends it to the bot as the LINE platform would (a signed webhook); what the bot sends through
// the Messaging API streams back here and is drawn as LINE draws it.
import { createBrowserSheet } from './browser-sheet.js';
import { createTicker } from './clock.js';
import { createComposer } from './composer.js';
import { confirmSheet } from './confirm-sheet.js';
import { createLightbox } from './lightbox.js';
import { dayLabel, renderBotMessage, renderSystem, renderUserImage, renderUserText } from './messages.js';
import { photoToSend, PhotoRefused } from './photo.js';
import { loadRichMenu } from './rich-menu.js';

const USER_KEY = 'playground.userId';
const TYPING_TIMEOUT_MS = 12_000;

const $ = (id) => document.getElementById(id);
const view = {
  phone: $('phone'),
  chat: $('chat'),
  quickReplies: $('quick-replies'),
  composer: $('composer'),
  text: $('text'),
  menuToggle: $('menu-toggle'),
  addFriend: $('add-friend'),
  richMenu: $('rich-menu'),
  toast: $('toast'),
};

let userId = '';
let lastDay = '';
let following = false;
let typing;
let startingOver = false;

const browserSheet = createBrowserSheet();
const lightbox = createLightbox();
const ticker = createTicker({ panel: $('clock-now'), statusBar: $('phone-clock'), nextReminder: $('clock-next'), ahead: $('clock-ahead'), backToNow: $('back-to-now') });
const composer = createComposer({
  phone: view.phone,
  form: view.composer,
  text: view.text,
  toggle: view.menuToggle,
  richMenu: view.richMenu,
  onSend: (text) => void act('/messages', { text }),
  onLayout: () => layout(),
});

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
  toast.timer = setTimeout(() => (view.toast.hidden = true), 5000);
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
      return browserSheet.open(action.uri);
    default:
      toast(`「${action.label ?? action.type}」在試玩環境還不能用`);
      return undefined;
  }
}

async function sendPhoto(file) {
  if (!following) return toast('先加入好友，才能傳照片');
  let photo;
  try {
    photo = await photoToSend(file);
  } catch (error) {
    return toast(error instanceof PhotoRefused ? error.message : `沒有送出：${error.message}`);
  }
  showTyping();
  const response = await fetch(`/playground/api/users/${userId}/images`, { method: 'POST', headers: { 'content-type': photo.type }, body: photo });
  if (!response.ok) {
    hideTyping();
    toast(`沒有送出：${(await response.json().catch(() => ({}))).error ?? response.status}`);
  }
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
    last = renderBotMessage(message, entry.at, { onAction: perform, onOpen: (url) => browserSheet.open(url) });
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
    const row = renderUserImage(entry.imageUrl, entry.at);
    row.querySelector('img')?.addEventListener('load', scrollToEnd, { once: true });
    view.chat.append(row);
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

// ——— The bottom of the phone: add friend, or the message box and the rich menu ———

function setFollowing(value) {
  following = value;
  $('block').hidden = !following;
  layout();
}

function layout() {
  const hasMenu = view.richMenu.childElementCount > 0;
  view.addFriend.hidden = following;
  view.composer.hidden = !following;
  view.menuToggle.hidden = !hasMenu;
  view.richMenu.hidden = !following || !hasMenu || composer.mode() !== 'menu';
  scrollToEnd();
}

async function showRichMenu() {
  const menu = await loadRichMenu({ container: view.richMenu, userId, api, perform });
  view.menuToggle.title = menu?.chatBarText ?? '';
  // LINE opens the menu at first when the channel says so, unless the person is already typing.
  if (menu && document.activeElement !== view.text) composer.setMode(menu.selected ? 'menu' : 'keyboard');
  layout();
}

// ——— Clock, start over and fixture ———

async function clockAction(button, path, body) {
  button.disabled = true;
  let clock;
  try {
    clock = (await api(path, body)).clock;
  } catch (error) {
    toast(`The clock did not move: ${error.message}`);
  } finally {
    button.disabled = false;
  }
  // Last: it decides whether 回到現在 has anything to do.
  if (clock) ticker.set(clock);
}

async function startOver(button) {
  const yes = await confirmSheet({
    title: '要全部重來嗎？',
    text: '所有商店、上傳紀錄、對話和平台模擬器上的資料都會刪除，時鐘也會回到現在。刪除後無法復原。',
    ok: '全部重來',
  });
  if (!yes) return;
  button.disabled = true;
  try {
    await api('/start-over', { confirm: true });
    freshChat();
  } catch (error) {
    button.disabled = false;
    toast(`沒有重來：${error.message}`);
  }
}

/** A new LINE user on a reloaded page: the chat starts as a new follower's would. */
function freshChat() {
  if (startingOver) return;
  startingOver = true;
  localStorage.removeItem(USER_KEY);
  location.reload();
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
  events.addEventListener('clock', (event) => ticker.set(JSON.parse(event.data)));
  events.addEventListener('richmenu', () => void showRichMenu());
  // Another tab started over: this chat's user is gone too.
  events.addEventListener('start-over', freshChat);
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
  ticker.set(state.clock);
  renderFixture(state.fixture);
  userId = await ensureUser();
  view.phone.dataset.userId = userId;
  setFollowing(false);
  connect();
  await showRichMenu();
}

$('follow').addEventListener('click', () => act('/follow', {}));
$('block').addEventListener('click', () => void api(`/users/${userId}/unfollow`, {}).catch((error) => toast(error.message)));
$('pos-photo').addEventListener('click', (event) => void sendPosPhoto(event.currentTarget));
$('photo').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (file) void sendPhoto(file);
});
view.chat.addEventListener('click', (event) => {
  const image = event.target.closest?.('img.image-msg, img.flex-image');
  if (image) lightbox.open(image.dataset.full || image.src, image.alt);
});
$('new-user').addEventListener('click', () => {
  localStorage.removeItem(USER_KEY);
  location.reload();
});
$('back-to-now').addEventListener('click', (event) => void clockAction(event.currentTarget, '/clock/now', {}));
$('start-over').addEventListener('click', (event) => void startOver(event.currentTarget));
for (const button of document.querySelectorAll('[data-jump]')) button.addEventListener('click', () => clockAction(button, '/clock', { jump: button.dataset.jump }));

boot().catch((error) => toast(`Playground failed to start: ${error.message}`));
