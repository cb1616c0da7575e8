// Correcting numbers already uploaded: what is on the platform → the complete right list →
// what changes (deleted, added, unchanged) → queued. The platform needs wrong rows deleted first.

export const correctCopy = {
  button: '修改已上傳的號碼',
  /** On 狀態, when more than one period can be corrected. */
  periodButton: (label: string) => `修改 ${label}`,
  chooseStore: '要修改哪一家店的號碼？',
  choosePeriod: (store: string) => `「${store}」要修改哪一期？`,
  nothingUploaded: (store: string) => `「${store}」最近沒有上傳過的號碼，不用修改。要上傳的話，按「上傳空白發票」。`,
  notUploaded: (store: string, label: string) => `「${store}」${label} 還沒上傳過，不用修改。要上傳的話，按「上傳空白發票」。`,
  busy: (store: string, label: string) => `「${store}」${label} 正在處理中，等我通知結果後再修改喔。`,
  uploaded: (store: string, label: string, lines: string[]) =>
    lines.length > 0 ? `「${store}」${label} 已上傳的號碼：\n${lines.join('\n')}` : `「${store}」${label} 目前沒有已上傳的號碼。`,
  uploadedLine: (range: string, count: string) => `${range}（${count} 張）`,
  askRanges:
    '請輸入這期「全部」正確的未使用發票號碼，沒有要改的也一起輸入，一行一段，例如：\nMM16937074-16937099',
  editPrompt: '好的，請重新輸入。',
  unchanged: (store: string, label: string) => `跟「${store}」${label} 已上傳的號碼一樣，不用修改 ✔`,
  confirmTitle: '確認修改已上傳的號碼',
  confirmButton: '確認修改',
  editButton: '修改',
  sections: { remove: '會刪除', add: '會新增', keep: '不變' },
  order: '會先刪除，再新增。',
  altText: (store: string, label: string, removed: number, added: number) =>
    `${correctCopy.confirmTitle}：${store} ${label} 刪除 ${removed} 段、新增 ${added} 段`,
  queued: (store: string, label: string) => `收到！我會修改「${store}」${label} 的號碼：先刪除、再新增，完成後通知你。`,
} as const;
