import { foldText } from '../invoice/normalize-text.ts';
import { parseRanges } from '../invoice/parse-ranges.ts';

/** Commands an owner can type (or tap) at any point. */
export type Command =
  | 'cancel'
  | 'menu'
  | 'help'
  | 'status'
  | 'settings'
  | 'upload'
  | 'register'
  | 'nothing'
  | 'howto'
  | 'correct'
  | 'retry'
  | 'fix'
  | 'confirm'
  | 'credentials'
  | 'undo'
  | 'check'
  | 'yes'
  | 'no';

const COMMANDS: ReadonlyArray<readonly [Command, RegExp]> = [
  ['cancel', /^(取消|cancel|算了|不要了|不用了|結束|退出)$/],
  ['nothing', /^(這期)?(沒有空白發票|沒有空白|沒有|無空白發票|無)$/],
  ['howto', /^(怎麼查|怎麼看|如何查詢?)$/],
  ['status', /^(狀態|查詢?狀態|進度|status)$/],
  ['help', /^(說明|幫助|help|使用說明|\?|？)$/],
  ['menu', /^(選單|menu|主選單|你好|哈囉|hi|hello)$/],
  ['settings', /^(商店設定|設定|setting|settings)$/],
  ['register', /^(設定我的商店|新增商店|註冊|新增一家店|加一家店)$/],
  ['upload', /^(上傳空白發票|上傳|回報|開始回報|回報空白發票|空白發票|上傳發票)$/],
  // 修改已上傳的號碼, 更正已送出的發票號碼, 改上傳的號碼, 上傳的號碼打錯了, …
  ['correct', /^(修改|更改|改|更正|修正)(已經?|之前|剛剛|剛才)?(上傳|送出|回報)(過)?的?(空白)?(發票)?(號碼)?$/],
  ['correct', /^(已經?|之前|剛剛|剛才)?(上傳|送出|回報)(過)?的?(空白)?(發票)?(號碼)?(打錯|填錯|寫錯|傳錯|有錯|錯)了?$/],
  // The words of the buttons, typed by an owner whose buttons are gone.
  ['retry', /^(再試一次|再試|重試|重新上傳|再上傳一次|重新送出)$/],
  ['fix', /^(修改號碼|處理一下|幫我處理)$/],
  ['confirm', /^(確認上傳|確定上傳|確認送出|確認修改)$/],
  ['credentials', /^(更新平台帳號密碼|填寫平台帳號密碼|更新密碼|更新平台密碼|修改密碼|重設密碼)$/],
  ['check', /^(查看結果|看結果|確認結果|查結果|確認平台資料)$/],
  ['undo', /^(改回要上傳|改回要回報|改回待回報|我有空白發票|其實有空白發票)$/],
  ['no', /^(不是|不是分店|不是分公司|沒有分店|沒有分支|沒有分公司|否|no)$/],
  ['yes', /^(是|是的|對|對的|確定|好|好的|ok|yes|是分店|確定這期沒有|確定，這期沒有|確定這期沒有空白發票)$/],
];

/** Reads a command from loose text: full-width, spaces and punctuation do not matter. */
export function commandOf(text: string): Command | null {
  const folded = foldText(text)
    .toLowerCase()
    .replace(/[\s。，,.!！~～、]/g, '');
  return COMMANDS.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
}

/**
 * Whether a message looks like a password typed into the chat, so the owner can
 * be warned. Invoice numbers (letters and digits too) are not passwords.
 */
export function looksLikePassword(text: string): boolean {
  const trimmed = foldText(text).trim();
  if (/密碼|password|passwd|pwd/i.test(trimmed)) return true;
  if (!/^\S{6,32}$/.test(trimmed)) return false;
  if (!/[a-z]/i.test(trimmed) || !/\d/.test(trimmed)) return false;
  if (/^[a-z]{2}\d{5,}/i.test(trimmed) || /[-~至到]/.test(trimmed)) return false; // an invoice number, maybe mistyped
  const parsed = parseRanges(trimmed);
  return parsed.ranges.length === 0 && parsed.leftOut.length === 0;
}
