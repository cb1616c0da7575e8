// Reading blank ranges from a photo of a POS screen, offline.
export { createPhotoReader } from './reader.ts';
export type { PhotoReaderOptions, PhotoReaderWithStats } from './reader.ts';
export { LanguageDataMissingError } from './language-data.ts';
export type * from './types.ts';
