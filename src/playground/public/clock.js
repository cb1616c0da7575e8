// The bot's simulated time, ticking in the page. The server says what time it is for the bot (real time plus
// the playground's offset); the page keeps the difference from its own clock and ticks locally every second.
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const HOUR_MS = 3_600_000;

/** @param {{ panel: HTMLElement, statusBar: HTMLElement, nextReminder: HTMLElement, ahead: HTMLElement, backToNow: HTMLButtonElement }} view */
export function createTicker(view) {
  let skewMs = 0;
  let timer;

  function render() {
    const now = taipei(new Date(Date.now() + skewMs));
    view.panel.textContent = `${now.date} ${now.time}`;
    view.statusBar.textContent = now.time.slice(0, 5);
    view.statusBar.dateTime = now.iso;
  }

  /** Ticks on the second boundary of the bot's time, so the seconds change when the bot's do. */
  function schedule() {
    clearTimeout(timer);
    const untilNextSecond = 1000 - ((Date.now() + skewMs) % 1000);
    timer = setTimeout(() => {
      render();
      schedule();
    }, untilNextSecond + 5);
  }

  return {
    /** A clock view from the server: { now, offsetMs, nextReminder }. */
    set(clock) {
      skewMs = Date.parse(clock.now) - Date.now();
      view.nextReminder.textContent = clock.nextReminder;
      showAhead(view, clock.offsetMs);
      render();
      schedule();
    },
  };
}

/** Going back in time leaves what was made "in the future" as it is: say so, and point at 全部重來. */
function showAhead(view, offsetMs) {
  view.backToNow.disabled = offsetMs === 0;
  view.ahead.hidden = offsetMs === 0;
  view.ahead.textContent =
    offsetMs === 0
      ? ''
      : `時鐘比現在快了${aheadText(offsetMs)}。回到現在後，在「未來」建立的提醒和上傳紀錄不會消失，可能和時間對不上；想乾淨地重新開始，請按「全部重來」。`;
}

function aheadText(offsetMs) {
  const hours = Math.round(offsetMs / HOUR_MS);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (hours < 1) return '不到 1 小時';
  return `${days > 0 ? ` ${days} 天` : ''}${rest > 0 ? ` ${rest} 小時` : ''}`;
}

function taipei(date) {
  const part = Object.fromEntries(PARTS.formatToParts(date).map(({ type, value }) => [type, value]));
  const dateText = `${part.year}-${part.month}-${part.day}`;
  const time = `${part.hour}:${part.minute}:${part.second}`;
  return { date: dateText, time, iso: date.toISOString() };
}
