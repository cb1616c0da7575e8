import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidUbn, normalizeUbn, ubnProblem } from '../../src/invoice/ubn.ts';

// Digit sums of products with weights 1,2,1,2,1,2,4,1, worked by hand:
//   04595257 → 0,8,5,18,5,4,20,7 → 0+8+5+9+5+4+2+7 = 40             ✓ (no 7th-digit 7)
//   10458575 → 1,0,4,10,8,10,28,5 → 1+0+4+1+8+1+(1|0)+5 = 21 | 20   ✓ only when 28 counts as 0
//   00806370 → 0,0,8,0,6,6,28,0 → 20 + (1|0)                           ✓ only when 28 counts as 0
//   22830378 → 2,4,8,6,0,6,28,8 → 34 + (1|0) = 35 | 34                 ✓ only when 28 counts as 1
//   36625871 → 3,12,6,4,5,16,28,1 → 3+3+6+4+5+7+(1|0)+1 = 30 | 29      ✓ only when 28 counts as 1
//   07439170 → 0,14,4,6,9,2,28,0 → 26 + (1|0) = 27 | 26                 ✗ either way
//   04595258 → 41                                                       ✗

test('the documented valid examples', () => {
  assert.ok(isValidUbn('04595257'));
  assert.ok(isValidUbn('10458575'));
});

test('7th digit 7: valid when only the "counts as 0" sum works', () => {
  assert.ok(isValidUbn('10458575'));
  assert.ok(isValidUbn('00806370'));
});

test('7th digit 7: valid when only the "counts as 1" sum works', () => {
  assert.ok(isValidUbn('22830378'));
  assert.ok(isValidUbn('36625871'));
});

test('7th digit 7: invalid when neither sum works', () => {
  assert.ok(!isValidUbn('07439170'));
});

test('a changed digit fails the checksum', () => {
  assert.ok(!isValidUbn('04595258'));
  assert.ok(!isValidUbn('14595257'));
});

test('shape: exactly eight ASCII digits', () => {
  for (const text of ['0459525', '045952570', '', 'abcdefgh', '0459525a', '０４５９５２５７', ' 04595257']) {
    assert.ok(!isValidUbn(text), text);
  }
});

test('normalizeUbn folds full-width digits and drops spaces and dashes', () => {
  assert.equal(normalizeUbn('０４５９５２５７'), '04595257');
  assert.equal(normalizeUbn(' 0459 5257 '), '04595257');
  assert.equal(normalizeUbn('0459-5257'), '04595257');
  assert.equal(normalizeUbn('0459－5257'), '04595257');
});

test('ubnProblem: null when fine, a zh-TW reason otherwise', () => {
  assert.equal(ubnProblem('０４５９ ５２５７'), null);
  assert.equal(ubnProblem('10458575'), null);
  assert.match(ubnProblem('') ?? '', /8 位數字/);
  assert.match(ubnProblem('0459525') ?? '', /7 位數/);
  assert.match(ubnProblem('045952570') ?? '', /9 位數/);
  assert.match(ubnProblem('abc') ?? '', /只有數字/);
  assert.match(ubnProblem('04595258') ?? '', /不是有效的統一編號/);
});

// An independent, literal reading of the rule to compare against.
function referenceCheck(ubn: string): boolean {
  const weights = [1, 2, 1, 2, 1, 2, 4, 1];
  const sums = [...ubn].map((d, i) => {
    const product = Number(d) * (weights[i] ?? 0);
    return Math.floor(product / 10) + (product % 10);
  });
  const total = sums.reduce((a, b) => a + b, 0); // 28 counted as 10
  if (ubn[6] === '7') return (total - 9) % 5 === 0 || (total - 10) % 5 === 0;
  return total % 5 === 0;
}

test('isValidUbn agrees with a literal reading of the rule', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{8}$/), (ubn) => {
      assert.equal(isValidUbn(ubn), referenceCheck(ubn));
    }),
    { numRuns: 5000 },
  );
});

test('about one in five 8-digit strings is valid (the rule is mod 5 since 2023)', () => {
  let valid = 0;
  for (let n = 0; n < 100_000; n += 1) if (isValidUbn(String(n * 997).padStart(8, '0').slice(-8))) valid += 1;
  assert.ok(valid > 18_000 && valid < 26_000, String(valid));
});
