import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leftOutReasonText, leftOutText } from '../../src/invoice/messages.ts';
import { isAcceptable, parseRanges } from '../../src/invoice/parse-ranges.ts';
import type { LeftOutReason, RangeParseResult } from '../../src/invoice/parse-ranges.ts';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import { toFullWidth } from './helpers.ts';
import { POS_SCREEN_EXAMPLES } from './pos-screens.ts';

const r = (track: string, start: number, end: number): InvoiceRange => ({ track, start, end });
const BLANK = r('MM', 16937074, 16937099);
const USED = r('MM', 16937000, 16937073);

/** The blank ranges, after checking nothing is wrong with the text. */
function blankOf(text: string): InvoiceRange[] {
  const result = parseRanges(text);
  assert.deepEqual(result.problems, [], `${text}: ${JSON.stringify(result.problems)}`);
  return result.ranges;
}

function reasons(result: RangeParseResult): [string, LeftOutReason][] {
  return result.leftOut.map((part) => [part.text, part.reason]);
}

function assertReads(text: string, blank: InvoiceRange[], leftOut: [string, LeftOutReason][]): void {
  const result = parseRanges(text);
  assert.deepEqual(result.problems, [], `${text}: ${JSON.stringify(result.problems)}`);
  assert.deepEqual(result.ranges, blank, text);
  assert.deepEqual(reasons(result), leftOut, text);
}

// ---- The three screens that used to be reported whole ----

test('未使用 and 已使用 on two lines: only the unused part, and the used part is said to be left out', () => {
  const text = '未使用 MM16937074-16937099\n已使用 MM16937000-16937073';
  assertReads(text, [BLANK], [['已使用 MM16937000-16937073', 'used']]);
  const [part] = parseRanges(text).leftOut;
  assert.equal(part?.message, '已略過：已使用 MM16937000-16937073（已經用掉的號碼不用上傳）');
  assert.deepEqual(part?.range, USED);
});

test('最後開立 beside the unused range: the last one issued is never reported', () => {
  assertReads('最後開立 MM16937073\n未使用 MM16937074-16937099', [BLANK], [['最後開立 MM16937073', 'last-issued']]);
  assertReads('最後開立 MM16937073 未使用 MM16937074-16937099', [BLANK], [['最後開立 MM16937073', 'last-issued']]);
  assertReads('未使用 MM16937074-16937099，最後開立 MM16937073', [BLANK], [['最後開立 MM16937073', 'last-issued']]);
});

test('已開立：… 空白：… on one line', () => {
  assertReads('已開立：MM16937000-16937073 空白：MM16937074-16937099', [BLANK], [['已開立：MM16937000-16937073', 'issued']]);
  assertReads('空白：MM16937074-16937099 已開立：MM16937000-16937073', [BLANK], [['已開立：MM16937000-16937073', 'issued']]);
});

test('the same screens full-width and in lower case', () => {
  for (const text of [
    '未使用 MM16937074-16937099\n已使用 MM16937000-16937073',
    '已開立：MM16937000-16937073 空白：MM16937074-16937099',
    '最後開立 MM16937073\n未使用 MM16937074-16937099',
  ]) {
    assert.deepEqual(blankOf(toFullWidth(text)), [BLANK], toFullWidth(text));
    assert.deepEqual(blankOf(text.toLowerCase()), [BLANK], text.toLowerCase());
    assert.deepEqual(blankOf(toFullWidth(text.toLowerCase())), [BLANK]);
  }
});

// ---- Nothing blank left ----

test('最後開立 alone: nothing to report, and the owner is told what to send', () => {
  const result = parseRanges('最後開立 MM16937073');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(reasons(result), [['最後開立 MM16937073', 'last-issued']]);
  assert.deepEqual(result.problems.map((p) => p.kind), ['nothing-blank']);
  assert.match(result.problems[0]?.message ?? '', /未使用/);
  assert.ok(!isAcceptable(result));
});

test('下一張 alone is not a range: left out as the next number, with an example from it', () => {
  const result = parseRanges('下一張 MM16937074');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(reasons(result), [['下一張 MM16937074', 'next-number']]);
  assert.deepEqual(result.leftOut[0]?.range, r('MM', 16937074, 16937074));
  assert.deepEqual(result.problems.map((p) => p.kind), ['nothing-blank']);
  assert.match(result.problems[0]?.message ?? '', /下一張要開的號碼.*MM16937074-16937099/);
});

test('only used numbers: nothing to report', () => {
  const result = parseRanges('已使用 MM16937000-16937073\n已開立 MN22041150-22041199');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(result.leftOut.map((p) => p.reason), ['used', 'issued']);
  assert.match(result.problems[0]?.message ?? '', /都是已經用掉的號碼/);
});

// ---- Every label ----

const BLANK_WORDS = ['未使用', '空白', '剩餘', '可用', '未用', '尚未使用', '空白發票', '空白未使用', '未使用發票', '剩餘號碼', '剩下', '剩', '可使用', '還沒用', '沒用過', '沒有使用', '未開立', '空的', 'Unused', 'blank', 'REMAINING', 'available'];
const NOT_BLANK_WORDS: readonly [string, LeftOutReason][] = [
  ['已使用', 'used'],
  ['已用', 'used'],
  ['使用過', 'used'],
  ['用掉', 'used'],
  ['已用完', 'used'],
  ['used', 'used'],
  ['已開立', 'issued'],
  ['已開', 'issued'],
  ['已開出', 'issued'],
  ['已列印', 'issued'],
  ['作廢', 'issued'],
  ['Issued', 'issued'],
];
const LAST_WORDS = ['最後開立', '最後一張', '最後開出', '最後發票號碼', '上一張', '上一號', '已開到', '已使用到', '用到', '開至', '最近開立', 'Last'];
const NEXT_WORDS = ['目前號碼', '目前發票號碼', '目前發票', '下一張', '下一號', '下張', '下一個', '當前號碼', '待開立', 'Next', 'current'];

test('every blank word marks a blank range', () => {
  for (const word of BLANK_WORDS) {
    assertReads(`${word} MM16937074-16937099\n已使用 MM16937000-16937073`, [BLANK], [['已使用 MM16937000-16937073', 'used']]);
    assertReads(`MM16937000-16937073（已使用）\n${word}：MM16937074-16937099`, [BLANK], [['MM16937000-16937073（已使用）', 'used']]);
  }
});

test('every used or issued word keeps its range out', () => {
  for (const [word, reason] of NOT_BLANK_WORDS) {
    assertReads(`${word} MM16937000-16937073\n未使用 MM16937074-16937099`, [BLANK], [[`${word} MM16937000-16937073`, reason]]);
    assertReads(`MM16937000-16937073 (${word})\nMM16937074-16937099 (空白)`, [BLANK], [[`MM16937000-16937073 (${word})`, reason]]);
  }
});

test('every last-issued word keeps its number out', () => {
  for (const word of LAST_WORDS) {
    assertReads(`${word} MM16937073\n空白 MM16937074-16937099`, [BLANK], [[`${word} MM16937073`, 'last-issued']]);
  }
});

test('every next-number word is a start, never a range of its own', () => {
  for (const word of NEXT_WORDS) {
    assertReads(`${word} MM16937074\n未使用 MM16937074-16937099`, [BLANK], [[`${word} MM16937074`, 'next-number']]);
  }
});

test('negations and look-alikes are not blank', () => {
  // 不可用 is "not usable"; 未用完 is a booklet not used up (in use); 目前 alone names nothing.
  assert.deepEqual(parseRanges('不可用 MM16937000-16937073\n未使用 MM16937074-16937099').ranges, [BLANK]);
  assert.deepEqual(parseRanges('未用完 MM16937000-16937099').leftOut.map((p) => p.reason), ['in-use']);
  assert.deepEqual(blankOf('目前未使用：MM16937074-16937099'), [BLANK]);
});

// ---- How far a label reaches ----

test('a label on its own line heads the lines below it, up to the next label', () => {
  assertReads(
    '未使用：\nMM16937074-16937099\nMN22041189-22041199\n已使用：\nMM16937000-16937073\nMN22041150-22041188',
    [BLANK, r('MN', 22041189, 22041199)],
    [
      ['MM16937000-16937073', 'used'],
      ['MN22041150-22041188', 'used'],
    ],
  );
  assert.deepEqual(blankOf('【已使用】\n\nMM16937000-16937073\n\n【未使用】\n\nMM16937074-16937099'), [BLANK], 'blank lines do not end a heading');
});

test('a label that names what follows goes on naming the unlabelled lines below, up to the next label', () => {
  assertReads(
    '已使用：MM16937000-16937073\n        MN22041150-22041188\n未使用：MM16937074-16937099\n        MN22041189-22041199',
    [BLANK, r('MN', 22041189, 22041199)],
    [
      ['已使用：MM16937000-16937073', 'used'],
      ['MN22041150-22041188', 'used'],
    ],
  );
});

test('a blank line, a machine or a label ends what a same-line label names below it', () => {
  assert.deepEqual(blankOf('已使用 MM16937000-16937073\n\nMN22041150-22041199'), [r('MN', 22041150, 22041199)]);
  assert.deepEqual(blankOf('1號機 已使用 MM16937000-16937073\n2號機 MN22041150-22041199'), [r('MN', 22041150, 22041199)]);
});

test('the last issued and the next number are single numbers: they name no range below them', () => {
  assertReads('最後開立 MM16937073\nMM16937074-16937099', [BLANK], [['最後開立 MM16937073', 'last-issued']]);
  assertReads('目前號碼 MM16937074\nMM16937074-16937099', [BLANK], [['目前號碼 MM16937074', 'next-number']]);
});

test('labels after the numbers name the numbers before them', () => {
  assertReads('MM16937000-16937073 已使用\nMM16937074-16937099 未使用', [BLANK], [['MM16937000-16937073 已使用', 'used']]);
  assertReads('MM16937000-16937073 已使用 MM16937074-16937099 未使用', [BLANK], [['MM16937000-16937073 已使用', 'used']]);
  assertReads('MM16937074-16937099（未使用） MM16937000-16937073（已使用）', [BLANK], [['MM16937000-16937073（已使用）', 'used']]);
});

test('a label in brackets names the number right before it, even after a label that names what follows', () => {
  assertReads('未使用 MM16937074-16937099 MM16937000-16937073（已使用）', [BLANK], [['MM16937000-16937073（已使用）', 'used']]);
});

test('two labels on one number that disagree: the one that is not blank wins', () => {
  const result = parseRanges('未使用：MM16937000-16937073（已使用）');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(result.leftOut.map((p) => p.reason), ['used']);
});

test('a label naming a count does not name the numbers after it', () => {
  assert.deepEqual(blankOf('未使用 26 張，已使用 74 張，MM16937074-16937099'), [BLANK]);
  assert.deepEqual(blankOf('已使用74張，未使用26張，MM16937074-16937099'), [BLANK]);
  assertReads('已使用（74張）：MM16937000-16937073\n未使用（26張）：MM16937074-16937099', [BLANK], [['已使用（74張）：MM16937000-16937073', 'used']]);
  assert.deepEqual(blankOf('未使用張數：26\nMM16937074-16937099'), [BLANK]);
});

test('column headings: the first number of each row goes under the first heading', () => {
  assertReads(
    '字軌 已使用 未使用\nMM 16937000-16937073 16937074-16937099\nMN 22041150-22041188 22041189-22041199',
    [BLANK, r('MN', 22041189, 22041199)],
    [
      ['MM 16937000-16937073', 'used'],
      ['MN 22041150-22041188', 'used'],
    ],
  );
  assertReads('空白 已開立\nMM16937074-16937099 MM16937000-16937073', [BLANK], [['MM16937000-16937073', 'issued']]);
});

test('a row that does not fit its column headings is left out, not guessed', () => {
  const result = parseRanges('字軌 已使用 未使用\nMM 16937074-16937099');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(result.leftOut.map((p) => p.reason), ['unclear']);
  assert.deepEqual(result.problems.map((p) => p.kind), ['nothing-blank']);
});

// ---- A range that ends right before a blank part ----

test('a range ending right before another one starts is the issued part of that booklet', () => {
  assertReads('MM16937000-16937073\nMM16937074-16937099', [BLANK], [['MM16937000-16937073', 'before-blank']]);
  assertReads('MM16937074-16937099\nMM16937000-16937073', [BLANK], [['MM16937000-16937073', 'before-blank']]);
  assertReads('MM16937073 MM16937074-16937099', [BLANK], [['MM16937073', 'before-blank']]);
  assertReads('MM16937000-16937073\n未使用 MM16937074-16937099', [BLANK], [['MM16937000-16937073', 'before-blank']]);
  const beforeNext = parseRanges('MM16937000-16937073\n目前號碼 MM16937074');
  assert.deepEqual(beforeNext.ranges, []);
  assert.deepEqual(reasons(beforeNext), [
    ['MM16937000-16937073', 'before-blank'],
    ['目前號碼 MM16937074', 'next-number'],
  ]);
});

test('a chain of touching ranges keeps only the last', () => {
  assertReads('MM16937000-16937010\nMM16937011-16937073\nMM16937074-16937099', [BLANK], [
    ['MM16937000-16937010', 'before-blank'],
    ['MM16937011-16937073', 'before-blank'],
  ]);
});

test('two whole booklets side by side stay, unless a labelled screen leaves the first unlabelled', () => {
  const fresh = [r('MM', 16937000, 16937049), r('MM', 16937050, 16937099)];
  assert.deepEqual(blankOf('MM16937000-16937049 MM16937050-16937099'), fresh, 'no label anywhere: as before');
  assert.deepEqual(blankOf('未使用：\nMM16937000-16937049\nMM16937050-16937099'), fresh, 'both under 未使用');
  assert.deepEqual(blankOf('未使用 MM16937000-16937049\n未使用 MM16937050-16937099'), fresh);
  assertReads('1號機 MM16937000-16937049\n2號機 未使用 MM16937050-16937099', [r('MM', 16937050, 16937099)], [['1號機 MM16937000-16937049', 'before-blank']]);
});

test('a range its own line labels blank stays even when it ends mid-booklet before another', () => {
  assert.deepEqual(blankOf('未使用 MM16937000-16937073\n未使用 MM16937074-16937099'), [USED, BLANK]);
});

// ---- The next number and whole booklets ----

test('the current number with the end number is the blank range', () => {
  assertReads('目前號碼 MM16937074 迄號 MM16937099', [BLANK], []);
  assertReads('字軌 MM 目前號碼 16937074 迄號 16937099', [BLANK], []);
});

test('a whole booklet with the current number: blank from the current number on', () => {
  const result = parseRanges('起號 MM16937000 迄號 MM16937099\n目前號碼 MM16937074');
  assert.deepEqual(result.ranges, [BLANK]);
  assert.deepEqual(
    result.leftOut.map((p) => [p.text, p.reason, p.range]),
    [
      ['起號 MM16937000 迄號 MM16937099', 'issued-part', USED],
      ['目前號碼 MM16937074', 'next-number', r('MM', 16937074, 16937074)],
    ],
  );
  assert.match(result.leftOut[0]?.message ?? '', /其中的 MM16937000–16937073/);
  assert.deepEqual(blankOf('使用中 MM16937000-16937099\n最後開立 MM16937073'), [BLANK]);
  assert.deepEqual(blankOf('使用中 MM16937000-16937099\n已使用 MM16937000-16937073'), [BLANK]);
});

test('a booklet in use with nothing to tell where its blank part starts is left out', () => {
  const result = parseRanges('使用中 MM16937000-16937099');
  assert.deepEqual(result.ranges, []);
  assert.deepEqual(result.leftOut.map((p) => p.reason), ['in-use']);
  assert.deepEqual(result.problems.map((p) => p.kind), ['nothing-blank']);
});

test('a whole booklet beside its listed blank part is not reported twice', () => {
  assertReads('起號 MM16937000 迄號 MM16937099\n未使用 MM16937074-16937099', [BLANK], [['起號 MM16937000 迄號 MM16937099', 'allocation']]);
  assertReads(
    '起號 MM16937000 迄號 MM16937099\n已使用 MM16937000-16937073\n未使用 MM16937074-16937099',
    [BLANK],
    [
      ['起號 MM16937000 迄號 MM16937099', 'allocation'],
      ['已使用 MM16937000-16937073', 'used'],
    ],
  );
});

test('a range labelled blank that holds issued numbers keeps only the numbers after them', () => {
  assertReads('未使用 MM16937070-16937099\n目前號碼 MM16937074', [BLANK], [
    ['未使用 MM16937070-16937099', 'issued-part'],
    ['目前號碼 MM16937074', 'next-number'],
  ]);
});

test('a start with no end beside issued numbers of its track is half a range: left out', () => {
  assertReads('起始號碼 MM16937000\n目前號碼 MM16937074\n未使用 MM16937074-16937099', [BLANK], [
    ['起始號碼 MM16937000', 'start-only'],
    ['目前號碼 MM16937074', 'next-number'],
  ]);
  assert.deepEqual(blankOf('起 MM16937074'), [r('MM', 16937074, 16937074)], 'alone, as before: one number');
});

// ---- Layouts over several lines ----

test('the track on its own line', () => {
  assert.deepEqual(blankOf('MM\n16937074-16937099'), [BLANK]);
  assert.deepEqual(blankOf('字軌：MM\n未使用 16937074 ~ 16937099\n已使用 16937000 ~ 16937073'), [BLANK]);
  assert.deepEqual(blankOf('MM\n未使用 16937074-16937099\nMN\n未使用 22041189-22041199'), [BLANK, r('MN', 22041189, 22041199)]);
  assert.deepEqual(blankOf('MM 未使用 16937074 16937099'), [BLANK], 'track column before the status column');
});

test('start and end on two lines, with every pair of words', () => {
  for (const [from, to] of [['起', '迄'], ['起號', '迄號'], ['起號：', '迄號：'], ['開始', '結束'], ['從', '到'], ['起始號碼', '結束號碼'], ['起始編號', '終止編號']]) {
    assert.deepEqual(blankOf(`${from} MM16937074\n${to} MM16937099`), [BLANK], `${from}/${to}`);
    assert.deepEqual(blankOf(`字軌 MM\n${from} 16937074\n${to} 16937099`), [BLANK], `${from}/${to} with a track line`);
  }
  assert.deepEqual(blankOf('未使用\n起 MM16937074\n迄 MM16937099\n已使用\n起 MM16937000\n迄 MM16937073'), [BLANK]);
  assert.deepEqual(blankOf('MM16937074 ~\n16937099'), [BLANK]);
  assert.deepEqual(blankOf('MM16937074\n- 16937099'), [BLANK]);
});

test('tables with a header line', () => {
  assert.deepEqual(blankOf('字軌 起號 迄號\nMM 16937074 16937099\nMN 22041189 22041199'), [BLANK, r('MN', 22041189, 22041199)]);
  assert.deepEqual(blankOf('字軌 | 起號 | 迄號\nMM | 16937074 | 16937099'), [BLANK]);
  assertReads('狀態 字軌 起號 迄號\n已使用 MM 16937000 16937073\n未使用 MM 16937074 16937099', [BLANK], [['已使用 MM 16937000 16937073', 'used']]);
  assertReads('字軌 起號 迄號 狀態\nMM 16937000 16937073 已使用\nMM 16937074 16937099 未使用', [BLANK], [['MM 16937000 16937073 已使用', 'used']]);
});

test('a three-track, two-machine screen', () => {
  const text = [
    '收銀機 1',
    '已開立：MM16937000-16937073　空白：MM16937074-16937099',
    '已開立：AB12345650-12345659　空白：AB12345660-12345699',
    '收銀機 2',
    '最後開立 CD55500120',
    '未使用 CD55500121-55500149',
    '目前號碼 MM16937121',
    '未使用 MM16937121-16937149',
  ].join('\n');
  const result = parseRanges(text);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.ranges, [r('AB', 12345660, 12345699), r('CD', 55500121, 55500149), BLANK, r('MM', 16937121, 16937149)]);
  assert.deepEqual(result.leftOut.map((p) => p.reason), ['issued', 'issued', 'last-issued', 'next-number']);
});

test('machine names are not invoice numbers', () => {
  for (const machine of ['POS1', 'POS 2', '1號機', '2 號機：', '機台3', '收銀機 1', '第2台', '【1號機】']) {
    assert.deepEqual(blankOf(`${machine} 未使用 MM16937074-16937099`), [BLANK], machine);
  }
});

test('other numbers on a screen (統一編號, dates, times, phone) are not invoice numbers', () => {
  assert.deepEqual(blankOf('統一編號 04595257\n電話 02-2345-6789\n列印時間 2026/11/01 12:30\n日期 20261101\n未使用 MM16937074-16937099'), [BLANK]);
});

// ---- Problems and warnings as before ----

test('a mistyped number under a blank label is still a problem; under a used label it is only left out', () => {
  const blank = parseRanges('未使用 MM1693707-16937099\n已使用 MM16937000-16937073');
  assert.deepEqual(blank.problems.map((p) => p.kind), ['digit-count']);
  const used = parseRanges('已使用 MM1693700-16937073\n未使用 MM16937074-16937099');
  assert.deepEqual(used.problems, []);
  assert.deepEqual(used.ranges, [BLANK]);
  assert.deepEqual(reasons(used), [['已使用 MM1693700-16937073', 'used']]);
});

test('warnings stay on what is reported', () => {
  const result = parseRanges('已使用 MM16937000-16937073\n未使用 MM16937074-16937098');
  assert.deepEqual(result.warnings.map((w) => w.kind), ['unusual-end']);
});

test('text with no label at all reads as before: nothing left out', () => {
  for (const text of ['MM16937074-16946899', 'MM16937074-16946899\nAB00000050-00000099', 'MM16946849 MM16946899']) {
    assert.deepEqual(parseRanges(text).leftOut, [], text);
  }
});

// ---- The twelve example screens ----

test('the twelve example screens read back their blank ranges, and say what they left out', () => {
  assert.equal(POS_SCREEN_EXAMPLES.length, 12);
  for (const example of POS_SCREEN_EXAMPLES) {
    const result = parseRanges(example.text);
    assert.deepEqual(result.problems, [], example.name);
    assert.deepEqual(result.ranges, example.blank, example.name);
    for (const part of result.leftOut) {
      assert.ok(example.text.includes(part.text), `${example.name}: "${part.text}"`);
      assert.ok(part.message.startsWith('已略過：'), part.message);
    }
  }
});

// ---- Wording ----

test('every reason has short zh-TW wording, and the left-out line quotes the owner', () => {
  for (const [reason, text] of Object.entries(leftOutReasonText)) {
    assert.ok(text.length > 0 && text.length <= 40, `${reason}: ${text}`);
    assert.match(text, /[\u4e00-\u9fff]/);
  }
  assert.equal(
    leftOutText({ text: '已使用 MM16937000-16937073', reason: 'used' }),
    '已略過：已使用 MM16937000-16937073（已經用掉的號碼不用上傳）',
  );
  assert.equal(
    leftOutText({ text: '起 MM16937000\n迄 MM16937099', reason: 'issued-part', range: USED }),
    '已略過：「起 MM16937000 迄 MM16937099」其中的 MM16937000–16937073（這幾張已經開出去了，不用上傳）',
  );
});
