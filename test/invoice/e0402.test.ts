import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildE0402, E0402_NAMESPACE, E0402InputError, e0402Files, escapeXml } from '../../src/invoice/e0402.ts';
import type { E0402Input } from '../../src/invoice/e0402.ts';
import { makePeriod } from '../../src/invoice/period.ts';

const store = { headBan: '04595257', branchBan: '04595257', invoiceType: '07' as const };
const period = makePeriod(115, 9);
const mm = [
  { track: 'MM', start: 16946850, end: 16946899 },
  { track: 'MM', start: 16937074, end: 16937099 },
];
const input: E0402Input = { ...store, period, track: 'MM', ranges: mm };

/** Minimal well-formedness check: declaration first, tags balanced, no stray markup in text. */
function assertWellFormed(xml: string): string[] {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: string[] = [];
  const opened: string[] = [];
  for (const part of body.split(/(<[^>]*>)/)) {
    if (part.startsWith('</')) assert.equal(stack.pop(), part.slice(2, -1));
    else if (part.startsWith('<')) {
      const name = /^<([A-Za-z]+)/.exec(part)?.[1];
      assert.ok(name !== undefined, part);
      stack.push(name);
      opened.push(name);
    } else {
      assert.ok(!part.includes('<') && !part.includes('>'));
      assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;)/.test(part));
    }
  }
  assert.deepEqual(stack, []);
  return opened;
}

function textOf(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

test('structure of one E0402 message', () => {
  const xml = buildE0402(input);
  const opened = assertWellFormed(xml);
  assert.deepEqual(opened, [
    'BranchTrackBlank', 'Main', 'HeadBan', 'BranchBan', 'InvoiceType', 'YearMonth', 'InvoiceTrack',
    'Details', 'BranchTrackBlankItem', 'InvoiceBeginNo', 'InvoiceEndNo', 'BranchTrackBlankItem', 'InvoiceBeginNo', 'InvoiceEndNo',
  ]);
  assert.ok(xml.includes(`<BranchTrackBlank xmlns="${E0402_NAMESPACE}">`));
  assert.equal(E0402_NAMESPACE, 'urn:GEINV:eInvoiceMessage:E0402:4.1');
});

test('values: BANs, type, even-month YearMonth, track, sorted 8-digit numbers', () => {
  const xml = buildE0402(input);
  assert.deepEqual(textOf(xml, 'HeadBan'), ['04595257']);
  assert.deepEqual(textOf(xml, 'BranchBan'), ['04595257']);
  assert.deepEqual(textOf(xml, 'InvoiceType'), ['07']);
  assert.deepEqual(textOf(xml, 'YearMonth'), ['11510']);
  assert.deepEqual(textOf(xml, 'InvoiceTrack'), ['MM']);
  assert.deepEqual(textOf(xml, 'InvoiceBeginNo'), ['16937074', '16946850']);
  assert.deepEqual(textOf(xml, 'InvoiceEndNo'), ['16937099', '16946899']);
});

test('numbers keep their leading zeros; a single number has begin = end', () => {
  const xml = buildE0402({ ...input, track: 'AB', ranges: [{ track: 'AB', start: 49, end: 49 }] });
  assert.deepEqual(textOf(xml, 'InvoiceBeginNo'), ['00000049']);
  assert.deepEqual(textOf(xml, 'InvoiceEndNo'), ['00000049']);
});

test('branch and head office BANs go to their own fields', () => {
  const xml = buildE0402({ ...input, headBan: '10458575', branchBan: '04595257', invoiceType: '08' });
  assert.deepEqual(textOf(xml, 'HeadBan'), ['10458575']);
  assert.deepEqual(textOf(xml, 'BranchBan'), ['04595257']);
  assert.deepEqual(textOf(xml, 'InvoiceType'), ['08']);
});

test('one file per track, named after BAN, period and track', () => {
  const ranges = [...mm, { track: 'AB', start: 50, end: 99 }, { track: 'ZZ', start: 0, end: 0 }];
  const files = e0402Files({ ...store, branchBan: '10458575' }, makePeriod(115, 11), ranges);
  assert.deepEqual(files.map((f) => f.fileName), [
    'E0402_10458575_11512_AB.xml',
    'E0402_10458575_11512_MM.xml',
    'E0402_10458575_11512_ZZ.xml',
  ]);
  for (const file of files) {
    assertWellFormed(file.xml);
    assert.deepEqual(textOf(file.xml, 'InvoiceTrack'), [file.track]);
    assert.deepEqual(textOf(file.xml, 'YearMonth'), ['11512']);
  }
  assert.equal((files[1]?.xml.match(/<BranchTrackBlankItem>/g) ?? []).length, 2);
});

test('no blank numbers, no files', () => {
  assert.deepEqual(e0402Files(store, period, []), []);
});

test('a store record with more fields is accepted; only the BANs and type are used', () => {
  const richStore = { ...store, name: '小咖啡 <&>', ownerLineId: 'U123' };
  const [file] = e0402Files(richStore, period, mm);
  assert.ok(file !== undefined);
  assert.ok(!file.xml.includes('小咖啡'));
});

test('invalid input throws a typed error', () => {
  const cases: ReadonlyArray<readonly [Partial<E0402Input>, string]> = [
    [{ ranges: [...mm, { track: 'AB', start: 50, end: 99 }] }, 'mixed-tracks'],
    [{ ranges: [] }, 'no-ranges'],
    [{ track: 'mm', ranges: [] }, 'invalid-track'],
    [{ headBan: '0459525' }, 'invalid-ban'],
    [{ branchBan: '0459525x' }, 'invalid-ban'],
    [{ invoiceType: '09' as unknown as '07' }, 'invalid-invoice-type'],
    [{ ranges: [{ track: 'MM', start: 99, end: 50 }] }, 'invalid-range'],
    [{ ranges: [{ track: 'MM', start: 0, end: 100_000_000 }] }, 'invalid-range'],
    [{ ranges: [{ track: 'MM', start: 0, end: 49 }, { track: 'MM', start: 49, end: 99 }] }, 'overlapping-ranges'],
  ];
  for (const [change, kind] of cases) {
    assert.throws(
      () => buildE0402({ ...input, ...change }),
      (error: unknown) => error instanceof E0402InputError && error.kind === kind,
      kind,
    );
  }
});

test('escapeXml covers the five special characters', () => {
  assert.equal(escapeXml(`<a & 'b' "c">`), '&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;');
});
