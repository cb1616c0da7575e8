import { createServer } from 'node:http';
import { createBot, createIngest, type Bot } from './bot.ts';
import { systemClock } from './clock.ts';
import type { Config, LineChannel } from './config.ts';
import type { Db } from './db/connect.ts';
import { addressUrl, closeServer, listen } from './http/server.ts';
import { startLocalMode } from './local/local-mode.ts';
import type { JobRuntime } from './jobs/runtime.ts';
import { createLogger, type Logger } from './log.ts';
import type { PhotoReader } from './ocr/types.ts';
import { credentialKeys, jobRuntimeFor, lineApiFor, loadConfigOrExit, onShutdown, openDatabase, photoReaderFor } from './startup.ts';
import { createVault, type Vault } from './vault/vault.ts';

/**
 * Composition root of `npm start`: config → db → migrate → bot (webhook,
 * conversation, outbox) → http, and the job worker unless RUN_WORKER=false.
 * With PROCESS_EVENTS=false only the webhook's verify → store → acknowledge runs here.
 * Without a LINE channel it starts local mode: the same bot against a simulated
 * LINE (the /playground page) and a simulated e-invoice platform.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, log);
  const vault = createVault(credentialKeys(config, log));
  if (!config.line) {
    const local = await startLocalMode({ config, log, db, vault });
    onShutdown(log, async () => {
      await local.stop();
      await db.destroy();
    });
    return;
  }
  if (!config.processEvents) {
    await serveIngest(config, config.line, db, log, vault);
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
    await closeServer(server);
    await jobs?.stop();
    await bot.stop();
    await photoReader.close();
    await db.destroy();
  });
}

/** PROCESS_EVENTS=false: verify, store, acknowledge; `npm run worker` processes. */
async function serveIngest(config: Config, line: LineChannel, db: Db, log: Logger, vault: Vault): Promise<void> {
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
  createLogger('fatal').fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
