// The playground's "send a POS photo" button: a photo of a made-up POS screen from the generator,
// sent as the owner's image message, with the blank ranges it really shows so the visitor can compare.
import { randomInt } from 'node:crypto';
import { formatRange } from '../invoice/range.ts';
import type { FakeLinePlatform, WebhookDelivery } from '../sim/line/index.ts';
import { generatePosPhotos } from '../sim/pos-photos/index.ts';

export interface SentPosPhoto {
  readonly delivery: WebhookDelivery;
  readonly name: string;
  /** What a perfect reader reports: the screen's blank ranges. */
  readonly blank: readonly string[];
}

export class PhotoBusyError extends Error {
  constructor() {
    super('a POS photo is being made already; wait for it');
    this.name = 'PhotoBusyError';
  }
}

/** One photo at a time: each is drawn in a Chromium of its own, which takes a few seconds. */
export function createPosPhotoSender(fake: FakeLinePlatform): (userId: string) => Promise<SentPosPhoto> {
  let busy = false;
  return async (userId) => {
    if (busy) throw new PhotoBusyError();
    busy = true;
    try {
      const [photo] = await generatePosPhotos({ count: 1, seed: randomInt(1, 2 ** 31) });
      if (!photo) throw new Error('the generator made no photo');
      const delivery = await fake.sendImage(userId, photo.jpeg, 'image/jpeg');
      return { delivery, name: photo.name, blank: photo.truth.blank.map(formatRange) };
    } finally {
      busy = false;
    }
  };
}
