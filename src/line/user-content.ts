// What users send that is not text (photos), fetched from LINE's data API with the SDK's blob client.
import { HTTPFetchError, type LineBotClient } from '@line/bot-sdk';

export interface UserContent {
  readonly bytes: Buffer;
  /** As LINE serves it: image/jpeg for photos. */
  readonly contentType: string;
}

/**
 * A phone photo is a few MB; LINE keeps originals of up to some tens of MB. Anything bigger is not
 * a POS screen and would only hold memory hostage.
 */
export const CONTENT_BYTES_MAX = 50 * 1024 * 1024;

/** LINE answered 404: the content expired (LINE deletes it after a while) or the id is not this channel's. */
export class ContentGoneError extends Error {
  constructor(readonly messageId: string) {
    super(`LINE has no content for message ${messageId} (expired or unknown)`);
    this.name = 'ContentGoneError';
  }
}

export class ContentTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the content is larger than ${CONTENT_BYTES_MAX} bytes (${bytes} read so far)`);
    this.name = 'ContentTooLargeError';
  }
}

export async function readContent(client: LineBotClient, messageId: string): Promise<UserContent> {
  try {
    const { httpResponse, body } = await client.getMessageContentWithHttpInfo(messageId);
    const contentType = (httpResponse.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim() ?? '';
    return { bytes: await collect(body), contentType };
  } catch (error) {
    if (error instanceof HTTPFetchError && error.status === 404) throw new ContentGoneError(messageId);
    throw error;
  }
}

async function collect(body: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > CONTENT_BYTES_MAX) throw new ContentTooLargeError(size);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
