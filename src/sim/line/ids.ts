// Identifiers in the shapes LINE uses, so a bot that checks formats sees what production sends.
import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time then 80 random bits, Crockford base32 — how webhookEventId looks. */
export function newWebhookEventId(at: Date): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i += 1) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[(random[i] ?? 0) % 32];
  return head + tail;
}

/** 32 lower-case hex characters, like a real reply token. */
export function newReplyToken(): string {
  return randomBytes(16).toString('hex');
}

/** `U` and 32 hex characters: the form of every LINE user id. */
export function newUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

/** Message ids are decimal strings of about 18 digits. */
export function newMessageId(): string {
  const high = 4 + (randomBytes(1)[0] ?? 0) % 5;
  const rest = [...randomBytes(17)].map((byte) => byte % 10).join('');
  return `${high}${rest}`;
}

/** Quote tokens are opaque url-safe strings. */
export function newQuoteToken(): string {
  return randomBytes(64).toString('base64url');
}

export function newRequestId(): string {
  return randomUUID();
}

/** The console's Verify button used reply tokens of one repeated character. */
export function isVerifyReplyToken(token: string): boolean {
  return /^(.)\1{31}$/.test(token);
}
