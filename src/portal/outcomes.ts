import type { InvoiceRange } from '../invoice/range.ts';

/**
 * How a platform operation can end, besides success. Each kind decides what the
 * job does next (retry later, ask the owner, give up) and what the owner is told.
 */
export type PortalFailureKind =
  | 'bad-credentials'
  | 'account-locked'
  | 'captcha-rejected'
  | 'captcha-unanswered'
  /** The owner said 取消 to the captcha: the job stops, and the owner already knows why. */
  | 'captcha-cancelled'
  | 'maintenance'
  | 'server-error'
  | 'timeout'
  | 'session-expired'
  | 'period-unavailable'
  | 'bot-check'
  | 'aborted'
  | 'unexpected';

export interface Diagnostics {
  readonly screenshotPath: string | undefined;
  readonly htmlPath: string | undefined;
  /** Roles and accessible names of what the page shows: what profile.ts is written against. */
  readonly outlinePath: string | undefined;
}

export class PortalError extends Error {
  constructor(
    readonly kind: PortalFailureKind,
    message: string,
    readonly platformMessage?: string,
    readonly diagnostics?: Diagnostics,
  ) {
    super(message);
    this.name = 'PortalError';
  }

  /** Platform maintenance and passing faults: try again later without spending an attempt on the owner's side. */
  get retryLater(): boolean {
    return this.kind === 'maintenance';
  }
}

/** Inside the driver: the platform sent the session back to its login page (logged in again once, then a failure). */
export class SignedOut extends Error {}

export type RangeStatus = 'saved' | 'already-listed' | 'refused';

export interface RangeResult {
  readonly range: InvoiceRange;
  readonly status: RangeStatus;
  /** The platform's own words, for a refused range. */
  readonly platformMessage?: string;
  /** The platform refused it as overlapping a saved range (it may be our own earlier save). */
  readonly duplicate?: boolean;
}

export type DeleteStatus = 'deleted' | 'not-listed';

/** What happened to one range asked to be deleted from the 查詢 listing. */
export interface DeleteResult {
  readonly range: InvoiceRange;
  /** 'not-listed': the listing does not show it (never saved, already gone, or not listed yet: rows appear about 2 hours after 存檔). */
  readonly status: DeleteStatus;
}

/** One row of the 查詢 listing, as the platform shows it. */
export interface ListedRow {
  readonly branchUbn: string;
  readonly invoiceType: string;
  readonly periodLabel: string;
  readonly track: string;
  readonly start: number;
  readonly end: number;
}

export interface Listing {
  readonly rows: readonly ListedRow[];
  /** A screenshot of the listing's first page, as proof for the owner. */
  readonly screenshot?: Buffer;
}
