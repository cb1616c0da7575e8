// `npm start` without a LINE channel: the whole product on this machine. The bot runs exactly as in
// production, but LINE is the fake LINE platform (drawn as a chat in the browser at /playground), the
// e-invoice platform is the simulator, and the clock can be moved ahead from the page.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createBot, type Bot } from '../bot.ts';
import { AdjustableClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { addressUrl, closeServer, listen } from '../http/server.ts';
import type { JobRuntime } from '../jobs/runtime.ts';
import { createLineApi } from '../line/line-api.ts';
import type { Logger } from '../log.ts';
import { createClockControl } from '../playground/clock-control.ts';
import { createPlayground, type Playground, type PlaygroundFixture } from '../playground/router.ts';
import { createFakeLinePlatform, type ListeningPlatform } from '../sim/line/index.ts';
import { createPortalSimulator } from '../sim/portal/index.ts';
import { jobRuntimeFor, photoReaderFor, reminderScheduleOf } from '../startup.ts';
import type { Vault } from '../vault/vault.ts';
import { loadClockOffset, saveClockOffset } from './clock-offset.ts';
import { playgroundFixture } from './fixture.ts';
import { installLocalRichMenu } from './rich-menu.ts';
import { createStartOver } from './start-over.ts';

export interface LocalModeDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Db;
  readonly vault: Vault;
}

export interface LocalMode {
  readonly playgroundUrl: string;
  readonly fixture: PlaygroundFixture;
  stop(): Promise<void>;
}

export async function startLocalMode({ config, log, db, vault }: LocalModeDeps): Promise<LocalMode> {
  const clock = new AdjustableClock();
  clock.advance(loadClockOffset(config.dataDir));
  // The platform as it is today: the single-page app, which the driver meets in production.
  const simulator = createPortalSimulator({ now: () => clock.now(), layout: 'spa' });
  const portal = await simulator.listen(0);
  const server = createServer();
  const address = await listen(server, config.port, config.host);
  const publicBaseUrl = config.publicBaseUrlGiven ? config.publicBaseUrl : `http://localhost:${address.port}`;
  const botUrl = addressUrl(address);

  // A fresh secret and token per run: they only tie this process's fake LINE to its bot.
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = createFakeLinePlatform({ channelSecret, channelAccessToken, now: () => clock.now(), httpMediaOrigin: publicBaseUrl });
  const line = await fake.listen(0);
  fake.setWebhookUrl(`${botUrl}/webhook`);

  const localConfig: Config = { ...config, publicBaseUrl, portalBaseUrl: portal.url };
  let jobs: JobRuntime | undefined;
  const clockControl = createClockControl({
    clock,
    db,
    log,
    schedule: reminderScheduleOf(config),
    persistOffset: (offsetMs) => saveClockOffset(config.dataDir, offsetMs),
    afterJump: async () => {
      await jobs?.reminders.tick();
      jobs?.kick();
      bot.outbox.kick();
    },
  });
  const fixture = playgroundFixture(simulator, portal.url);
  const startOver = createStartOver({
    db,
    log,
    clock: clockControl,
    fake,
    simulator,
    reinstallRichMenu: () => installMenu(config, log, line, channelAccessToken),
  });
  const playground = createPlayground({ fake, clock: clockControl, fixture, publicBaseUrl, log, startOver });
  const photoReader = photoReaderFor(config, log);
  const bot: Bot = createBot({
    db,
    log,
    clock,
    vault,
    photoReader,
    // The fake's two hosts, as LINE has two: the photos the playground sends come from its data API.
    line: createLineApi({ channelAccessToken, apiBaseUrl: line.url, dataApiBaseUrl: line.dataUrl, log }),
    channelSecret,
    publicBaseUrl,
    pushBudget: config.pushBudget,
    onJobsQueued: () => jobs?.kick(),
    credentialFormFraming: 'same-origin',
    routers: [playground.router],
  });
  server.on('request', bot.app);
  const messagesQueued = () => bot.outbox.kick();
  jobs = jobRuntimeFor(localConfig, { db, log, clock, vault, messagesQueued, httpImagesShown: true });
  jobs.start();
  if (!config.runWorker) log.info('RUN_WORKER=false does not apply in local mode: the worker runs here, on the playground clock');
  installMenuInBackground(config, log, line, channelAccessToken, playground);

  const playgroundUrl = `${publicBaseUrl}/playground`;
  log.info({ url: botUrl, mode: config.mode, worker: true }, 'listening');
  logWelcome(log, { playgroundUrl, fixture, lineUrl: line.url, clockOffsetMs: clock.offsetMs });
  return {
    playgroundUrl,
    fixture,
    async stop() {
      await closeServer(server, { streams: 'end' });
      await jobs?.stop();
      await bot.stop();
      await photoReader.close();
      await line.close();
      await portal.close();
    },
  };
}

function installMenuInBackground(config: Config, log: Logger, line: ListeningPlatform, channelAccessToken: string, playground: Playground): void {
  void installMenu(config, log, line, channelAccessToken).then(() => playground.richMenuChanged());
}

/** Never rejects: the chat works without the menu. */
async function installMenu(config: Config, log: Logger, line: ListeningPlatform, channelAccessToken: string): Promise<void> {
  try {
    await installLocalRichMenu({ apiBaseUrl: line.url, channelAccessToken, chromiumPath: config.chromiumPath, dataDir: config.dataDir, log });
  } catch (error) {
    log.warn({ err: error }, 'the playground rich menu could not be installed; the chat works without it');
  }
}

// main.ts says first, in plain words, what runs where (startup summary); this adds what only local mode knows.
function logWelcome(log: Logger, facts: { playgroundUrl: string; fixture: PlaygroundFixture; lineUrl: string; clockOffsetMs: number }): void {
  const { fixture } = facts;
  // Fake fixture values of the simulator, printed on purpose so a visitor can fill in the form.
  log.info(
    { fakeLine: facts.lineUrl },
    `Try it: open ${facts.playgroundUrl} — simulator store ${fixture.storeName}, 統一編號 ${fixture.ubn}, ` +
      `platform account ${fixture.account} / ${fixture.password}, blank ranges e.g. ${fixture.ranges.join(' ')}`,
  );
  if (facts.clockOffsetMs > 0) {
    const hours = Math.round(facts.clockOffsetMs / 3_600_000);
    log.warn(
      { clockAheadMs: facts.clockOffsetMs },
      `The playground clock is ${hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`} ahead of real time (kept under DATA_DIR): 回到現在 in the playground puts it back, 全部重來 starts from scratch`,
    );
  }
}
