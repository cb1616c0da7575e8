import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceTypeLabel, isInvoiceType, parseInvoiceType } from '../../src/invoice/invoice-type.ts';

test('labels', () => {
  assert.equal(invoiceTypeLabel('07'), '一般稅額計算');
  assert.equal(invoiceTypeLabel('08'), '特種稅額計算');
});

test('reads codes, digits and words loosely', () => {
  for (const text of ['07', '7', '０７', ' 07 ', '一般', '一般稅額', '一般稅額計算', '一般稅額計算（07）', '07 一般稅額計算']) {
    assert.equal(parseInvoiceType(text), '07', text);
  }
  for (const text of ['08', '8', '特種', '特種稅額計算', '特種稅額計算(08)']) {
    assert.equal(parseInvoiceType(text), '08', text);
  }
});

test('refuses what points at neither or both', () => {
  for (const text of ['', '09', '107', '78', '一般或特種', '07 08', '不知道', '2027']) {
    assert.equal(parseInvoiceType(text), null, text);
  }
});

test('isInvoiceType is exact', () => {
  assert.ok(isInvoiceType('07'));
  assert.ok(!isInvoiceType('7'));
});
