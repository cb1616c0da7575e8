import { createServer } from 'node:http';
import { createBot, createIngest, type Bot } from './bot.ts';
import { systemClock } from './clock.ts';
import type { Config, LineChannel } from './config.ts';
import type { Db } from './db/connect.ts';
import { addressUrl, closeServer, listen } from './http/server.ts';
import { startLocalMode } from './local/local-mode.ts';
import type { JobRuntime } from './jobs/runtime.ts';
import { createLogger, type Logger, type ProcessLogger } from './log.ts';
import type { PhotoReader } from './ocr/types.ts';
import {
  credentialKeys,
  databaseInWords,
  jobRuntimeFor,
  lineApiFor,
  loadConfigOrExit,
  onShutdown,
  openDatabase,
  photoReaderFor,
  printStartupSummary,
  processLoggerFor,
  type SummaryLine,
} from './startup.ts';
import { createVault, type Vault } from './vault/vault.ts';

/** Set once the log exists: a failed start-up writes what it logged before the error. */
let processLog: ProcessLogger | undefined;

/**
 * Composition root of `npm start`: config → db → migrate → bot (webhook,
 * conversation, outbox) → http, and the job worker unless RUN_WORKER=false.
 * With PROCESS_EVENTS=false only the webhook's verify → store → acknowledge runs here.
 * Without a LINE channel it starts local mode: the same bot against a simulated
 * LINE (the /playground page) and a simulated e-invoice platform.
 * Whatever it logs while starting is held back until it has said, in plain words, what runs where.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  processLog = processLoggerFor(config);
  const { log } = processLog;
  const db = await openDatabase(config, log);
  const vault = createVault(credentialKeys(config, log));
  if (!config.line) {
    const local = await startLocalMode({ config, log, db, vault });
    onShutdown(log, async () => {
      await local.stop();
      await db.destroy();
    });
    printStartupSummary(processLog, localSummary(config, local.playgroundUrl, local.fixture.portalUrl));
    return;
  }
  if (!config.processEvents) {
    const url = await serveIngest(config, config.line, db, log, vault);
    printStartupSummary(processLog, productionSummary(config, url, false));
    return;
  }
  const photoReader = photoReaderFor(config, log);
  const bot = startBot(config, config.line, { db, log, vault, photoReader }, () => jobs?.kick());
  const jobs: JobRuntime | undefined = config.runWorker
    ? jobRuntimeFor(config, { db, log, clock: systemClock, vault, messagesQueued: () => bot.outbox.kick() })
    : undefined;
  jobs?.start();
  const server = createServer(bot.app);
  const address = await listen(server, config.port, config.host);
  log.info({ url: addressUrl(address), mode: config.mode, worker: Boolean(jobs) }, 'listening');
  log.info({ webhook: `${config.publicBaseUrl}/webhook` }, 'LINE channel configured');
  onShutdown(log, async () => {
    // The server and the jobs stop side by side: neither waits for the other's grace.
    await Promise.all([closeServer(server), jobs?.stop()]);
    await bot.stop();
    await photoReader.close();
    await db.destroy();
  });
  printStartupSummary(processLog, productionSummary(config, addressUrl(address), Boolean(jobs)));
}

/** Local mode in plain words: what to open, what is simulated, where the data goes. */
function localSummary(config: Config, playgroundUrl: string, portalUrl: string): { title: string; lines: SummaryLine[] } {
  const database = databaseInWords(config.databaseUrl);
  return {
    title: 'Blank-invoice bot: local mode',
    lines: [
      {
        text: 'Local mode: no LINE channel is configured, so LINE and the e-invoice platform are simulated on this machine',
        fields: { playground: playgroundUrl, portalSimulator: portalUrl, database, worker: 'this process' },
      },
      { text: `Playground: open ${playgroundUrl} in your browser`, fields: { url: playgroundUrl } },
      { text: `Platform simulator: ${portalUrl} stands in for the e-invoice platform`, fields: { url: portalUrl } },
      { text: `Database: ${database}`, fields: { database } },
      { text: 'Worker: running in this process' },
      { text: 'Real LINE channel: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (see README "Connect a real LINE channel")' },
    ],
  };
}

/** Production in plain words: where it listens, the webhook URL to register, where jobs and events run. */
function productionSummary(config: Config, url: string, workerHere: boolean): { title: string; lines: SummaryLine[] } {
  const webhook = `${config.publicBaseUrl}/webhook`;
  const database = databaseInWords(config.databaseUrl);
  const lines: SummaryLine[] = [
    { text: `Production mode: LINE channel configured, listening on ${url}`, fields: { url, webhook } },
    { text: `Webhook: register ${webhook} as the Webhook URL of the channel (LINE Developers console, Messaging API)`, fields: { webhook } },
    { text: `Database: ${database}`, fields: { database } },
    workerHere
      ? { text: `Worker: running in this process (${config.workerConcurrency} platform jobs at a time)` }
      : { text: 'Worker: not in this process (RUN_WORKER=false): run `npm run worker` beside it' },
  ];
  if (!config.processEvents) {
    lines.push({ text: 'Events: only verified, stored and acknowledged here (PROCESS_EVENTS=false): `npm run worker` answers them' });
  }
  return { title: 'Blank-invoice bot: production', lines };
}

/** PROCESS_EVENTS=false: verify, store, acknowledge; `npm run worker` processes. */
async function serveIngest(config: Config, line: LineChannel, db: Db, log: Logger, vault: Vault): Promise<string> {
  const ingest = createIngest({ db, log, clock: systemClock, vault, channelSecret: line.channelSecret, publicBaseUrl: config.publicBaseUrl });
  const server = createServer(ingest.app);
  const address = await listen(server, config.port, config.host);
  log.info({ url: addressUrl(address), mode: config.mode, processEvents: false }, 'listening (acknowledging only: npm run worker processes the events)');
  log.info({ webhook: `${config.publicBaseUrl}/webhook` }, 'LINE channel configured');
  onShutdown(log, async () => {
    await closeServer(server);
    await ingest.stop();
    await db.destroy();
  });
  return addressUrl(address);
}

interface BotParts {
  readonly db: Db;
  readonly log: Logger;
  readonly vault: Vault;
  readonly photoReader: PhotoReader;
}

function startBot(config: Config, line: LineChannel, { db, log, vault, photoReader }: BotParts, onJobsQueued: () => void): Bot {
  return createBot({
    db,
    log,
    clock: systemClock,
    vault,
    photoReader,
    line: lineApiFor(config, line.channelAccessToken, log),
    channelSecret: line.channelSecret,
    publicBaseUrl: config.publicBaseUrl,
    pushBudget: config.pushBudget,
    onJobsQueued,
  });
}

main().catch((error: unknown) => {
  processLog?.release();
  (processLog?.log ?? createLogger('fatal')).fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
