// The platform's refusals in plain words for the owner. Its own texts are kept for operators
// (in the database and logs) but never shown raw: they are written for accountants.

const PLAIN: ReadonlyArray<readonly [RegExp, string]> = [
  [/相同區間|重複/, '平台上已經有這段號碼了（可能之前上傳過）'],
  [/不在配號區間|區間內/, '號碼不在這期配給你的範圍內，請對一下 POS 上的號碼'],
  [/字軌選單|字軌非此營業人|配號/, '這個字軌不是這期配給你的，請對一下 POS 上的字軌'],
  [/8\s*碼|八碼/, '號碼要是 8 位數字'],
  [/不可小於|小於起始/, '迄號比起號還小'],
  [/尚未開放|未開放/, '平台還沒開放這期上傳，過幾天再試'],
  [/統一編號/, '統一編號不對，請檢查商店設定'],
  [/發票類別/, '發票類別不對，請檢查商店設定'],
];

export const UNKNOWN_REFUSAL = '平台不接受這段號碼';

export function plainRefusal(platformMessage: string | null | undefined): string {
  if (!platformMessage) return UNKNOWN_REFUSAL;
  return PLAIN.find(([pattern]) => pattern.test(platformMessage))?.[1] ?? UNKNOWN_REFUSAL;
}
