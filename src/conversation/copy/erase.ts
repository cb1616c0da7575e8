// Deleting on request: 「刪除我的資料」 (everything the bot keeps about the owner) and 「刪除這家店」 (one
// store). The question says what goes and what stays: uploads stay on the Ministry's platform.

const STAYS = '不會刪除：已經上傳到財政部平台的號碼會留在平台上，我沒辦法幫你刪除。';
const FINAL = '刪除後不能復原。';
const STOPS = '• 進行中的上傳也會停止';

export const eraseCopy = {
  eraseMeButton: '刪除我的資料',
  deleteStoreButton: '刪除這家店',
  confirmButton: '確定刪除',
  askMe: (storeNames: readonly string[], uploading: boolean) =>
    [
      '確定要刪除你在這裡的所有資料嗎？',
      '',
      '會刪除：',
      ...(storeNames.length > 0
        ? [`• 商店設定：${storeNames.map((name) => `「${name}」`).join('、')}`, '• 我幫你保存的平台帳號密碼（平台上的帳號不受影響）']
        : []),
      '• 你傳給我的發票號碼和上傳紀錄',
      '• 我們的對話紀錄和圖片',
      ...(uploading ? [STOPS] : []),
      '',
      STAYS,
      FINAL,
    ].join('\n'),
  meErased: '你的資料都刪除了 ✔\n已經上傳到財政部平台的號碼還在平台上。\n謝謝你的使用！想再用的時候，按「設定我的商店」就能重新開始。',
  askStore: (name: string, uploading: boolean) =>
    [
      `確定要刪除「${name}」嗎？`,
      '',
      '會刪除：',
      '• 這家店的設定和我幫你保存的平台帳號密碼（平台上的帳號不受影響）',
      '• 這家店的發票號碼和上傳紀錄',
      '• 跟這家店有關的對話訊息和圖片',
      ...(uploading ? [STOPS] : []),
      '',
      STAYS,
      FINAL,
    ].join('\n'),
  storeErased: (name: string) => `「${name}」刪除了 ✔\n已經上傳到財政部平台的號碼還在平台上。`,
  chooseStore: '要刪除哪一家店？',
  unclear: '要刪除的話，請按「確定刪除」；不刪了就按「取消」。',
  askAgain: '剛剛的問題已經超過 30 分鐘了，請再確認一次：',
} as const;
