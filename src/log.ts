import { pino, type Logger } from 'pino';

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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, hooks: { streamWrite: redactLine }, base: { pid: process.pid } };
  return destination ? pino(options, destination) : pino(options);
}
