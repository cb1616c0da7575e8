// An invoice number is a two-letter track (字軌) plus eight digits, e.g. MM16937074.
// Numbers are kept as integers so ranges can be counted and compared; they are padded only when shown.

export const MAX_INVOICE_NUMBER = 99_999_999;
export const NUMBER_DIGITS = 8;

const TRACK = /^[A-Z]{2}$/;

export function isTrack(text: string): boolean {
  return TRACK.test(text);
}

export function isInvoiceNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_INVOICE_NUMBER;
}

/** Eight digits, zero-padded, as the platform and the MIG expect. */
export function formatNumber(n: number): string {
  return String(n).padStart(NUMBER_DIGITS, '0');
}

export function formatInvoiceNumber(track: string, n: number): string {
  return `${track}${formatNumber(n)}`;
}

// Booklets hold 50 numbers starting at …00 or …50, so a blank range normally runs to a booklet's end.
export function endsOnBookletBoundary(end: number): boolean {
  const lastTwo = end % 100;
  return lastTwo === 49 || lastTwo === 99;
}
