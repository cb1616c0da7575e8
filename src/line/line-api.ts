import { HTTPFetchError, LineBotClient, type messagingApi } from '@line/bot-sdk';
import type { Logger } from '../log.ts';
import { readContent, type UserContent } from './user-content.ts';

export type LineMessage = messagingApi.Message;
export type { UserContent } from './user-content.ts';
export { ContentGoneError, ContentTooLargeError } from './user-content.ts';

/** What the bot needs from LINE, so the rest of the code never touches the SDK directly. */
export interface LineApi {
  reply(replyToken: string, messages: readonly LineMessage[]): Promise<void>;
  /** 'duplicate' when LINE already accepted a push with this retry key (it is not delivered twice). */
  push(to: string, messages: readonly LineMessage[], retryKey: string): Promise<'sent' | 'duplicate'>;
  showLoading(chatId: string, seconds: number): Promise<void>;
  /** This month's push limit (null when unlimited) and usage, as LINE counts them. */
  quota(): Promise<{ limit: number | null; used: number }>;
  /**
   * What a user sent (a photo), from the data API. LINE deletes it after a while: fetch it when the
   * event arrives. Throws ContentGoneError when LINE no longer has it (or never had it).
   */
  content(messageId: string): Promise<UserContent>;
}

export class InvalidReplyTokenError extends Error {
  /**
   * @param afterUncertainAttempt an earlier attempt of the same call may have reached LINE (it timed out,
   *   its connection broke, or LINE answered 500/502/504): the token may have been spent by that very attempt.
   */
  constructor(readonly afterUncertainAttempt = false) {
    super('LINE refused the reply token (used or expired)');
    this.name = 'InvalidReplyTokenError';
  }
}

/**
 * A call failed without telling whether LINE acted on it: it timed out, the connection broke after the
 * request went out, or LINE answered 500/502/504 (LINE's own advice: such a request may have been
 * accepted). A reply may have been shown; a push may have been delivered (its retry key settles that).
 */
export class OutcomeUnknownError extends Error {
  constructor(readonly reason: unknown) {
    super(`LINE may or may not have acted on the call: ${describe(reason)}`);
    this.name = 'OutcomeUnknownError';
  }
}

/**
 * LINE refused the messages themselves (400 with validation details): sending the same again can never
 * work. Carries LINE's own words, which name properties and rules but never the message content.
 */
export class InvalidMessagesError extends Error {
  constructor(
    readonly lineMessage: string,
    readonly details: readonly { readonly property: string; readonly message: string }[],
  ) {
    super(`LINE refused the messages: ${[lineMessage, ...details.map((detail) => `${detail.property}: ${detail.message}`)].join('; ').slice(0, 500)}`);
    this.name = 'InvalidMessagesError';
  }
}

/** The InvalidMessagesError in a 400, or undefined for another failure (a reply token, a blocked user, …). */
function invalidMessagesIn(error: unknown): InvalidMessagesError | undefined {
  if (!(error instanceof HTTPFetchError) || error.status !== 400) return undefined;
  const body = parseErrorBody(error.body);
  if (!body || /reply token/i.test(body.message)) return undefined;
  if (body.details.length === 0 && !/request body/i.test(body.message)) return undefined;
  return new InvalidMessagesError(body.message, body.details);
}

function parseErrorBody(text: string): { message: string; details: { property: string; message: string }[] } | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || !('message' in body) || typeof body.message !== 'string') return undefined;
    const details = 'details' in body && Array.isArray(body.details) ? body.details : [];
    return {
      message: body.message,
      details: details.map((detail: unknown) => ({
        property: typeof detail === 'object' && detail !== null && 'property' in detail ? String(detail.property) : '',
        message: typeof detail === 'object' && detail !== null && 'message' in detail ? String(detail.message) : '',
      })),
    };
  } catch {
    return undefined;
  }
}

export interface LineApiOptions {
  readonly channelAccessToken: string;
  /** Override of LINE's API host (a fake LINE platform in tests and the playground). */
  readonly apiBaseUrl: string | undefined;
  /** Override of LINE's data API host, where what users sent is fetched (LINE_DATA_API_BASE_URL); LINE's own by default. */
  readonly dataApiBaseUrl?: string | undefined;
  readonly log: Logger;
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

export function createLineApi(options: LineApiOptions): LineApi {
  const client = LineBotClient.fromChannelAccessToken({
    channelAccessToken: options.channelAccessToken,
    ...(options.apiBaseUrl ? { apiBaseURL: options.apiBaseUrl } : {}),
    ...(options.dataApiBaseUrl ? { dataApiBaseURL: options.dataApiBaseUrl } : {}),
  });
  const call = <T>(name: string, work: () => Promise<T>, onFailure?: (error: unknown) => void) => withRetry(name, work, options, onFailure);
  return {
    async reply(replyToken, messages) {
      let uncertain = false;
      try {
        await call('reply', () => client.replyMessage({ replyToken, messages: [...messages] }), (error) => {
          uncertain ||= outcomeUnknown(error);
        });
      } catch (error) {
        if (isReplyTokenRefusal(error)) throw new InvalidReplyTokenError(uncertain);
        throw invalidMessagesIn(error) ?? (uncertain ? new OutcomeUnknownError(error) : error);
      }
    },
    async push(to, messages, retryKey) {
      let uncertain = false;
      try {
        await call('push', () => client.pushMessage({ to, messages: [...messages] }, retryKey), (error) => {
          uncertain ||= outcomeUnknown(error);
        });
        return 'sent';
      } catch (error) {
        if (error instanceof HTTPFetchError && error.status === 409) return 'duplicate';
        throw invalidMessagesIn(error) ?? (uncertain ? new OutcomeUnknownError(error) : error);
      }
    },
    async showLoading(chatId, seconds) {
      await call('loading', () => client.showLoadingAnimation({ chatId, loadingSeconds: seconds }));
    },
    async quota() {
      const [limit, consumption] = await Promise.all([
        call('quota', () => client.getMessageQuota()),
        call('quota', () => client.getMessageQuotaConsumption()),
      ]);
      return { limit: limit.type === 'limited' ? (limit.value ?? null) : null, used: consumption.totalUsage ?? 0 };
    },
    content: (messageId) => call('content', () => readContent(client, messageId)),
  };
}

function isReplyTokenRefusal(error: unknown): boolean {
  return error instanceof HTTPFetchError && error.status === 400 && /reply token/i.test(error.body);
}

/**
 * Retries LINE calls that failed on LINE's side (5xx, 429) or on the way (network, timeout), with backoff.
 * `onFailure` sees every failed attempt, so a caller learns whether one of them may have reached LINE.
 */
async function withRetry<T>(name: string, work: () => Promise<T>, options: LineApiOptions, onFailure?: (error: unknown) => void): Promise<T> {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await withTimeout(work(), options.timeoutMs ?? 10_000);
    } catch (error) {
      onFailure?.(error);
      if (attempt >= retries || !isTransient(error)) throw error;
      const delay = baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
      options.log.warn({ call: name, attempt: attempt + 1, delayMs: Math.round(delay), reason: describe(error) }, 'LINE call failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof HTTPFetchError) return error.status >= 500 || error.status === 429;
  return error instanceof TimeoutError || error instanceof TypeError; // fetch() network failures are TypeErrors
}

/** Connection failures that happen before a request is sent: LINE cannot have seen it. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether a failed call may still have been acted on by LINE. A 4xx, 429 or 503 answer and a connection
 * that never opened mean it was not; a timeout, a connection broken mid-request, or another 5xx leave it open.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof OutcomeUnknownError) return true;
  if (error instanceof HTTPFetchError) return error.status >= 500 && error.status !== 503;
  if (error instanceof TimeoutError) return true;
  if (error instanceof TypeError) return !NEVER_SENT_CODES.has(causeCode(error) ?? '');
  return false;
}

function causeCode(error: Error): string | undefined {
  const cause: unknown = error.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  if ('code' in cause && typeof cause.code === 'string') return cause.code;
  // undici wraps the socket's error one level deeper in some versions.
  return cause instanceof Error ? causeCode(cause) : undefined;
}

class TimeoutError extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`LINE did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function describe(error: unknown): string {
  if (error instanceof HTTPFetchError) return `HTTP ${error.status}: ${error.body.slice(0, 300)}`;
  return error instanceof Error ? error.message : String(error);
}
