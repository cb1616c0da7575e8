// MIG 4.x E0402 (BranchTrackBlank): the message software uses to report blank numbers, one track
// per message. Kept next to the manual route so a Turnkey upload can replace the browser one day.
import { formatNumber, isTrack } from './invoice-number.ts';
import { isInvoiceType } from './invoice-type.ts';
import type { InvoiceType } from './invoice-type.ts';
import { yearMonthCode } from './period.ts';
import type { Period } from './period.ts';
import { groupByTrack, isValidRange, rangesOverlap, sortRanges } from './range.ts';
import type { InvoiceRange } from './range.ts';

export const E0402_NAMESPACE = 'urn:GEINV:eInvoiceMessage:E0402:4.1';

/** Who reports: without branches both BANs are the shop's own 統一編號. */
export interface E0402Store {
  readonly headBan: string;
  readonly branchBan: string;
  readonly invoiceType: InvoiceType;
}

export interface E0402Input extends E0402Store {
  readonly period: Period;
  readonly track: string;
  readonly ranges: readonly InvoiceRange[];
}

export interface E0402File {
  readonly fileName: string;
  readonly track: string;
  readonly xml: string;
}

export type E0402ErrorKind =
  | 'invalid-ban'
  | 'invalid-invoice-type'
  | 'invalid-track'
  | 'no-ranges'
  | 'mixed-tracks'
  | 'invalid-range'
  | 'overlapping-ranges';

/** A programming error upstream: owner input is checked long before a message is built. */
export class E0402InputError extends Error {
  override readonly name = 'E0402InputError';

  constructor(
    readonly kind: E0402ErrorKind,
    readonly detail: string,
  ) {
    super(`cannot build E0402 (${kind}): ${detail}`);
  }
}

export function buildE0402(input: E0402Input): string {
  validate(input);
  const items = sortRanges(input.ranges).map(itemXml).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<BranchTrackBlank xmlns="${E0402_NAMESPACE}">`,
    '  <Main>',
    `    ${element('HeadBan', input.headBan)}`,
    `    ${element('BranchBan', input.branchBan)}`,
    `    ${element('InvoiceType', input.invoiceType)}`,
    `    ${element('YearMonth', yearMonthCode(input.period))}`,
    `    ${element('InvoiceTrack', input.track)}`,
    '  </Main>',
    '  <Details>',
    items,
    '  </Details>',
    '</BranchTrackBlank>',
    '',
  ].join('\n');
}

/** One file per track, tracks in alphabetical order; no blank numbers means nothing to send. */
export function e0402Files(store: E0402Store, period: Period, ranges: readonly InvoiceRange[]): E0402File[] {
  return groupByTrack(ranges).map(({ track, ranges: trackRanges }) => ({
    fileName: `E0402_${store.branchBan}_${yearMonthCode(period)}_${track}.xml`,
    track,
    xml: buildE0402({ ...pickStore(store), period, track, ranges: trackRanges }),
  }));
}

// Callers may pass a richer store record; only these fields belong in the message.
function pickStore(store: E0402Store): E0402Store {
  return { headBan: store.headBan, branchBan: store.branchBan, invoiceType: store.invoiceType };
}

function itemXml(range: InvoiceRange): string {
  return [
    '    <BranchTrackBlankItem>',
    `      ${element('InvoiceBeginNo', formatNumber(range.start))}`,
    `      ${element('InvoiceEndNo', formatNumber(range.end))}`,
    '    </BranchTrackBlankItem>',
  ].join('\n');
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// ---- Checks ----------------------------------------------------------------------------------

// BANs are checked for shape only: the checksum is enforced where the owner types them (ubnProblem).
function validate(input: E0402Input): void {
  for (const [field, ban] of [['HeadBan', input.headBan], ['BranchBan', input.branchBan]] as const) {
    if (!/^\d{8}$/.test(ban)) throw new E0402InputError('invalid-ban', `${field} must be 8 digits`);
  }
  if (!isInvoiceType(input.invoiceType)) {
    const got = JSON.stringify(input.invoiceType);
    throw new E0402InputError('invalid-invoice-type', `InvoiceType must be 07 or 08, got ${got}`);
  }
  if (!isTrack(input.track)) {
    throw new E0402InputError('invalid-track', `track must be two capital letters, got ${JSON.stringify(input.track)}`);
  }
  validateRanges(input.track, input.ranges);
}

function validateRanges(track: string, ranges: readonly InvoiceRange[]): void {
  if (ranges.length === 0) throw new E0402InputError('no-ranges', 'an E0402 message needs at least one range');
  const foreign = ranges.find((r) => r.track !== track);
  if (foreign !== undefined) {
    throw new E0402InputError('mixed-tracks', `one message per track: ${foreign.track} range in a ${track} message`);
  }
  const invalid = ranges.find((r) => !isValidRange(r));
  if (invalid !== undefined) throw new E0402InputError('invalid-range', `bad range ${JSON.stringify(invalid)}`);
  const sorted = sortRanges(ranges);
  sorted.forEach((range, i) => {
    const previous = sorted[i - 1];
    if (previous !== undefined && rangesOverlap(previous, range)) {
      throw new E0402InputError('overlapping-ranges', `${JSON.stringify(previous)} overlaps ${JSON.stringify(range)}`);
    }
  });
}
