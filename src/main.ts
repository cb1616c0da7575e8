import type { Server } from 'node:http';
import { createBot, type Bot } from './bot.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig, type Config, type LineChannel } from './config.ts';
import { connectDatabase, type Db } from './db/connect.ts';
import { createLineApi } from './line/line-api.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger, type Logger } from './log.ts';
import { loadOrCreateDevelopmentKey } from './vault/development-key.ts';
import type { KeyRing } from './vault/key-ring.ts';
import { createVault } from './vault/vault.ts';

/** Composition root: config → db → migrate → bot (webhook, conversation, outbox) → http. Nothing else lives here. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  const db = connectDatabase(config.databaseUrl);
  const applied = await migrateToLatest(db);
  log.info({ database: config.databaseUrl, applied: applied.length }, 'database ready');

  const keyRing = credentialKeys(config, log);
  const bot = config.line ? startBot(config, config.line, db, log, keyRing) : undefined;
  const app = bot?.app ?? createHttpApp({ db, log });
  const server = app.listen(config.port, config.host, () => {
    log.info({ url: listeningUrl(server), mode: config.mode }, 'listening');
    reportLineConnection(config, log);
  });
  onShutdown(log, async () => {
    await closeServer(server);
    await bot?.stop();
    await db.destroy();
  });
}

function startBot(config: Config, line: LineChannel, db: Db, log: Logger, keyRing: KeyRing): Bot {
  return createBot({
    db,
    log,
    clock: systemClock,
    vault: createVault(keyRing),
    line: createLineApi({ channelAccessToken: line.channelAccessToken, apiBaseUrl: config.lineApiBaseUrl, log }),
    channelSecret: line.channelSecret,
    publicBaseUrl: config.publicBaseUrl,
    pushBudget: config.pushBudget,
  });
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    process.exit(1);
  }
}

function credentialKeys(config: Config, log: Logger): KeyRing {
  if (config.credentialKeys) return config.credentialKeys;
  const { keyRing, created, path } = loadOrCreateDevelopmentKey(config.dataDir);
  log.warn({ path, created }, 'CREDENTIALS_KEY is not set: using a development key kept in the data folder (never do this in production)');
  return keyRing;
}

function reportLineConnection(config: Config, log: Logger): void {
  if (config.line) {
    log.info({ webhook: `${config.publicBaseUrl}/webhook` }, 'LINE channel configured');
    return;
  }
  log.warn(
    'Local mode: no LINE channel connected. To connect one, set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN ' +
      '(LINE Developers console), PUBLIC_BASE_URL (the https address LINE can reach), and set the webhook URL ' +
      'to PUBLIC_BASE_URL/webhook. See README "Connect a real LINE channel".',
  );
}

function onShutdown(log: Logger, close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function listeningUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

main().catch((error: unknown) => {
  createLogger('fatal').fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
