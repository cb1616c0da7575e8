// A photo the owner sent, fetched and read before its event is handled. Reading takes seconds, so it
// runs outside the event's transaction (see EventPreparer); the answer is then made in the transaction
// like any other. The reply token is held meanwhile: a reading that outlasts it gets a short "still
// reading" reply, and the answer goes as a push after all.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { holdReply, HELD_REPLY_LIFETIME_MS } from '../jobs/held-replies.ts';
import type { EventPreparer } from '../line/inbox-dispatcher.ts';
import { describe, type LineApi } from '../line/line-api.ts';
import { lineUserIdOf, type WebhookEvent } from '../line/webhook-events.ts';
import { storesOf } from '../stores/repository.ts';
import type { Logger } from '../log.ts';
import type { PhotoReader, PhotoReading } from '../ocr/types.ts';
import { photoCopy } from './copy/photo.ts';
import { MENU_CHOICES, textMessage, withChoices } from './messages.ts';
import { loadConversation } from './persistence.ts';
import { photoStepOf } from './photo-steps.ts';

/** What became of the photo. */
export type PhotoResult =
  | { readonly kind: 'read'; readonly reading: PhotoReading }
  /** LINE no longer had it (or never sent it through): the owner is asked to send it again. */
  | { readonly kind: 'not-received' }
  /** Fetched, but not an image the reader takes, or the reader failed. */
  | { readonly kind: 'not-read' }
  /** Not fetched: the owner has no store yet, so there is nothing to upload the numbers for. */
  | { readonly kind: 'no-store' };

export interface PhotoPreparation {
  readonly photo: PhotoResult;
  /** The held-reply purpose the answer takes the reply token from; undefined when none was held. */
  readonly heldFor: string | undefined;
}

export interface PhotoPreparerDeps {
  readonly db: Db;
  readonly line: Pick<LineApi, 'content' | 'showLoading'>;
  readonly reader: PhotoReader;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * LINE's loading animation while the photo is read: the longest LINE allows, as a reading of a big
 * photo on a busy machine takes a while; any message from the bot ends it sooner.
 */
const PHOTO_LOADING_SECONDS = 60;
const READABLE_TYPES = new Set(['image/jpeg', 'image/png']);

type ImageEvent = Extract<WebhookEvent, { type: 'message' }> & { readonly message: { readonly type: 'image'; readonly id: string } };

export function createPhotoPreparer(deps: PhotoPreparerDeps): EventPreparer<PhotoPreparation> {
  return {
    wants: (event) => isImageEvent(event) && lineUserIdOf(event) !== undefined,
    prepare: async (event) => (isImageEvent(event) ? preparePhoto(deps, event) : undefined),
  };
}

function isImageEvent(event: WebhookEvent): event is ImageEvent {
  return event.type === 'message' && event.message.type === 'image';
}

/** Undefined when the owner is at a step a photo does not continue: nothing is fetched or read then. */
async function preparePhoto(deps: PhotoPreparerDeps, event: ImageEvent): Promise<PhotoPreparation | undefined> {
  const lineUserId = lineUserIdOf(event) as string;
  try {
    const loaded = await loadConversation(deps.db, lineUserId, deps.clock.now());
    if (!photoStepOf(loaded)) return undefined;
    if ((await storesOf(deps.db, lineUserId)).length === 0) return { photo: { kind: 'no-store' }, heldFor: undefined };
  } catch (error) {
    // The event's transaction looks again; reading the photo meanwhile loses nothing.
    deps.log.error({ err: error }, 'looking up where the owner is before reading a photo failed');
  }
  const heldFor = await holdReplyToken(deps, event, lineUserId);
  deps.line.showLoading(lineUserId, PHOTO_LOADING_SECONDS).catch((error: unknown) => deps.log.warn({ err: error }, 'loading animation failed'));
  return { photo: await fetchAndRead(deps, event.message.id), heldFor };
}

export function photoPurpose(messageId: string): string {
  return `photo:${messageId}`;
}

/** Holds the event's reply token for the answer; undefined when it has none or it is too old to hold. */
async function holdReplyToken(deps: PhotoPreparerDeps, event: ImageEvent, lineUserId: string): Promise<string | undefined> {
  const now = deps.clock.now();
  const issuedAt = new Date(event.timestamp);
  if (!event.replyToken || issuedAt.getTime() + HELD_REPLY_LIFETIME_MS <= now.getTime()) return undefined;
  const purpose = photoPurpose(event.message.id);
  const fallback = withChoices([textMessage(photoCopy.stillReading)], MENU_CHOICES);
  try {
    await holdReply(deps.db, { lineUserId, replyToken: event.replyToken, issuedAt, purpose, lead: [], fallback }, now);
    return purpose;
  } catch (error) {
    // Not held, the answer still goes: by the event's own token while fresh, else as a push.
    deps.log.warn({ err: error }, 'holding the reply token for a photo failed');
    return undefined;
  }
}

async function fetchAndRead(deps: PhotoPreparerDeps, messageId: string): Promise<PhotoResult> {
  let content;
  try {
    content = await deps.line.content(messageId);
  } catch (error) {
    deps.log.warn({ reason: describe(error) }, 'the photo could not be fetched from LINE');
    return { kind: 'not-received' };
  }
  if (!READABLE_TYPES.has(content.contentType)) {
    deps.log.warn({ contentType: content.contentType, bytes: content.bytes.length }, 'the photo is not a JPEG or PNG');
    return { kind: 'not-read' };
  }
  try {
    // The reader logs its own counts and timing (never the numbers: they are the shop's).
    return { kind: 'read', reading: await deps.reader.read(content.bytes) };
  } catch (error) {
    deps.log.error({ err: error }, 'reading the photo failed');
    return { kind: 'not-read' };
  }
}
