import type { Clock } from './clock.ts';
import { ConfigError, databaseKindOf, loadConfig, redactDatabaseUrl, sqlitePath, type Config } from './config.ts';
import { connectDatabase, type Db } from './db/connect.ts';
import { dialectOf } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { parseReminderSchedule, type ReminderSchedule } from './jobs/reminders.ts';
import { createJobRuntime, type JobRuntime } from './jobs/runtime.ts';
import { createLineApi, type LineApi } from './line/line-api.ts';
import { chooseLogFormat, createProcessLogger, type Logger, type ProcessLogger } from './log.ts';
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

/** However a shutdown goes, the process is gone this long after the signal. */
export const SHUTDOWN_DEADLINE_MS = 5_000;

/**
 * SIGTERM (a host stopping the process) and SIGINT (Ctrl+C) both close everything and exit 0. Whatever
 * hangs, the process exits (code 1, with a warning) SHUTDOWN_DEADLINE_MS after the signal: a job it
 * still held then is taken over by another worker once its lease expires. Signals during the shutdown
 * change nothing (a terminal's Ctrl+C reaches both npm and node).
 */
export function onShutdown(log: Logger, close: () => Promise<void>, options: { readonly deadlineMs?: number } = {}): void {
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    const began = Date.now();
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.warn({ signal, deadlineMs }, `shutdown did not finish within ${deadlineMs} ms: exiting anyway`);
      process.exit(1);
    }, deadlineMs);
    close().then(
      () => {
        log.info({ signal, elapsedMs: Date.now() - began }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Start-up logs are held at most this long for the summary to come first (see printStartupSummary). */
const HOLD_START_UP_LOGS_MS = 5_000;

/**
 * The log of `npm start` and `npm run worker`: JSON, or readable lines at a terminal in local mode
 * (LOG_FORMAT overrides, see chooseLogFormat). Its lines are held until printStartupSummary.
 */
export function processLoggerFor(config: Config, stdout: { readonly isTTY?: boolean } = process.stdout): ProcessLogger {
  const choice = chooseLogFormat({ setting: process.env.LOG_FORMAT, isTTY: Boolean(stdout.isTTY), localMode: !config.line });
  const processLog = createProcessLogger(config.logLevel, choice.format, { holdAtMostMs: HOLD_START_UP_LOGS_MS });
  if (choice.problem) processLog.log.warn(choice.problem);
  return processLog;
}

/** One line of the start-up summary: plain words for a person, fields for a machine reading the JSON log. */
export interface SummaryLine {
  readonly text: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * The first lines a start prints: what runs where and what to open. Each is a log record (with its
 * fields in JSON; in pretty output the words say it all); at a terminal a short plain banner comes
 * first. Then the lines start-up logged meanwhile are let through.
 */
export function printStartupSummary(
  processLog: ProcessLogger,
  summary: { readonly title: string; readonly lines: readonly SummaryLine[] },
  stdout: { readonly isTTY?: boolean; write(text: string): unknown } = process.stdout,
): void {
  const pretty = processLog.format === 'pretty';
  processLog.release(() => {
    if (pretty && stdout.isTTY) stdout.write(startupBanner(summary.title));
    for (const line of summary.lines) processLog.log.info(pretty ? {} : { ...line.fields }, line.text);
  });
}

export function startupBanner(title: string): string {
  const rule = '-'.repeat(Math.max(40, title.length + 4));
  return `\n${rule}\n  ${title}\n  Stop it with Ctrl+C.\n${rule}\n\n`;
}

/** DATABASE_URL in words, without its password: "sqlite file ./data/bot.db", "PostgreSQL database bot on db:5432". */
export function databaseInWords(databaseUrl: string): string {
  if (databaseKindOf(databaseUrl) !== 'postgres') {
    const path = sqlitePath(databaseUrl);
    return path === ':memory:' ? 'sqlite in memory (gone when the process stops)' : `sqlite file ${path}`;
  }
  try {
    const url = new URL(databaseUrl);
    const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
    return `PostgreSQL database ${name} on ${url.hostname}:${url.port || '5432'}`;
  } catch {
    return `PostgreSQL ${redactDatabaseUrl(databaseUrl)}`;
  }
}
