/**
 * Postback data of the bot's buttons: `a=<action>&n=<nonce>&…`. Step buttons carry
 * the nonce of the step that drew them; menu buttons (rich menu) carry none.
 */
export type PostbackAction =
  | 'menu'
  | 'register'
  | 'upload'
  | 'status'
  | 'settings'
  | 'help'
  | 'cancel'
  | 'howto'
  | 'store'
  | 'period'
  | 'nothing'
  | 'noBranch'
  | 'invoiceType'
  | 'confirm'
  | 'edit'
  | 'credentials'
  | 'rename'
  | 'changeType'
  | 'start'
  | 'retry'
  | 'verify'
  | 'fix'
  | 'proof'
  | 'confirmNothing'
  | 'undoNothing'
  | 'branch'
  | 'correct'
  | 'deleteStore'
  | 'erase'
  /** After a photo: take another one. */
  | 'retake'
  /** After a photo: type the numbers instead. */
  | 'typeNumbers';

export interface Postback {
  readonly action: PostbackAction;
  readonly nonce?: string;
  readonly params: Readonly<Record<string, string>>;
}

export function encodePostback(action: PostbackAction, nonce?: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams({ a: action, ...(nonce ? { n: nonce } : {}), ...params });
  return search.toString();
}

export function decodePostback(data: string): Postback | null {
  const search = new URLSearchParams(data);
  const action = search.get('a');
  if (!action) return null;
  const params: Record<string, string> = {};
  for (const [key, value] of search) if (key !== 'a' && key !== 'n') params[key] = value;
  const nonce = search.get('n') ?? undefined;
  return { action: action as PostbackAction, ...(nonce ? { nonce } : {}), params };
}
