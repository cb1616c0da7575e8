// Who may log in, the wrong-password counter, the 30-minute lock, and the record of every attempt.
// Passwords are compared here and never stored anywhere else — not in attempts, not in logs.
import { timingSafeEqual } from 'node:crypto';
import type { FixtureAccount, PortalFixture } from './fixture.ts';

export const MAX_PASSWORD_FAILURES = 5;
export const LOCK_MS = 30 * 60_000;

export type LoginOutcome =
  | 'success'
  | 'maintenance'
  | 'captcha-wrong'
  | 'unknown-account'
  | 'locked'
  | 'wrong-password'
  | 'locked-now';

export interface LoginAttempt {
  readonly at: string;
  readonly ubn: string;
  readonly account: string;
  readonly outcome: LoginOutcome;
}

export type CredentialCheck =
  | { readonly kind: 'success'; readonly account: FixtureAccount }
  | { readonly kind: 'unknown-account' }
  | { readonly kind: 'locked' }
  | { readonly kind: 'wrong-password'; readonly failures: number }
  | { readonly kind: 'locked-now' };

export interface Credentials {
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
}

interface FailureCount {
  failures: number;
  lockedUntil: number | null;
}

export interface LoginBook {
  check(credentials: Credentials, now: Date): CredentialCheck;
  record(at: Date, ubn: string, account: string, outcome: LoginOutcome): void;
  attempts(): readonly LoginAttempt[];
  clear(): void;
}

export function createLoginBook(fixture: PortalFixture): LoginBook {
  const counts = new Map<string, FailureCount>();
  const attempts: LoginAttempt[] = [];

  return {
    check({ ubn, account, password }, now) {
      const known = fixture.accounts.find((a) => a.ubn === ubn && a.account === account);
      if (known === undefined) return { kind: 'unknown-account' };
      const key = `${ubn}/${account}`;
      const count = liveCount(counts, key, now.getTime());
      if (count.lockedUntil !== null) return { kind: 'locked' };
      if (samePassword(password, known.password)) {
        counts.delete(key);
        return { kind: 'success', account: known };
      }
      count.failures += 1;
      if (count.failures < MAX_PASSWORD_FAILURES) return { kind: 'wrong-password', failures: count.failures };
      count.lockedUntil = now.getTime() + LOCK_MS;
      return { kind: 'locked-now' };
    },
    record(at, ubn, account, outcome) {
      attempts.push({ at: at.toISOString(), ubn, account, outcome });
    },
    attempts: () => attempts,
    clear() {
      counts.clear();
      attempts.length = 0;
    },
  };
}

/** The account's counter, started afresh once an earlier lock has run out. */
function liveCount(counts: Map<string, FailureCount>, key: string, nowMs: number): FailureCount {
  const existing = counts.get(key);
  if (existing !== undefined && (existing.lockedUntil === null || existing.lockedUntil > nowMs)) return existing;
  const fresh: FailureCount = { failures: 0, lockedUntil: null };
  counts.set(key, fresh);
  return fresh;
}

function samePassword(typed: string, expected: string): boolean {
  const a = Buffer.from(typed, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
