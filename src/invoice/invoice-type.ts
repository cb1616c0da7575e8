// 發票類別: almost every shop is 07 一般稅額計算; 08 特種稅額計算 is for special-tax businesses.
import { foldText } from './normalize-text.ts';
import { invoiceTypeLabelText } from './messages.ts';

export type InvoiceType = '07' | '08';

export const INVOICE_TYPES: readonly InvoiceType[] = ['07', '08'];

export function invoiceTypeLabel(type: InvoiceType): string {
  return invoiceTypeLabelText[type];
}

export function isInvoiceType(text: string): text is InvoiceType {
  return text === '07' || text === '08';
}

// Owners answer with the code, a bare digit, part of the label (一般, 特種稅額) or a button's text
// such as 一般稅額計算（07）. Anything that points at both types, or neither, is not an answer.
export function parseInvoiceType(text: string): InvoiceType | null {
  const folded = foldText(text);
  const general = folded.includes('一般') || /(?:^|\D)0?7(?:\D|$)/.test(folded);
  const special = folded.includes('特種') || /(?:^|\D)0?8(?:\D|$)/.test(folded);
  if (general === special) return null;
  return general ? '07' : '08';
}
