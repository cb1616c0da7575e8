import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

export const REDACTED = '[redacted]';

/**
 * Keys whose values are secrets, compared without case, '_' or '-' (so `channelSecret`,
 * `channel_secret` and `CHANNEL-SECRET` are one): exact names, then endings and beginnings.
 */
const SECRET_KEYS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'authorization', 'cookie', 'apikey', 'answer', 'captcha', 'captchaanswer']);
const SECRET_ENDINGS = ['password', 'passwd', 'secret', 'token', 'authorization', 'cookie', 'apikey'];
const SECRET_BEGINNINGS = ['sealed', 'credential'];

/** Whether a field of that name is censored wherever it appears. */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEYS.has(name) || SECRET_ENDINGS.some((ending) => name.endsWith(ending)) || SECRET_BEGINNINGS.some((beginning) => name.startsWith(beginning));
}

// A cheap look at a finished line: only one that may hold such a key is parsed and walked.
const MAYBE_SECRET_KEY = /"[^"]*(pass|pwd|secret|token|authori[sz]ation|cookie|api_?key|answer|captcha|sealed|credential)[^"]*"\s*:/i;

/**
 * Censors the values of secret keys at any depth of a finished log line (objects in arrays, an
 * error's own fields, a child logger's bindings), as a second line of defence: code must not log
 * secrets in the first place. pino's redact paths cannot say "at any depth", hence this.
 */
export function redactLine(line: string): string {
  if (!MAYBE_SECRET_KEY.test(line)) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  const { value, changed } = censor(parsed);
  if (!changed) return line;
  return JSON.stringify(value) + (line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '');
}

function censor(value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const result = censor(item);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  if (value === null || typeof value !== 'object') return { value, changed: false };
  let changed = false;
  // No prototype: a parsed "__proto__" key stays a plain field.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) {
    // A flag (hasToken: true) or an absent value says nothing secret.
    if (isSecretKey(key) && field !== null && typeof field !== 'boolean' && field !== REDACTED) {
      out[key] = REDACTED;
      changed = true;
      continue;
    }
    const result = censor(field);
    changed ||= result.changed;
    out[key] = result.value;
  }
  return { value: out, changed };
}

/**
 * How log records are written: `json`, one object a line, for machines (production, a pipe, a file,
 * the tests); `pretty`, a time, a level and the message a line, for a person at a terminal.
 */
export type LogFormat = 'json' | 'pretty';

export interface LogFormatChoice {
  readonly format: LogFormat;
  /** Set when LOG_FORMAT held something else than json or pretty (then the default applies). */
  readonly problem?: string;
}

/**
 * LOG_FORMAT when set (json or pretty); else pretty only in local mode (no LINE channel) with the
 * output on a terminal. Production and any pipe or file get JSON.
 */
export function chooseLogFormat(input: { readonly setting: string | undefined; readonly isTTY: boolean; readonly localMode: boolean }): LogFormatChoice {
  const setting = input.setting?.trim().toLowerCase() ?? '';
  if (setting === 'json' || setting === 'pretty') return { format: setting };
  const format: LogFormat = input.localMode && input.isTTY ? 'pretty' : 'json';
  return setting === '' ? { format } : { format, problem: `LOG_FORMAT must be json or pretty, not "${input.setting}": using ${format}` };
}

export interface LoggerOptions {
  readonly format?: LogFormat;
  /** Pretty output only: colours (default: when the destination is a terminal). */
  readonly colorize?: boolean;
}

/**
 * A logger writing to `destination` (default standard output). Every finished line passes through
 * redactLine first, so pretty output is censored exactly like JSON: it is made from the censored line.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream | DestinationStream, options: LoggerOptions = {}): Logger {
  const pinoOptions = { level, hooks: { streamWrite: redactLine }, base: { pid: process.pid } };
  if (options.format === 'pretty') return pino(pinoOptions, prettyStream(destination, options.colorize));
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
}

function prettyStream(destination: NodeJS.WritableStream | DestinationStream | undefined, colorize: boolean | undefined): DestinationStream {
  const isTTY = destination === undefined ? Boolean(process.stdout.isTTY) : Boolean((destination as { isTTY?: boolean }).isTTY);
  return PinoPretty({
    destination: (destination as NodeJS.WritableStream | undefined) ?? 1,
    // Synchronous: a line is on the terminal before process.exit, like pino's own default destination.
    sync: true,
    colorize: colorize ?? isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
}

/**
 * The destination of a process's log that can hold its lines back for a while: `npm start` holds what
 * start-up logs until it has printed where everything runs, so those plain lines come first.
 */
export interface HeldDestination extends DestinationStream {
  /**
   * Stops holding: what `first` logs goes straight out, then the held lines follow. Later calls
   * only run `first`.
   */
  release(first?: () => void): void;
}

export function heldDestination(target: DestinationStream, options: { readonly atMostMs: number }): HeldDestination {
  let held: string[] | undefined = [];
  const release = (first?: () => void) => {
    const lines = held ?? [];
    held = undefined;
    clearTimeout(timer);
    first?.();
    for (const line of lines) target.write(line);
  };
  // A start-up that takes long (an unreachable database) must not keep the log silent.
  const timer = setTimeout(release, options.atMostMs);
  timer.unref();
  return {
    write(line: string) {
      if (held) held.push(line);
      else target.write(line);
    },
    release,
  };
}

export interface ProcessLogger {
  readonly log: Logger;
  readonly format: LogFormat;
  /** Logs what `first` logs, then the lines held since start, and lets every later line straight through. */
  release(first?: () => void): void;
}

/**
 * The log of `npm start` and `npm run worker`: to standard output (or `destination`) in the chosen
 * format, its lines held back (at most `holdAtMostMs`) until release(). Held lines are censored JSON;
 * a pretty destination formats them as they are let out.
 */
export function createProcessLogger(
  level: string,
  format: LogFormat,
  options: { readonly holdAtMostMs: number; readonly destination?: NodeJS.WritableStream; readonly colorize?: boolean },
): ProcessLogger {
  const out: DestinationStream =
    format === 'pretty'
      ? prettyStream(options.destination, options.colorize)
      : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  const held = heldDestination(out, { atMostMs: options.holdAtMostMs });
  const log = pino({ level, hooks: { streamWrite: redactLine }, base: { pid: process.pid } }, held);
  return { log, format, release: held.release };
}
