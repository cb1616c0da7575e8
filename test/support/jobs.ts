import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REMINDER_SCHEDULE } from '../../src/jobs/reminders.ts';
import { createJobRuntime, type JobRuntime } from '../../src/jobs/runtime.ts';
import { createLogger } from '../../src/log.ts';
import { createPortalSimulator, type LayoutName } from '../../src/sim/portal/index.ts';
import { textOf, type BotMessage } from '../../src/sim/line/index.ts';
import { saveSealedCredentials, storesOf } from '../../src/stores/repository.ts';
import type { Store } from '../../src/db/schema.ts';
import { PortalCredentials, sealCredentials } from '../../src/vault/credentials.ts';
import { startTestBot, type TestBot } from './bot.ts';

export const HOUR = 3_600_000;

export interface JobsHarness {
  readonly t: TestBot;
  readonly jobs: JobRuntime;
  readonly simulator: ReturnType<typeof createPortalSimulator>;
  readonly portalUrl: string;
  /** Registers a store through the chat and stores its platform login (the form itself is tested elsewhere). */
  registerStore(user: string, login: { ubn: string; account: string; password: string }, name?: string): Promise<Store>;
  /**
   * The owner picks the period and confirms these ranges; resolves when the submission is queued,
   * with a cursor from just before 確認上傳 (its reply may already carry the platform's captcha).
   */
  confirmRanges(user: string, ranges: string, periodLabel?: string): Promise<number>;
  /**
   * Once the platform should list the upload, the bot invites the owner to look (「查看結果」, one
   * push) and the owner taps it; resolves with the text up to the check's answer (✅ by default).
   */
  checkResult(user: string, pattern?: RegExp, since?: number): Promise<string>;
  /** The owner answers the latest captcha image the bot sent them (a test that typed other things since). */
  answerLatestCaptcha(user: string): Promise<void>;
  /** Lets the worker and the outbox run until a message since `since` matches; answers captchas unless told not to. */
  waitForText(user: string, since: number, pattern: RegExp, options?: { timeoutMs?: number; answerCaptchas?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The bot, the fake LINE platform, the platform simulator and the job worker,
 * all on one movable clock, with real HTTP and real Chromium between them.
 */
export async function startJobsHarness(options: { verifyDelayMs?: number; layout?: LayoutName; sessionIdleMs?: number } = {}): Promise<JobsHarness> {
  const t = await startTestBot({ publicBaseUrl: 'https://bot.example.test' });
  const layout = options.layout ?? 'classic';
  // The spa layout's loading delays are kept short: the tests measure behaviour, the bench measures time.
  const simulator = createPortalSimulator({
    now: () => t.clock.now(),
    layout,
    ...(layout === 'spa' ? { loadingMs: { min: 20, max: 120 } } : {}),
    ...(options.sessionIdleMs ? { sessionIdleMs: options.sessionIdleMs } : {}),
  });
  const portal = await simulator.listen(0);
  const jobs = createJobRuntime({
    db: t.database.db,
    log: createLogger(process.env.JOBS_LOG_LEVEL ?? 'silent'),
    clock: t.clock,
    vault: t.vault,
    publicBaseUrl: t.publicBaseUrl,
    portalBaseUrl: portal.url,
    chromiumPath: process.env.CHROMIUM_PATH,
    portalHeaded: false,
    dataDir: mkdtempSync(join(tmpdir(), 'jobs-data-')),
    verifyDelayMs: options.verifyDelayMs ?? 2 * HOUR,
    pushBudget: 200,
    reminderSchedule: DEFAULT_REMINDER_SCHEDULE,
    concurrency: 1,
    paceMs: 0,
    pollMs: 100,
    // The tests jump the clock by hours; a lease measured on that clock must outlast the jumps.
    leaseMs: 48 * HOUR,
    messagesQueued: () => t.bot.outbox.kick(),
  });
  jobs.worker.start();

  /** The owner reads an image and types its digits (the simulator tells the answer for those exact bytes). */
  const answerImage = async (user: string, url: string) => {
    const bytes = Buffer.from(await (await fetch(t.localUrl(url))).arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { answer } = (await (await fetch(`${portal.url}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
    await t.fake.sendText(user, answer);
    await t.bot.settle();
  };
  const answered = new Set<string>();
  /**
   * What an owner does when a captcha is shown to them: read the newest image they were sent
   * (as a reply to their tap or as a push) and answer it, once.
   */
  const answerOpenCaptcha = async (user: string) => {
    const shown = await t.database.db.selectFrom('captcha_requests').select('id').where('line_user_id', '=', user).where('status', '=', 'waiting').executeTakeFirst();
    if (!shown) return false;
    const all = await t.fake.waitForMessages(user, 0, { since: 0 });
    const image = [...all].reverse().find((m): m is Extract<BotMessage, { type: 'image' }> => m.type === 'image' && /\/images\//.test(m.originalContentUrl));
    if (!image || answered.has(image.originalContentUrl)) return false;
    answered.add(image.originalContentUrl);
    await answerImage(user, image.originalContentUrl);
    return true;
  };

  const harness: JobsHarness = {
    t,
    jobs,
    simulator,
    portalUrl: portal.url,
    async registerStore(user, login, name = '小林咖啡') {
      await t.follow(user);
      await t.tap(user, '設定我的商店');
      await t.say(user, login.ubn);
      await t.tap(user, '不是');
      await t.tap(user, '一般稅額計算');
      await t.say(user, name);
      const store = (await storesOf(t.database.db, user)).find((s) => s.display_name === name) as Store;
      await saveSealedCredentials(t.database.db, store.id, sealCredentials(t.vault, store.id, new PortalCredentials(login.ubn, login.account, login.password)), t.clock.now());
      return store;
    },
    async confirmRanges(user, ranges, periodLabel = '115年9-10月') {
      await t.tap(user, '上傳空白發票');
      await t.tap(user, periodLabel);
      await t.say(user, ranges);
      const since = t.fake.mark(user);
      await t.tap(user, '確認上傳');
      return since;
    },
    async checkResult(user, pattern = /✅ 平台已查到/, since = t.fake.mark(user)) {
      await harness.waitForText(user, since, /平台應該處理好了/, { answerCaptchas: false });
      await t.fake.tap(user, '查看結果');
      await t.bot.settle();
      return harness.waitForText(user, since, pattern);
    },
    async answerLatestCaptcha(user) {
      if (!(await answerOpenCaptcha(user))) throw new Error(`no unanswered captcha is shown to ${user}`);
    },
    async waitForText(user, since, pattern, { timeoutMs = 30_000, answerCaptchas = true } = {}) {
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      for (;;) {
        harness.jobs.kick();
        await t.bot.outbox.deliverDue();
        // Wait for something new, so this loop never spins while the worker needs the CPU.
        const arrived = await t.fake.waitForMessages(user, seen + 1, { since, timeoutMs: 250 }).catch(() => null);
        if (arrived) {
          seen = arrived.length;
          const text = arrived.map((m) => textOf(m)).join('\n');
          if (pattern.test(text)) return text;
        }
        if (answerCaptchas) await answerOpenCaptcha(user);
        if (Date.now() > deadline) {
          const all = await t.fake.waitForMessages(user, 0, { since });
          throw new Error(`no message matching ${String(pattern)} for ${user}; got:\n${all.map((m) => textOf(m)).join('\n')}`);
        }
      }
    },
    async stop() {
      await jobs.stop();
      await portal.close();
      await t.stop();
    },
  };
  return harness;
}
