// What a store's period costs: billed pushes (LINE counts one push request as one message) and
// the owner's actions, on the normal path — reminder → numbers → 確認上傳 → captcha → 已送出 →
// 「平台應該處理好了」 → 查看結果 → captcha → ✅ — with the real bot, fake LINE, simulator and Chromium.
import { HOUR, startJobsHarness } from '../test/support/jobs.ts';
import type { BenchRow } from './table.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const STORES = 3;

export async function choreBench(): Promise<BenchRow[]> {
  const h = await startJobsHarness({ layout: 'spa' });
  try {
    h.t.clock.set(new Date('2026-11-01T01:59:00Z')); // a minute before the first reminder (Taipei 09:59)
    const owners = Array.from({ length: STORES }, (_, i) => `U-bench-chore-${i}`);
    for (const owner of owners) await h.registerStore(owner, COFFEE, `商店${owner.slice(-1)}`);
    const start = new Map(owners.map((owner) => [owner, h.t.fake.conversation(owner).length]));
    let actions = 0;
    const act = async <T>(work: () => Promise<T>) => ((actions += 1), work());

    h.t.clock.advance(60_000);
    await h.jobs.reminders.tick();
    for (const [i, owner] of owners.entries()) {
      await h.waitForText(owner, 0, /空白發票要上傳了/, { answerCaptchas: false });
      await act(() => h.t.tap(owner, '開始上傳'));
      await act(() => h.t.say(owner, `MM1693${7000 + i * 100}-1693${7049 + i * 100}`));
      const since = h.t.fake.mark(owner);
      await act(() => h.t.fake.tap(owner, '確認上傳').then(() => h.t.bot.settle()));
      actions += 1; // the captcha digits, typed by the harness as the owner
      await h.waitForText(owner, since, /已送出 ✔/);
    }
    const beforeInvitations = new Map(owners.map((owner) => [owner, h.t.fake.mark(owner)]));
    h.t.clock.advance(2 * HOUR + 60_000);
    for (const owner of owners) {
      actions += 2; // 查看結果 and the captcha digits
      await h.checkResult(owner, undefined, beforeInvitations.get(owner));
    }
    const kinds = owners.map((owner) => {
      const bot = h.t.fake.conversation(owner).slice(start.get(owner)).filter((entry) => entry.from === 'bot');
      return { pushes: bot.filter((entry) => entry.kind === 'push').length, replies: bot.filter((entry) => entry.kind === 'reply').length };
    });
    const pushes = kinds.reduce((sum, k) => sum + k.pushes, 0) / STORES;
    const replies = kinds.reduce((sum, k) => sum + k.replies, 0) / STORES;
    return [
      { section: 'chore', metric: `billed pushes per store per period, reminder included (normal path, ${STORES} stores)`, value: pushes.toFixed(1), target: '≤ 2' },
      { section: 'chore', metric: 'free replies per store per period', value: replies.toFixed(1) },
      { section: 'chore', metric: 'owner actions per period (taps + messages)', value: (actions / STORES).toFixed(1) },
      { section: 'chore', metric: 'stores on the Taiwan free plan (200 pushes a month, 1 period in 2 months)', value: String(Math.floor(200 / (pushes / 2))) },
    ];
  } finally {
    await h.stop();
  }
}
