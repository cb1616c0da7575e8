// Logged-in sessions with an idle timeout on the simulator clock, like the platform's
// 「閒置時間過久」 logout. Every authenticated request moves the idle deadline.
import { randomBytes } from 'node:crypto';
import type { FixtureAccount } from './fixture.ts';

export interface Session {
  readonly id: string;
  readonly account: FixtureAccount;
  lastSeenMs: number;
}

export interface SessionStore {
  create(account: FixtureAccount, now: Date): Session;
  /** The live session, its idle deadline moved; null when missing or idle too long (then it is gone). */
  touch(id: string | undefined, now: Date): Session | null;
  end(id: string | undefined): void;
  count(): number;
  clear(): void;
}

export function createSessionStore(idleMs: number): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    create(account, now) {
      const session: Session = { id: newId(), account, lastSeenMs: now.getTime() };
      sessions.set(session.id, session);
      return session;
    },
    touch(id, now) {
      const session = id === undefined ? undefined : sessions.get(id);
      if (session === undefined) return null;
      if (now.getTime() - session.lastSeenMs > idleMs) {
        sessions.delete(session.id);
        return null;
      }
      session.lastSeenMs = now.getTime();
      return session;
    },
    end(id) {
      if (id !== undefined) sessions.delete(id);
    },
    count: () => sessions.size,
    clear: () => sessions.clear(),
  };
}

export function newId(): string {
  return randomBytes(18).toString('base64url');
}
