// A photo of the POS screen instead of typed numbers: what was read, what was not, and what to do next.
// Numbers read from a photo are never uploaded on a guess: anything unsure is named and typed by the owner.

export const photoCopy = {
  /** On the card, and first in every answer that shows numbers read from a photo. */
  fromPhoto: '這些號碼是從照片讀出來的，請對一下螢幕再確認 🙏',
  /** While the photo is being read and the reply token is about to lapse. */
  stillReading: '照片有點難讀，我還在看，看好馬上傳給你 🙏',
  unreadable: '這張照片我看不清楚 😅\n請拍近一點、不要反光，讓號碼清楚入鏡再傳一次；\n或直接把號碼打給我，例如：MM16937074-16937099',
  notReceived: '這張照片我沒有收到 😅 請再傳一次，或直接把號碼打給我，例如：MM16937074-16937099',
  retake: '好，請再拍一張傳給我：\n• 拍近一點，讓號碼佔滿畫面\n• 避開反光和陰影\n• 拿穩，等對焦清楚再拍',
  typeThem: (readTextAbove: boolean) =>
    `好的，請把 POS 上「未使用」的發票號碼打給我，一行一段，例如：\nMM16937074-16937099${readTextAbove ? '\n（可以複製上面我讀到的文字再改）' : ''}`,
  notHere: '這一步還用不到照片，請照下面的問題回覆 🙏',
  readClearly: '讀得清楚的：',
  doubt: {
    'low-confidence': (text: string) => `⚠️ 看不清楚：${text}`,
    'label-unclear': (text: string) => `⚠️ 這段是未使用的嗎？${text}`,
    'number-check': (text: string) => `⚠️ 號碼好像不太對：${text}`,
  },
  /** After the doubts: why nothing can be confirmed yet, and how to go on. */
  doubtsNextStep: (askedAboutLabels: boolean) =>
    [
      '有不確定的地方，我先不上傳。',
      askedAboutLabels ? '標著「這段是未使用的嗎？」的，是未使用的話請一起打給我，不是就不用打。' : '',
      '請按「修改號碼」把正確的號碼打給我（可以複製下一則讀到的文字再改），或重拍一張。',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  allUsed: (leftOut: readonly string[]) =>
    `照片上的號碼都是已經用掉的，沒有看到「未使用」的號碼：\n${leftOut.map((line) => `• ${line}`).join('\n')}\n\n這期都用完了的話，按「這期沒有空白發票」；不是的話，請重拍一張，或把號碼打給我。`,
  buttons: {
    typeThem: '修改號碼',
    typeInstead: '改用打字',
    retake: '重拍一張',
  },
} as const;
