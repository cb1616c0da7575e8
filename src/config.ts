import { existsSync } from 'node:fs';
import { z } from 'zod';
import { parseKeyRing, type KeyRing } from './vault/key-ring.ts';

/**
 * Environment → one frozen, validated Config. Every problem is collected and
 * reported together, each with how to fix it, so an operator fixes them in one go.
 */

export const REAL_PORTAL_URL = 'https://www.einvoice.nat.gov.tw/';
export const DEFAULT_DATABASE_URL = 'sqlite:./data/bot.db';
/** LINE's data API: what users send (photos) is fetched from this host, not from api.line.me. */
export const LINE_DATA_API_URL = 'https://api-data.line.me';

export type RunMode = 'production' | 'development' | 'test';

export interface LineChannel {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
}

export interface Config {
  readonly mode: RunMode;
  readonly port: number;
  /** Interface to listen on: loopback unless in production. */
  readonly host: string;
  readonly publicBaseUrl: string;
  /** False when PUBLIC_BASE_URL was not set and publicBaseUrl is the local default. */
  readonly publicBaseUrlGiven: boolean;
  readonly databaseUrl: string;
  /** null in local mode: no LINE channel is connected. */
  readonly line: LineChannel | null;
  readonly lineApiBaseUrl: string | undefined;
  /** Where the content users send (photos) is fetched: LINE's data API, or a fake's in tests and the playground. */
  readonly lineDataApiBaseUrl: string;
  /** null when no key is configured; local mode then uses a generated development key. */
  readonly credentialKeys: KeyRing | null;
  readonly portalBaseUrl: string;
  readonly chromiumPath: string | undefined;
  readonly logLevel: string;
  readonly dataDir: string;
  /** Our own cap on pushed messages per month (LINE's free plan in Taiwan allows 200). */
  readonly pushBudget: number;
  /** How long after a submission 查詢 is first checked (the platform lists rows after about 2 hours). */
  readonly verifyDelayMs: number;
  /** How long an owner's data is kept after they unfollow (block) the bot, in case they come back. */
  readonly retentionAfterUnfollowMs: number;
  /** REMINDER_DAYS and REMINDER_TIME, as given (parsed by the reminder scheduler). */
  readonly reminderDays: string | undefined;
  readonly reminderTime: string | undefined;
  /** Whether `npm start` also runs the job worker (set false when a separate `npm run worker` runs). */
  readonly runWorker: boolean;
  /** Whether `npm start` processes webhook events and delivers messages (false: it only verifies, stores and acknowledges; `npm run worker` processes). */
  readonly processEvents: boolean;
  readonly workerConcurrency: number;
  /** PostgreSQL connections per process (DATABASE_POOL_SIZE); SQLite uses one. */
  readonly databasePoolSize: number;
  /** How long a worker holds a job without a heartbeat before another may take it over. */
  readonly jobLeaseMs: number;
  /** Run the platform's browser with a window (under Xvfb), in case the platform refuses headless browsers. */
  readonly portalHeaded: boolean;
  /** How long the retention sweep (src/retention/) keeps each kind of data: the RETENTION_* settings. */
  readonly retention: RetentionConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());

const httpUrl = (fix: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => isHttpUrl(value), { message: fix })
      .optional(),
  );

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z
      .enum(['production', 'development', 'test'], {
        message: 'NODE_ENV must be production, development or test (or unset for development).',
      })
      .default('development'),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000.' })
      .int('PORT must be a whole number between 0 and 65535, e.g. PORT=3000.')
      .min(0, 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000.')
      .max(65535, 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000.')
      .default(3000),
  ),
  HOST: optionalText,
  PUBLIC_BASE_URL: httpUrl(
    'PUBLIC_BASE_URL must be an http(s) URL where LINE and owners reach this bot, e.g. https://bot.example.com',
  ),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => databaseKindOf(value) !== undefined, {
        message:
          'DATABASE_URL must be sqlite:./data/bot.db (a file path after "sqlite:") or postgres://user:password@host:5432/database (postgresql:// works too).',
      })
      .default(DEFAULT_DATABASE_URL),
  ),
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  LINE_API_BASE_URL: httpUrl(
    'LINE_API_BASE_URL must be an http(s) URL (only set it to point the bot at a fake LINE platform), e.g. http://127.0.0.1:4000',
  ),
  LINE_DATA_API_BASE_URL: httpUrl(
    `LINE_DATA_API_BASE_URL must be an http(s) URL (only set it to point the bot at a fake LINE platform's data API), e.g. http://127.0.0.1:4001 (default ${LINE_DATA_API_URL})`,
  ),
  CREDENTIALS_KEY: optionalText,
  PORTAL_BASE_URL: httpUrl(
    `PORTAL_BASE_URL must be an http(s) URL of the e-invoice platform, e.g. ${REAL_PORTAL_URL}`,
  ),
  CHROMIUM_PATH: optionalText,
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.',
      })
      .default('info'),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().trim().default('./data')),
  PUSH_BUDGET: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'PUSH_BUDGET must be a whole number of pushed messages per month, e.g. PUSH_BUDGET=200.' })
      .int('PUSH_BUDGET must be a whole number of pushed messages per month, e.g. PUSH_BUDGET=200.')
      .min(0, 'PUSH_BUDGET must be a whole number of pushed messages per month, e.g. PUSH_BUDGET=200.')
      .default(200),
  ),
  VERIFY_DELAY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => parseDuration(value) !== null, {
        message: 'VERIFY_DELAY must be a duration like 2h, 90m, 30s or 500ms (default 2h).',
      })
      .default('2h'),
  ),
  RETENTION_AFTER_UNFOLLOW: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => parseDuration(value) !== null, {
        message: 'RETENTION_AFTER_UNFOLLOW must be a duration like 30d, 72h or 90m (default 30d).',
      })
      .default('30d'),
  ),
  REMINDER_DAYS: optionalText,
  REMINDER_TIME: optionalText,
  RUN_WORKER: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0'], { message: 'RUN_WORKER must be true or false (default true).' }).default('true'),
  ),
  PROCESS_EVENTS: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0'], { message: 'PROCESS_EVENTS must be true or false (default true).' }).default('true'),
  ),
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'DATABASE_POOL_SIZE must be a whole number from 1 to 100 (default 10).' })
      .int('DATABASE_POOL_SIZE must be a whole number from 1 to 100 (default 10).')
      .min(1, 'DATABASE_POOL_SIZE must be a whole number from 1 to 100 (default 10).')
      .max(100, 'DATABASE_POOL_SIZE must be a whole number from 1 to 100 (default 10).')
      .default(10),
  ),
  WORKER_CONCURRENCY: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'WORKER_CONCURRENCY must be a whole number from 1 to 8 (default 2).' })
      .int('WORKER_CONCURRENCY must be a whole number from 1 to 8 (default 2).')
      .min(1, 'WORKER_CONCURRENCY must be a whole number from 1 to 8 (default 2).')
      .max(8, 'WORKER_CONCURRENCY must be a whole number from 1 to 8 (default 2).')
      .default(2),
  ),
  JOB_LEASE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((value) => (parseDuration(value) ?? 0) >= 1000, { message: 'JOB_LEASE must be a duration of at least 1s, like 2m (default 2m).' })
      .default('2m'),
  ),
  PORTAL_HEADED: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0'], { message: 'PORTAL_HEADED must be true or false (default false).' }).default('false'),
  ),
});

type ParsedEnv = z.infer<typeof envSchema>;

export function loadConfig(env: Env = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const problems: string[] = [];
  const values = parsed.data;
  const line = lineChannel(values, problems);
  const credentialKeys = keyRing(values, problems);
  checkChromiumPath(values, problems);
  checkProcessRoles(values, problems);
  const retention = retentionConfig(env, problems);
  if (values.NODE_ENV === 'production' || line !== null) requireProductionSettings(values, credentialKeys, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    mode: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST ?? (values.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    publicBaseUrl: stripTrailingSlash(values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`),
    publicBaseUrlGiven: values.PUBLIC_BASE_URL !== undefined,
    databaseUrl: values.DATABASE_URL,
    line,
    lineApiBaseUrl: values.LINE_API_BASE_URL,
    lineDataApiBaseUrl: stripTrailingSlash(values.LINE_DATA_API_BASE_URL ?? LINE_DATA_API_URL),
    credentialKeys,
    portalBaseUrl: values.PORTAL_BASE_URL ?? REAL_PORTAL_URL,
    chromiumPath: values.CHROMIUM_PATH,
    logLevel: values.LOG_LEVEL,
    dataDir: values.DATA_DIR,
    pushBudget: values.PUSH_BUDGET,
    verifyDelayMs: parseDuration(values.VERIFY_DELAY) as number,
    retentionAfterUnfollowMs: parseDuration(values.RETENTION_AFTER_UNFOLLOW) as number,
    reminderDays: values.REMINDER_DAYS,
    reminderTime: values.REMINDER_TIME,
    runWorker: values.RUN_WORKER === 'true' || values.RUN_WORKER === '1',
    processEvents: values.PROCESS_EVENTS === 'true' || values.PROCESS_EVENTS === '1',
    workerConcurrency: values.WORKER_CONCURRENCY,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    jobLeaseMs: parseDuration(values.JOB_LEASE) as number,
    portalHeaded: values.PORTAL_HEADED === 'true' || values.PORTAL_HEADED === '1',
    retention,
  });
}

/** A web process that does not process events cannot run the jobs either: their messages would wait for a worker anyway. */
function checkProcessRoles(values: ParsedEnv, problems: string[]): void {
  const processEvents = values.PROCESS_EVENTS === 'true' || values.PROCESS_EVENTS === '1';
  const runWorker = values.RUN_WORKER === 'true' || values.RUN_WORKER === '1';
  if (!processEvents && runWorker) {
    problems.push(
      'PROCESS_EVENTS=false makes `npm start` only acknowledge webhooks: set RUN_WORKER=false too, and run `npm run worker` (it processes events, messages and jobs).',
    );
  }
}

function lineChannel(values: ParsedEnv, problems: string[]): LineChannel | null {
  const secret = values.LINE_CHANNEL_SECRET;
  const token = values.LINE_CHANNEL_ACCESS_TOKEN;
  if (secret && token) return Object.freeze({ channelSecret: secret, channelAccessToken: token });
  if (secret && !token) {
    problems.push(
      'LINE_CHANNEL_ACCESS_TOKEN is missing while LINE_CHANNEL_SECRET is set: issue a long-lived token in the LINE Developers console (Messaging API tab) and set it.',
    );
  }
  if (token && !secret) {
    problems.push(
      'LINE_CHANNEL_SECRET is missing while LINE_CHANNEL_ACCESS_TOKEN is set: copy it from the LINE Developers console (Basic settings tab).',
    );
  }
  return null;
}

function keyRing(values: ParsedEnv, problems: string[]): KeyRing | null {
  if (!values.CREDENTIALS_KEY) return null;
  const result = parseKeyRing(values.CREDENTIALS_KEY);
  if (result.ok) return result.keyRing;
  problems.push(...result.problems.map((problem) => `CREDENTIALS_KEY: ${problem}`));
  return null;
}

function checkChromiumPath(values: ParsedEnv, problems: string[]): void {
  if (values.CHROMIUM_PATH && !existsSync(values.CHROMIUM_PATH)) {
    problems.push(
      `CHROMIUM_PATH points to ${values.CHROMIUM_PATH}, which does not exist: install Chromium (apt-get install -y chromium) and set CHROMIUM_PATH=/usr/bin/chromium, or unset it.`,
    );
  }
}

/**
 * Production is NODE_ENV=production, or a LINE channel whatever NODE_ENV says: real owners' platform
 * passwords are then sealed with CREDENTIALS_KEY (never the development key kept next to the database),
 * and every address that carries them, the channel token or the one-time forms is https. Plain http
 * stays allowed on loopback (127.0.0.1, ::1, localhost), where tests and local fakes run.
 */
function requireProductionSettings(values: ParsedEnv, credentialKeys: KeyRing | null, problems: string[]): void {
  const declared = values.NODE_ENV === 'production';
  const where = declared ? 'in production' : 'when a LINE channel is configured (that is production, whatever NODE_ENV says)';
  const missing = (name: string, fix: string) => problems.push(`${name} is required ${where}: ${fix}`);
  if (declared && !values.LINE_CHANNEL_SECRET) {
    missing('LINE_CHANNEL_SECRET', 'copy it from the LINE Developers console (Basic settings tab).');
  }
  if (declared && !values.LINE_CHANNEL_ACCESS_TOKEN) {
    missing('LINE_CHANNEL_ACCESS_TOKEN', 'issue a long-lived token in the LINE Developers console (Messaging API tab).');
  }
  if (!values.CREDENTIALS_KEY) {
    missing(
      'CREDENTIALS_KEY',
      'generate one with `npm run generate-key`, keep it in your secret store and set CREDENTIALS_KEY to it (the development key in the data folder is for local mode only).',
    );
  }
  for (const [id, key] of credentialKeys?.keys ?? []) {
    if (key.every((byte) => byte === 0)) {
      problems.push(
        `CREDENTIALS_KEY: key "${id}" is all zeros, which protects nothing: generate a real key with \`npm run generate-key\` and use it instead. ` +
          'Passwords sealed with the all-zero key were never protected: after the switch, ask those owners to enter them again (in LINE: 商店設定 → 更新平台帳號密碼) and to change them on the platform.',
      );
    }
  }
  if (declared && !values.PUBLIC_BASE_URL) {
    missing('PUBLIC_BASE_URL', 'set the https URL where LINE and owners reach this bot, e.g. https://bot.example.com');
  }
  requireHttps(
    values.PUBLIC_BASE_URL,
    `PUBLIC_BASE_URL must use https ${where}: LINE only shows images and links served over https, and owners type their platform passwords into its one-time forms. Serve the bot behind an https proxy or your host's TLS and set PUBLIC_BASE_URL=https://bot.example.com (plain http only for 127.0.0.1, ::1 or localhost).`,
    problems,
  );
  requireHttps(
    values.PORTAL_BASE_URL,
    `PORTAL_BASE_URL must use https ${where}: the owners' platform passwords are typed into it. Unset it to use ${REAL_PORTAL_URL}, or point it at a simulator on 127.0.0.1, ::1 or localhost.`,
    problems,
  );
  requireHttps(
    values.LINE_API_BASE_URL,
    `LINE_API_BASE_URL must use https ${where}: the channel access token goes with every call. Unset it to use LINE's own API, or point it at a fake LINE platform on 127.0.0.1, ::1 or localhost.`,
    problems,
  );
  requireHttps(
    values.LINE_DATA_API_BASE_URL,
    `LINE_DATA_API_BASE_URL must use https ${where}: the channel access token goes with every call, and the owners' photos come back. Unset it to use ${LINE_DATA_API_URL}, or point it at a fake LINE platform on 127.0.0.1, ::1 or localhost.`,
    problems,
  );
}

/** A URL given for production is https, or plain http on this machine. */
function requireHttps(value: string | undefined, problem: string, problems: string[]): void {
  if (value === undefined || isLoopbackUrl(value)) return;
  if (new URL(value).protocol !== 'https:') problems.push(problem);
}

/** Whether a URL names this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(value: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(value).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** Which engine a DATABASE_URL names; undefined when it names none we run on. */
export function databaseKindOf(databaseUrl: string): DatabaseKind | undefined {
  if (databaseUrl.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\/[^/]/.test(databaseUrl)) return 'postgres';
  return undefined;
}

/** A DATABASE_URL fit for logs: a PostgreSQL password is replaced by ***. */
export function redactDatabaseUrl(databaseUrl: string): string {
  if (databaseKindOf(databaseUrl) !== 'postgres') return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable)';
  }
}

/** The SQLite file path in a `sqlite:` DATABASE_URL (`sqlite::memory:` for an in-memory database). */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.slice('sqlite:'.length);
}

/**
 * The retention sweep's settings (src/retention/): each a duration, its env name and default.
 * Ages count from when a row was received, created, finished, delivered or saved.
 */
export const RETENTION_SETTINGS = {
  /** How often the sweep runs (one process at a time across all processes). */
  sweepEveryMs: ['RETENTION_SWEEP_EVERY', '1h'],
  /** Processed webhook events: payload and user id dropped (the event id stays for dedupe)… */
  inboxReduceAfterMs: ['RETENTION_INBOX_REDUCE_AFTER', '1d'],
  /** …and the row deleted (LINE redelivers within hours). */
  inboxDeleteAfterMs: ['RETENTION_INBOX_DELETE_AFTER', '30d'],
  /** Delivered (or given up) messages: their bodies and reply tokens dropped… */
  outboxReduceAfterMs: ['RETENTION_OUTBOX_REDUCE_AFTER', '1d'],
  /** …and the row deleted. */
  outboxDeleteAfterMs: ['RETENTION_OUTBOX_DELETE_AFTER', '30d'],
  /** Finished jobs: payload and last error dropped, the row kept as a count… */
  jobsReduceAfterMs: ['RETENTION_JOBS_REDUCE_AFTER', '7d'],
  /** …and deleted after about 13 months. */
  jobsDeleteAfterMs: ['RETENTION_JOBS_DELETE_AFTER', '395d'],
  /** Push log rows (month and counts; the owner's id only while the month lasts) deleted after about 13 months. */
  pushLogDeleteAfterMs: ['RETENTION_PUSH_LOG_DELETE_AFTER', '395d'],
  /** Held reply tokens deleted this long after they lapsed. */
  heldRepliesAfterMs: ['RETENTION_HELD_REPLIES_AFTER', '1h'],
  /** Saved platform cookies deleted this long after they were saved. */
  platformSessionsAfterMs: ['RETENTION_PLATFORM_SESSIONS_AFTER', '1d'],
  /** Diagnostics files (screenshots, HTML) under DATA_DIR/diagnostics deleted after this. */
  diagnosticsAfterMs: ['RETENTION_DIAGNOSTICS_AFTER', '7d'],
} as const satisfies Record<string, readonly [string, string]>;

export type RetentionConfig = { readonly [K in keyof typeof RETENTION_SETTINGS]: number };

/** The RETENTION_* settings from the environment, each its default when unset; a bad one is a problem. */
export function retentionConfig(env: Env, problems: string[]): RetentionConfig {
  const entries = Object.entries(RETENTION_SETTINGS).map(([key, [name, fallback]]) => {
    const given = env[name]?.trim() || fallback;
    const ms = parseDuration(given);
    if (ms === null || ms < 1000) problems.push(`${name} must be a duration of at least 1s, like 12h, 30d or 90m (default ${fallback}).`);
    return [key, ms ?? 0];
  });
  return Object.freeze(Object.fromEntries(entries)) as RetentionConfig;
}

/** `2h`, `90m`, `30s`, `500ms` or a bare number of milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(text.trim());
  if (!match) return null;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(Number(match[1]) * (units[(match[2] ?? 'ms').toLowerCase()] ?? 1));
}
