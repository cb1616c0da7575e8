// What reading a photo of a POS screen gives the conversation. The reader never guesses: a range
// is in `ranges` only when its track and both numbers were read with enough confidence and pass
// the number checks; anything that looks like a range but is not sure is in `doubts`.
import type { LeftOutPart } from '../invoice/parse-ranges.ts';
import type { InvoiceRange } from '../invoice/range.ts';

export type PhotoDoubtReason =
  /** Some characters of the track or the numbers were read with low confidence. */
  | 'low-confidence'
  /** The numbers were read but the label saying whether they are used or unused was not. */
  | 'label-unclear'
  /** Read clearly, but the numbers fail a check (end before start, an odd booklet end, two readings disagree…). */
  | 'number-check';

export interface PhotoDoubt {
  /** What was read, as it would be typed, with `?` for characters not read with confidence (e.g. `AB1234?000-12345049`). */
  readonly text: string;
  readonly reason: PhotoDoubtReason;
}

export interface PhotoReading {
  /** Blank ranges read with confidence: sorted, never overlapping. */
  readonly ranges: InvoiceRange[];
  /** Parts that look like blank ranges but are not sure: named on the card, never submitted as read. */
  readonly doubts: PhotoDoubt[];
  /** Numbers on the screen that are not reported (used, issued…), as the typed path lists them. */
  readonly leftOut: LeftOutPart[];
  /** Nothing usable was read: too blurred, too dark, glare, or not a POS screen. */
  readonly unreadable: boolean;
  /** How long the reading took, in ms (for logs and the bench). */
  readonly elapsedMs: number;
}

export interface PhotoReader {
  /** Reads one photo (JPEG or PNG, any size up to a phone's 12 MP and more). */
  read(image: Buffer): Promise<PhotoReading>;
  /** Stops the OCR worker. */
  close(): Promise<void>;
}
