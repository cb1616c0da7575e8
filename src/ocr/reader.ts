// The photo reader the conversation uses: two Tesseract workers (one per reading), each started lazily on the
// first photo and reused for every photo after; each reads one photo at a time. The two readings of one photo
// run side by side, so on two cores a photo takes about as long as one reading.
import { PSM } from 'tesseract.js';
import type { Logger } from '../log.ts';
import { OcrEngine, OcrTimeoutError } from './engine.ts';
import { OCR_LANGUAGES, prepareLanguageData } from './language-data.ts';
import { cleanLine } from './ocr-text.ts';
import { CHECK_VARIANT, greyUpright, NotAnImageError, prepare, PRIMARY_VARIANT } from './preprocess.ts';
import type { PreparedImage } from './preprocess.ts';
import { combineReadings } from './reading.ts';
import { recognise } from './recognise.ts';
import type { OcrPage } from './recognise.ts';
import type { PhotoReader, PhotoReading } from './types.ts';

/** Above this share of dark pixels in the part read, the photo is noise (or a screen blurred to grain), not text. */
const MAX_INK = 0.3;

class NoiseError extends Error {
  constructor() {
    super('the photo is noise, not text');
    this.name = 'NoiseError';
  }
}

const TESSERACT_PARAMETERS = {
  // One uniform block: a POS screen is a table, and reading it as one block keeps each label on its number's line.
  tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
  preserve_interword_spaces: '1',
  // Screens are photographed at all sorts of distances; without a DPI Tesseract guesses and warns.
  user_defined_dpi: '300',
  // Tesseract's own chatter ("Image too small to scale!!" for a speck) would go to the process's output,
  // past the logger; what matters is counted and logged by the reader.
  debug_file: '/dev/null',
};

export interface PhotoReaderOptions {
  readonly log?: Logger;
  /** Where the language data is unpacked (DATA_DIR); the OS temp directory when absent. */
  readonly dataDir?: string;
  /** How long one reading may take before the photo is given up as unreadable. */
  readonly timeoutMs?: number;
}

/** A screen photo reads in 1–2 s; far longer means noise, not text. */
export const DEFAULT_TIMEOUT_MS = 12_000;

export interface PhotoReaderWithStats extends PhotoReader {
  /** Workers started so far, per reading (tests check that photos reuse them). */
  workerStarts(): number;
}

export function createPhotoReader(options: PhotoReaderOptions = {}): PhotoReaderWithStats {
  let langPath: string | undefined;
  const languageData = () => (langPath ??= prepareLanguageData(options.dataDir));
  const engine = (name: string) => new OcrEngine({ name, languages: OCR_LANGUAGES, langPath: languageData, parameters: TESSERACT_PARAMETERS, log: options.log, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const primary = engine('primary');
  const check = engine('check');

  async function read(image: Buffer): Promise<PhotoReading> {
    const started = performance.now();
    let pages: [OcrPage, OcrPage];
    try {
      const grey = await greyUpright(image);
      const readWith = async (engine: OcrEngine, prepared: PreparedImage) => {
        if (prepared.ink > MAX_INK) throw new NoiseError();
        return engine.run((worker) => recognise(worker, prepared.png));
      };
      // The check's image is prepared while the primary's is being read.
      const first = await prepare(grey, PRIMARY_VARIANT);
      const primaryPage = readWith(primary, first);
      primaryPage.catch(() => undefined);
      const second = await prepare(grey, CHECK_VARIANT);
      pages = await Promise.all([primaryPage, readWith(check, second)]);
    } catch (error) {
      if (!(error instanceof NotAnImageError || error instanceof OcrTimeoutError || error instanceof NoiseError)) throw error;
      options.log?.info({ ms: Math.round(performance.now() - started), cause: error.name }, 'photo unreadable');
      return { ranges: [], doubts: [], leftOut: [], unreadable: true, elapsedMs: performance.now() - started };
    }
    const reading = combineReadings(pages[0].lines.map(cleanLine), pages[1].lines.map(cleanLine));
    const elapsedMs = performance.now() - started;
    // Counts and timings only: the text holds the shop's invoice numbers.
    options.log?.info(
      { ms: Math.round(elapsedMs), ranges: reading.ranges.length, doubts: reading.doubts.length, leftOut: reading.leftOut.length, unreadable: reading.unreadable },
      'photo read',
    );
    return { ...reading, elapsedMs };
  }

  return {
    read,
    close: async () => {
      await Promise.all([primary.close(), check.close()]);
    },
    workerStarts: () => Math.max(primary.workerStarts, check.workerStarts),
  };
}
