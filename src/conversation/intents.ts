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
  | 'no'
  | 'erase'
  | 'deleteStore';

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
  // 刪除我的資料, 刪除我的所有資料, 清除資料, 刪除帳號, …
  ['erase', /^(刪除|刪掉|清除|移除)(我的|所有的?|全部的?)*(個人)?(資料|帳號)$/],
  ['deleteStore', /^(刪除|刪掉|移除)(這家|這間|一家|一間)?(商店|店家|店)$/],
  ['no', /^(不是|不是分店|不是分公司|沒有分店|沒有分支|沒有分公司|否|no)$/],
  ['yes', /^(是|是的|對|對的|確定|好|好的|ok|yes|是分店|確定這期沒有|確定，這期沒有|確定這期沒有空白發票|確定刪除)$/],
];

/** Reads a command from loose text: full-width, spaces and punctuation do not matter. */
export function commandOf(text: string): Command | null {
  const folded = foldText(text)
    .toLowerCase()
    .replace(/[\s。，,.!！~～、]/g, '');
  return COMMANDS.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
}

// Words that say the message carries a password (密碼 是…, password: …).
const PASSWORD_WORDS = /密碼|密码|password|passwd|pwd/i;
// What a password is made of: printable ASCII, no spaces (any symbols: - _ ! @ # . …).
const PASSWORD_TOKEN = /^[\x21-\x7e]{6,64}$/;
// An invoice number or range, maybe mistyped: the two-letter track, digits, then only what ranges
// use (AB12345678-12345699, AB-12345678~12345699, AB12345678~AB12345699, AB1234S678-99).
const INVOICE_LIKE = /^[a-z]{2}-?\d{3,}[a-z\d\-~,./:]*$/i;
// Not secrets even with letters and digits: links, e-mail addresses (an account), times.
const NOT_SECRET = [/:\/\/|^www\./i, /^[\w.+-]+@[a-z\d-]+(\.[a-z\d-]+)*\.[a-z]{2,}$/i, /^\d{1,2}:\d{2}(:\d{2})?(am|pm)?$/i];
// A longer message (a pasted POS screen, a question) is not read word by word.
const MAX_WORDS = 4;
// Beside Chinese, a word of letters and digits is a name or a code (小林咖啡 2F-A101), unless the account is named.
const ACCOUNT_WORDS = /帳號|账号|帳密|account|login|登入/i;

/**
 * Whether a message looks like a password typed into the chat, so the owner is warned and
 * the message is not kept. A word of letters and digits (symbols or not) is taken for one;
 * invoice numbers and ranges, 統一編號, periods and Chinese text are not.
 */
export function looksLikePassword(text: string): boolean {
  const folded = foldText(text).trim();
  if (PASSWORD_WORDS.test(folded)) return true;
  const words = folded.split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || words.length > MAX_WORDS || !words.some(isPasswordLike)) return false;
  if (words.length > 1 && !words.every((word) => /^[\x21-\x7e]+$/.test(word)) && !ACCOUNT_WORDS.test(folded)) return false;
  const parsed = parseRanges(folded);
  return parsed.ranges.length === 0 && parsed.leftOut.length === 0;
}

function isPasswordLike(word: string): boolean {
  if (!PASSWORD_TOKEN.test(word) || !/[a-z]/i.test(word) || !/\d/.test(word)) return false;
  return !INVOICE_LIKE.test(word) && !NOT_SECRET.some((pattern) => pattern.test(word));
}
