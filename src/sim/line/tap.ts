// Tapping a button the bot showed: find the newest message to the user with that label and do what LINE would.
import { actionsOf } from './inspect-messages.ts';
import type { Store } from './store.ts';
import type { ActionInfo, TapResult } from './types.ts';
import type { UserSide } from './user-side.ts';

export interface TapOptions {
  /** For a datetime picker: what the user picked, e.g. `{ date: '2025-03-10' }`. */
  readonly params?: Readonly<Record<string, string>>;
}

export interface TapDeps {
  readonly store: Store;
  readonly users: UserSide;
  readonly now: () => Date;
}

export async function tap(deps: TapDeps, userId: string, label: string, options: TapOptions = {}): Promise<TapResult> {
  const { store, users } = deps;
  const action = newestAction(store, userId, label);
  switch (action.type) {
    case 'postback':
      return { kind: 'postback', delivery: await users.postback(userId, action.data ?? '', undefined, { displayText: action.displayText ?? action.text }) };
    case 'datetimepicker':
      return { kind: 'postback', delivery: await users.postback(userId, action.data ?? '', options.params ?? picked(action, deps.now())) };
    case 'message':
      return { kind: 'message', delivery: await users.sendText(userId, action.text ?? '') };
    case 'uri':
      return { kind: 'uri', uri: action.uri ?? '' };
    default:
      throw new Error(`tapping a "${action.type}" action (「${label}」) is not simulated`);
  }
}

function newestAction(store: Store, userId: string, label: string): ActionInfo {
  const messages = store.botMessages.get(userId) ?? [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    const action = message ? actionsOf(message).find((candidate) => candidate.label === label) : undefined;
    if (action) return action;
  }
  const seen = [...messages].reverse().flatMap((message) => actionsOf(message).map((action) => `「${action.label}」`));
  throw new Error(
    `no button labelled 「${label}」 in the bot's ${messages.length} message(s) to ${userId}; ` +
      `labels seen, newest first: ${seen.length > 0 ? seen.join(' ') : '(none)'}`,
  );
}

/** Without explicit params a picker answers with its initial value (or now), as when the user just presses OK. */
function picked(action: ActionInfo, now: Date): Record<string, string> {
  const mode = action.mode ?? 'datetime';
  const iso = now.toISOString();
  const fallback = mode === 'date' ? iso.slice(0, 10) : mode === 'time' ? iso.slice(11, 16) : iso.slice(0, 16);
  return { [mode]: action.initial ?? fallback };
}
