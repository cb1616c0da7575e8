// Posts a webhook body to the bot exactly as LINE does: signed over the raw bytes, with LINE's headers.
import { createHmac } from 'node:crypto';
import type { SignatureMode } from './types.ts';

export interface WebhookPost {
  readonly url: string;
  readonly channelSecret: string;
  readonly body: string;
  readonly signature: SignatureMode;
  readonly timeoutMs: number;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** Base64(HMAC-SHA256(channel secret, raw body)): the `x-line-signature` header. */
export function signBody(channelSecret: string, body: string): string {
  return createHmac('sha256', channelSecret).update(body, 'utf8').digest('base64');
}

function headersFor(post: WebhookPost): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'LineBotWebhook/2.0',
  };
  // "wrong" is a well-formed signature made with another secret, so only a real check rejects it.
  if (post.signature === 'valid') headers['x-line-signature'] = signBody(post.channelSecret, post.body);
  if (post.signature === 'wrong') headers['x-line-signature'] = signBody(`not-${post.channelSecret}`, post.body);
  return headers;
}

export async function postWebhook(post: WebhookPost): Promise<WebhookAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: headersFor(post),
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    const body = await response.text();
    return { status: response.status, body, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the fake LINE platform could not deliver the webhook to ${post.url}: ${reason}`, { cause: error });
  }
}
