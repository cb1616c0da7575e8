import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePeriod } from '../../../src/invoice/period.ts';
import type { Allocation, FixtureAccount } from '../../../src/sim/portal/fixture.ts';
import { createRowStore } from '../../../src/sim/portal/rows.ts';
import { isEmptyRow, refusalOf } from '../../../src/sim/portal/rules.ts';
import type { EntryRow, RuleContext } from '../../../src/sim/portal/rules.ts';

const account: FixtureAccount = { ubn: '04595257', account: 'a', password: 'p', name: 'n', branches: [] };
const allocations: Allocation[] = [
  { ubn: '04595257', track: 'MM', start: '16937000', end: '16946999', period: null },
  { ubn: '04595257', track: 'QQ', start: '00000000', end: '00000049', period: '11510' },
];
const row = (track: string, start: string, end: string): EntryRow => ({ ubn: '04595257', invoiceType: '07', track, start, end });

function context(periodStartMonth: 7 | 9, now: string): RuleContext {
  const period = makePeriod(115, periodStartMonth);
  return { account, period, periodKey: periodStartMonth === 9 ? '11510' : '11508', now: new Date(now), allocations, rows: createRowStore() };
}

describe('portal simulator: row rules', () => {
  it('honours allocations limited to one period', () => {
    const open = '2026-11-01T00:00:00+08:00';
    assert.equal(refusalOf(row('QQ', '00000000', '00000049'), context(9, open)), null);
    assert.equal(refusalOf(row('QQ', '00000000', '00000049'), context(7, open)), '該字軌非此營業人於本期之配號');
  });

  it('opens the upload window at 00:00 Taipei on the 1st after the period', () => {
    assert.equal(refusalOf(row('MM', '16937000', '16937049'), context(9, '2026-10-31T23:59:59+08:00')), '該期別尚未開放上傳');
    assert.equal(refusalOf(row('MM', '16937000', '16937049'), context(9, '2026-11-01T00:00:00+08:00')), null);
    assert.equal(refusalOf(row('MM', '16937000', '16937049'), context(9, '2027-03-01T00:00:00+08:00')), null, 'late is still accepted');
  });

  it('accepts a single number and a whole allocation, refuses one number past it', () => {
    const ctx = context(9, '2026-11-05T00:00:00+08:00');
    assert.equal(refusalOf(row('MM', '16937074', '16937074'), ctx), null);
    assert.equal(refusalOf(row('MM', '16937000', '16946999'), ctx), null);
    assert.equal(refusalOf(row('MM', '16937000', '16947000'), ctx), '號碼不在配號區間內');
    assert.equal(refusalOf(row('MM', '16936999', '16937000'), ctx), '號碼不在配號區間內');
  });

  it('checks number format before order, and order before the track', () => {
    const ctx = context(9, '2026-11-05T00:00:00+08:00');
    assert.equal(refusalOf(row('XX', '１６９３７０００', '16937049'), ctx), '起始編號/終止編號須為8碼數字');
    assert.equal(refusalOf(row('XX', '16937049', '16937000'), ctx), '終止編號不可小於起始編號');
    assert.equal(refusalOf(row('XX', '16937000', '16937049'), ctx), '該字軌非此營業人於本期之配號');
    assert.equal(refusalOf({ ...row('MM', '16937000', '16937049'), invoiceType: '09' }, ctx), '發票類別錯誤');
  });

  it('treats a row with nothing typed as no row', () => {
    assert.equal(isEmptyRow(row(' ', '', '')), true);
    assert.equal(isEmptyRow(row('MM', '', '')), false);
  });
});
