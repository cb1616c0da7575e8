// Language data for the OCR worker, from this machine only: nothing is ever downloaded.
// tesseract.js reads every language from one directory in one form, but eng ships gzipped in
// node_modules (@tesseract.js-data/eng) and chi_tra comes unzipped from Debian (tesseract-ocr-chi-tra),
// so both are put side by side, unzipped, in a directory of our own.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const OCR_LANGUAGES = ['eng', 'chi_tra'] as const;

// LSTM-only integer model: what OEM.LSTM_ONLY runs, and a third of the full model's size.
const ENG_PACKAGE_FILE = '4.0.0_best_int/eng.traineddata.gz';

// Where Debian's tesseract-ocr-chi-tra puts its file (Tesseract 5, then 4), and TESSDATA_PREFIX when set.
function chiTraCandidates(): string[] {
  const prefix = process.env.TESSDATA_PREFIX;
  return [
    ...(prefix ? [join(prefix, 'chi_tra.traineddata'), join(prefix, 'tessdata', 'chi_tra.traineddata')] : []),
    '/usr/share/tesseract-ocr/5/tessdata/chi_tra.traineddata',
    '/usr/share/tesseract-ocr/4.00/tessdata/chi_tra.traineddata',
  ];
}

export class LanguageDataMissingError extends Error {
  constructor(what: string) {
    super(`OCR language data missing: ${what}. Run scripts/setup.sh (or apt-get install tesseract-ocr-chi-tra).`);
    this.name = 'LanguageDataMissingError';
  }
}

/** A directory holding eng.traineddata and chi_tra.traineddata, unzipped; prepared once, reused after. */
export function prepareLanguageData(baseDir?: string): string {
  const dir = join(baseDir ?? tmpdir(), 'ocr-lang');
  mkdirSync(dir, { recursive: true });
  placeOnce(join(dir, 'eng.traineddata'), () => gunzipSync(readFileSync(engPackageFile())));
  placeOnce(join(dir, 'chi_tra.traineddata'), () => readFileSync(chiTraFile()));
  return dir;
}

function engPackageFile(): string {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  } catch {
    throw new LanguageDataMissingError('npm package @tesseract.js-data/eng');
  }
  return join(packageDir, ENG_PACKAGE_FILE);
}

function chiTraFile(): string {
  const found = chiTraCandidates().find((path) => existsSync(path));
  if (found === undefined) throw new LanguageDataMissingError('chi_tra.traineddata (Debian package tesseract-ocr-chi-tra)');
  return found;
}

// Written under another name and renamed, so a reader in another process never sees half a file.
function placeOnce(target: string, contents: () => Buffer): void {
  if (existsSync(target) && statSync(target).size > 0) return;
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, contents());
  renameSync(partial, target);
}
