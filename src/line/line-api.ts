import { HTTPFetchError, LineBotClient, type messagingApi } from '@line/bot-sdk';
import type { Logger } from '../log.ts';

export type LineMessage = messagingApi.Message;

/** What the bot needs from LINE, so the rest of the code never touches the SDK directly. */
export interface LineApi {
  reply(replyToken: string, messages: readonly LineMessage[]): Promise<void>;
  /** 'duplicate' when LINE already accepted a push with this retry key (it is not delivered twice). */
  push(to: string, messages: readonly LineMessage[], retryKey: string): Promise<'sent' | 'duplicate'>;
  showLoading(chatId: string, seconds: number): Promise<void>;
  /** This month's push limit (null when unlimited) and usage, as LINE counts them. */
  quota(): Promise<{ limit: number | null; used: number }>;
}

export class InvalidReplyTokenError extends Error {
  constructor() {
    super('LINE refused the reply token (used or expired)');
    this.name = 'InvalidReplyTokenError';
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
  readonly log: Logger;
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

export function createLineApi(options: LineApiOptions): LineApi {
  const client = LineBotClient.fromChannelAccessToken({
    channelAccessToken: options.channelAccessToken,
    ...(options.apiBaseUrl ? { apiBaseURL: options.apiBaseUrl, dataApiBaseURL: options.apiBaseUrl } : {}),
  });
  const call = <T>(name: string, work: () => Promise<T>) => withRetry(name, work, options);
  return {
    async reply(replyToken, messages) {
      try {
        await call('reply', () => client.replyMessage({ replyToken, messages: [...messages] }));
      } catch (error) {
        if (error instanceof HTTPFetchError && error.status === 400 && /reply token/i.test(error.body)) throw new InvalidReplyTokenError();
        throw invalidMessagesIn(error) ?? error;
      }
    },
    async push(to, messages, retryKey) {
      try {
        await call('push', () => client.pushMessage({ to, messages: [...messages] }, retryKey));
        return 'sent';
      } catch (error) {
        if (error instanceof HTTPFetchError && error.status === 409) return 'duplicate';
        throw invalidMessagesIn(error) ?? error;
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
  };
}

/** Retries LINE calls that failed on LINE's side (5xx, 429) or on the way (network, timeout), with backoff. */
async function withRetry<T>(name: string, work: () => Promise<T>, options: LineApiOptions): Promise<T> {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await withTimeout(work(), options.timeoutMs ?? 10_000);
    } catch (error) {
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
