import type { Clock } from './clock.ts';
import { ConfigError, loadConfig, redactDatabaseUrl, type Config } from './config.ts';
import { connectDatabase, type Db } from './db/connect.ts';
import { dialectOf } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { parseReminderSchedule, type ReminderSchedule } from './jobs/reminders.ts';
import { createJobRuntime, type JobRuntime } from './jobs/runtime.ts';
import { createLineApi, type LineApi } from './line/line-api.ts';
import type { Logger } from './log.ts';
import { createPhotoReader } from './ocr/index.ts';
import type { PhotoReader } from './ocr/types.ts';
import { retentionSettingsOf } from './retention/settings.ts';
import { loadOrCreateDevelopmentKey } from './vault/development-key.ts';
import type { KeyRing } from './vault/key-ring.ts';
import type { Vault } from './vault/vault.ts';

/** What `npm start` and `npm run worker` both do before they differ. */

export function loadConfigOrExit(): Config {
  try {
    const config = loadConfig();
    const schedule = parseReminderSchedule(config.reminderDays, config.reminderTime);
    if (!schedule.ok) throw new ConfigError(schedule.problems);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    process.exit(1);
  }
}

export async function openDatabase(config: Config, log: Logger): Promise<Db> {
  const db = connectDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const applied = await migrateToLatest(db);
  log.info({ database: redactDatabaseUrl(config.databaseUrl), engine: dialectOf(db), applied: applied.length }, 'database ready');
  return db;
}

/**
 * CREDENTIALS_KEY, or in local mode only a development key kept in the data folder. With a LINE channel
 * or NODE_ENV=production there is no fallback: real owners' passwords are never sealed with a key that
 * sits next to the database (loadConfig refuses such a configuration first; this is the last guard).
 */
export function credentialKeys(config: Config, log: Logger): KeyRing {
  if (config.credentialKeys) return config.credentialKeys;
  if (config.line || config.mode === 'production') {
    throw new ConfigError([
      'CREDENTIALS_KEY is required when a LINE channel is configured or NODE_ENV=production: generate one with `npm run generate-key`, keep it in your secret store and set CREDENTIALS_KEY to it.',
    ]);
  }
  const { keyRing, created, path } = loadOrCreateDevelopmentKey(config.dataDir);
  log.warn({ path, created }, 'CREDENTIALS_KEY is not set: using a development key kept in the data folder (never do this in production)');
  return keyRing;
}

export interface JobRuntimeDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly vault: Vault;
  readonly messagesQueued?: () => void;
  readonly httpImagesShown?: boolean;
}

/** REMINDER_DAYS and REMINDER_TIME, parsed (loadConfigOrExit has already refused bad ones). */
export function reminderScheduleOf(config: Config): ReminderSchedule {
  const schedule = parseReminderSchedule(config.reminderDays, config.reminderTime);
  if (!schedule.ok) throw new ConfigError(schedule.problems);
  return schedule.schedule;
}

export function jobRuntimeFor(config: Config, deps: JobRuntimeDeps): JobRuntime {
  return createJobRuntime({
    ...deps,
    publicBaseUrl: config.publicBaseUrl,
    portalBaseUrl: config.portalBaseUrl,
    chromiumPath: config.chromiumPath,
    portalHeaded: config.portalHeaded,
    dataDir: config.dataDir,
    verifyDelayMs: config.verifyDelayMs,
    pushBudget: config.pushBudget,
    reminderSchedule: reminderScheduleOf(config),
    concurrency: config.workerConcurrency,
    leaseMs: config.jobLeaseMs,
    // Real owners (a LINE channel) mean the real platform: go at a person's pace, whatever NODE_ENV says.
    paceMs: config.mode === 'production' || config.line ? 300 : 0,
    retention: retentionSettingsOf(config),
  });
}

/** The LINE client of a process with a LINE channel: the Messaging API and, for photos, the data API. */
export function lineApiFor(config: Config, channelAccessToken: string, log: Logger): LineApi {
  return createLineApi({ channelAccessToken, apiBaseUrl: config.lineApiBaseUrl, dataApiBaseUrl: config.lineDataApiBaseUrl, log });
}

/**
 * One photo reader per process that answers owners: its OCR workers start on the first photo and
 * serve every photo after. Close it on shutdown, after the bot has stopped taking events.
 */
export function photoReaderFor(config: Config, log: Logger): PhotoReader {
  return createPhotoReader({ log, dataDir: config.dataDir });
}

export function onShutdown(log: Logger, close: () => Promise<void>): void {
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
