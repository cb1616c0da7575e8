// What the owner hears after the bot has been to the platform.
import { correctCopy } from '../../conversation/copy/correct.ts';

export const resultCopy = {
  saved: (store: string, period: string, lines: string[], proofAt: string) =>
    `已送出 ✔「${store}」${period} 的空白發票：\n${lines.join('\n')}\n\n平台約 2 小時後才查得到，${proofAt} 左右我會請你按「查看結果」確認。`,
  alreadyListed: (store: string, period: string) => `「${store}」${period} 的空白發票平台上已經有了，不用重送 ✔`,
  refused: (store: string, period: string, lines: string[], deadline: string) =>
    `「${store}」${period} 有號碼被平台退回：\n${lines.join('\n')}\n\n請對一下 POS 上的號碼，按「修改號碼」重新輸入。\n${deadline}`,
  refusedLine: (range: string, reason: string) => `✘ ${range}：${reason}`,
  savedLine: (range: string, count: string) => `✔ ${range}（${count} 張）`,
  fixButton: '修改號碼',
  badCredentials: (store: string, period: string, deadline: string) =>
    `平台說「${store}」的帳號或密碼不對，所以 ${period} 還沒上傳。請用下面的連結重新填寫，填好我就繼續。\n${deadline}`,
  accountLocked: (store: string, period: string, deadline: string) =>
    `平台把「${store}」的帳號鎖住了（密碼錯太多次），${period} 還沒上傳。請先到平台用「忘記密碼」解鎖，再用下面的連結更新密碼，我就繼續上傳。\n${deadline}`,
  credentialsButton: '更新平台帳號密碼',
  needsCredentials: (store: string, period: string, deadline: string) =>
    `要上傳「${store}」${period} 的空白發票，還差平台的帳號密碼，請用下面的連結填寫，填好我就開始。\n${deadline}`,
  maintenance: (store: string, at: string) => `財政部平台正在維護，「${store}」的空白發票我會在 ${at} 再試一次，不用做任何事。`,
  captchaTimeout: (store: string, period: string, deadline: string) =>
    `等不到驗證碼，「${store}」${period} 先停下來了，還沒上傳。\n${deadline}\n方便時按「再試一次」。`,
  captchaCancelled: (store: string, period: string, deadline: string) =>
    `好的，「${store}」${period} 先不上傳了。\n${deadline}\n準備好了按「再試一次」。`,
  retryButton: '再試一次',
  gaveUp: (store: string, period: string, deadline: string) =>
    `「${store}」${period} 的空白發票試了好幾次都沒有成功上傳，我先停下來了。\n${deadline}\n請稍後按「再試一次」；一直不行的話，也可以直接到財政部平台上傳。`,
  proof: (store: string, period: string, lines: string[], next: string) =>
    `✅ 平台已查到「${store}」${period} 的空白發票：\n${lines.join('\n')}\n\n這期完成了 🎉\n${next}到時我會提醒你。`,
  proofImageLink: (url: string) => `查詢畫面截圖：${url}`,
  stillMissing: (store: string, period: string, deadline: string, lines: string[]) =>
    `⚠️「${store}」${period} 還有號碼在平台查不到，離期限（${deadline}）不到一天：\n${lines.join('\n')}\n\n可以按「再試一次」重新上傳，或直接到平台確認。`,
  verifyCaptchaTimeout: (store: string) => `查詢「${store}」的資料需要驗證碼，這次先停下來了。方便時再按「查看結果」。`,
  lingeringLine: (range: string) => `• ${range}（已經刪除，平台上還看得到）`,
  // Typed by the conversation too, so it stays the words it understands.
  correctButton: correctCopy.button,
} as const;

// A correction: the rows the owner no longer wants are deleted, then the right ones added.
export const correctionCopy = {
  done: (store: string, period: string, sections: string[]) => `已修改 ✔「${store}」${period} 的空白發票：\n${sections.join('\n')}`,
  removed: (lines: string[]) => `已刪除：\n${lines.join('\n')}`,
  added: (lines: string[]) => `已新增：\n${lines.join('\n')}`,
  refused: (lines: string[]) => `平台退回：\n${lines.join('\n')}\n請對一下 POS 上的號碼，按「修改號碼」重新輸入。`,
  line: (range: string, count: string) => `• ${range}（${count} 張）`,
  proofAt: (at: string) => `\n平台約 2 小時後才查得到，${at} 左右我會請你按「查看結果」確認。`,
  waiting: (store: string, period: string, at: string) =>
    `「${store}」${period} 之前送出的號碼，平台還在處理（送出後約 2 小時才查得到），現在還不能刪除。\n我會在 ${at} 左右再去修改，不用做任何事；到時平台要驗證碼的話，會請你幫忙。`,
} as const;
