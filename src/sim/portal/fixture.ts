// The simulator's world: who can log in and which tracks each 統一編號 was allocated.
// Allocations without a period hold in every period, so the fixture never goes stale.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { periodFromKey } from '../../invoice/period.ts';
import { isValidUbn } from '../../invoice/ubn.ts';

export interface FixtureAccount {
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
  readonly name: string;
  readonly branches: readonly string[];
}

export interface Allocation {
  readonly ubn: string;
  readonly track: string;
  readonly start: string;
  readonly end: string;
  /** Period key such as '11510'; null when allocated in every period. */
  readonly period: string | null;
}

export interface PortalFixture {
  readonly accounts: readonly FixtureAccount[];
  readonly allocations: readonly Allocation[];
}

const DEFAULT_FIXTURE_URL = new URL('./fixture.json', import.meta.url);
const MAX_GENERATED_STORES = 500;

const ubnSchema = z.string().refine(isValidUbn, { message: 'not a valid 統一編號 (checksum)' });
const numberSchema = z.string().regex(/^\d{8}$/, 'invoice numbers are 8 digits');

const fixtureSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      ubn: ubnSchema,
      account: z.string().min(1),
      password: z.string().min(1),
      name: z.string().min(1),
      branches: z.array(ubnSchema).default([]),
    }),
  ),
  allocations: z.array(
    z.strictObject({
      ubn: ubnSchema,
      track: z.string().regex(/^[A-Z]{2}$/, 'a track is two capital letters'),
      start: numberSchema,
      end: numberSchema,
      period: z.string().refine((key) => periodFromKey(key) !== null, 'period keys look like 11510').optional(),
    }),
  ),
  generatedStores: z.number().int().min(0).max(MAX_GENERATED_STORES).default(0),
});

export type FixtureData = z.input<typeof fixtureSchema>;

export interface FixtureOptions {
  /** A path to a JSON file or the data itself; the bundled fixture.json when absent. */
  readonly source?: string | FixtureData;
  /** Overrides the file's `generatedStores`. */
  readonly generatedStores?: number;
}

export function loadFixture(options: FixtureOptions = {}): PortalFixture {
  const raw = options.source ?? DEFAULT_FIXTURE_URL;
  const data = typeof raw === 'object' && !(raw instanceof URL) ? raw : JSON.parse(readFileSync(raw, 'utf8'));
  const parsed = fixtureSchema.safeParse(data);
  if (!parsed.success) throw new Error(`portal simulator fixture is invalid:\n${z.prettifyError(parsed.error)}`);
  const stores = generateStores(options.generatedStores ?? parsed.data.generatedStores);
  const fixture: PortalFixture = {
    accounts: [...parsed.data.accounts, ...stores.accounts],
    allocations: [
      ...parsed.data.allocations.map((a) => ({ ...a, period: a.period ?? null })),
      ...stores.allocations,
    ],
  };
  checkConsistency(fixture);
  return fixture;
}

function checkConsistency(fixture: PortalFixture): void {
  const problems: string[] = [];
  const logins = new Set<string>();
  const known = new Set(fixture.accounts.flatMap((a) => [a.ubn, ...a.branches]));
  for (const account of fixture.accounts) {
    const key = `${account.ubn}/${account.account}`;
    if (logins.has(key)) problems.push(`account ${key} appears twice`);
    logins.add(key);
  }
  for (const allocation of fixture.allocations) {
    const name = `${allocation.ubn} ${allocation.track} ${allocation.start}-${allocation.end}`;
    if (!known.has(allocation.ubn)) problems.push(`allocation ${name}: no account owns this 統一編號`);
    if (allocation.end < allocation.start) problems.push(`allocation ${name}: end is before start`);
  }
  if (problems.length > 0) throw new Error(`portal simulator fixture is inconsistent:\n${problems.join('\n')}`);
}

/**
 * store01…storeNN: one account and one 10,000-number track each, the same on every run,
 * for tests that need many stores at once (concurrency, crash recovery).
 */
export function generateStores(count: number): PortalFixture {
  const accounts: FixtureAccount[] = [];
  const allocations: Allocation[] = [];
  for (let i = 0; i < count; i++) {
    const label = String(i + 1).padStart(2, '0');
    const ubn = firstValidUbnFrom(30_000_000 + i * 1_000);
    accounts.push({ ubn, account: `store${label}`, password: `Sim-Pass-store${label}`, name: `模擬商店${label}`, branches: [] });
    const start = 20_000_000 + i * 10_000;
    allocations.push({ ubn, track: generatedTrack(i), start: eightDigits(start), end: eightDigits(start + 9_999), period: null });
  }
  return { accounts, allocations };
}

// SA, SB, … SZ, TA, …: far from the hand-written fixture's tracks.
function generatedTrack(index: number): string {
  const first = String.fromCharCode(65 + ((18 + Math.floor(index / 26)) % 26));
  return first + String.fromCharCode(65 + (index % 26));
}

function firstValidUbnFrom(start: number): string {
  for (let n = start; ; n++) {
    const ubn = eightDigits(n);
    if (isValidUbn(ubn)) return ubn;
  }
}

function eightDigits(n: number): string {
  return String(n).padStart(8, '0');
}

/** The 統一編號s an account may report for: its own first, then its branches. */
export function ubnsOf(account: FixtureAccount): readonly string[] {
  return [account.ubn, ...account.branches];
}
