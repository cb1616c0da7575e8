import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Known secret-bearing fields are censored wherever they
 * appear, as a second line of defence: code must not log secrets in the first place.
 */
const SECRET_FIELDS = [
  'password',
  'passwd',
  'secret',
  'token',
  'channelSecret',
  'channelAccessToken',
  'accessToken',
  'authorization',
  'credentialsKey',
  'credentials',
  'sealed_credentials',
  'captcha',
];

export const REDACT_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`), ...SECRET_FIELDS.map((field) => `*.*.${field}`)];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } };
  return destination ? pino(options, destination) : pino(options);
}
