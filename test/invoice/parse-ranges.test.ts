import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAcceptable, parseRanges } from '../../src/invoice/parse-ranges.ts';
import type { RangeParseResult } from '../../src/invoice/parse-ranges.ts';

const seed = { track: 'MM', start: 16937074, end: 16946899 };

function onlyRanges(text: string): RangeParseResult['ranges'] {
  const result = parseRanges(text);
  assert.deepEqual(result.problems, [], text);
  return result.ranges;
}

function onlyProblem(text: string): RangeParseResult['problems'][number] {
  const result = parseRanges(text);
  assert.equal(result.problems.length, 1, `${text}: ${JSON.stringify(result.problems)}`);
  const [problem] = result.problems;
  assert.ok(problem !== undefined);
  assert.ok(problem.message.length > 0);
  return problem;
}

test('the seed example and every way owners write it', () => {
  const shapes = [
    'MM16937074-16946899',
    'MM16937074–16946899',
    'MM16937074—16946899',
    'MM16937074－16946899',
    'MM16937074‐16946899',
    'MM16937074~16946899',
    'MM16937074～16946899',
    'MM16937074〜16946899',
    'MM16937074至16946899',
    'MM16937074到16946899',
    'MM16937074 to 16946899',
    'MM16937074 TO MM16946899',
    'MM16937074to16946899',
    'MM 16937074 ~ MM16946899',
    'MM16937074-MM16946899',
    'MM-16937074-MM-16946899',
    'ＭＭ１６９３７０７４～１６９４６８９９',
    'ｍｍ１６９３７０７４－ｍｍ１６９４６８９９',
    'mm16937074-16946899',
    'Mm16937074 - mM16946899',
    '未使用發票：MM16937074-16946899',
    '未使用發票: MM16937074 ~ 16946899號',
    '起 MM16937074 迄 MM16946899',
    '起號：MM16937074　迄號：MM16946899',
    '起始編號 MM16937074 終止編號 MM16946899',
    'MM16937074號至16946899號',
    '  MM16937074-16946899  \n',
    'MM16937074 16946899',
    '16937074-MM16946899',
    '115年9-10月 未使用發票：MM16937074-16946899 共9826張',
    '👍 MM16937074-16946899 謝謝',
  ];
  for (const text of shapes) {
    const result = parseRanges(text);
    assert.deepEqual(result.problems, [], text);
    assert.deepEqual(result.ranges, [seed], text);
    assert.equal(result.total, 9826, text);
    assert.deepEqual(result.warnings, [], text);
  }
});

test('a single number is a range of one', () => {
  assert.deepEqual(onlyRanges('MM16946899'), [{ track: 'MM', start: 16946899, end: 16946899 }]);
  assert.deepEqual(onlyRanges('ＭＭ１６９４６８９９號'), [{ track: 'MM', start: 16946899, end: 16946899 }]);
  assert.equal(parseRanges('MM16946899').total, 1);
});

test('several ranges in one message, separated every way owners do', () => {
  const expected = [
    { track: 'AB', start: 50, end: 99 },
    { track: 'AB', start: 12345650, end: 12345699 },
    { track: 'MM', start: 16937074, end: 16946899 },
  ];
  const separators = ['\n', '\r\n', ',', '，', '、', ';', '；', ' ', '   ', '\n\n', ' , '];
  for (const sep of separators) {
    const text = ['MM16937074-16946899', 'AB00000050-00000099', 'AB12345650~AB12345699'].join(sep);
    const result = parseRanges(text);
    assert.deepEqual(result.problems, [], JSON.stringify(sep));
    assert.deepEqual(result.ranges, expected, JSON.stringify(sep));
    assert.equal(result.total, 9826 + 50 + 50);
  }
});

test('single numbers side by side stay separate when each has its track', () => {
  assert.deepEqual(onlyRanges('MM16946849 MM16946899'), [
    { track: 'MM', start: 16946849, end: 16946849 },
    { track: 'MM', start: 16946899, end: 16946899 },
  ]);
});

test('a word "TO" glued to digits is a track, not "to"', () => {
  assert.deepEqual(onlyRanges('TO00000000-00000049'), [{ track: 'TO', start: 0, end: 49 }]);
  assert.deepEqual(onlyRanges('TO00000000 to TO00000049'), [{ track: 'TO', start: 0, end: 49 }]);
});

test('end before start says so and suggests the swap', () => {
  const problem = onlyProblem('MM16946899-16937074');
  assert.equal(problem.kind, 'end-before-start');
  assert.equal(problem.piece, 'MM16946899-16937074');
  assert.match(problem.message, /MM16937074-16946899/);
});

test('two tracks in one range', () => {
  const problem = onlyProblem('MM16937074-MN16946899');
  assert.equal(problem.kind, 'track-mismatch');
  assert.match(problem.message, /MM/);
  assert.match(problem.message, /MN/);
});

test('wrong digit counts name the digits typed', () => {
  for (const [text, digits] of [
    ['MM1693707-16946899', '1693707'],
    ['MM16937074-169468990', '169468990'],
    ['MM169370745', '169370745'],
    ['ＭＭ１６９３７０７－１６９４６８９９', '1693707'],
  ] as const) {
    const problem = onlyProblem(text);
    assert.equal(problem.kind, 'digit-count', text);
    assert.equal(problem.piece, text, 'the piece is quoted as typed');
    assert.ok(problem.message.includes(digits), problem.message);
    assert.match(problem.message, /8 位數/);
  }
});

test('missing or malformed tracks', () => {
  assert.equal(onlyProblem('16937074-16946899').kind, 'missing-track');
  assert.equal(onlyProblem('16937074').kind, 'missing-track');
  assert.equal(onlyProblem('M16937074').kind, 'bad-track');
  assert.equal(onlyProblem('MMM16937074-16946899').kind, 'bad-track');
});

test('a dash with nothing on one side', () => {
  assert.equal(onlyProblem('MM16937074-').kind, 'missing-end');
  assert.equal(onlyProblem('MM16937074 ~ \nAB00000050-00000099').kind, 'missing-end');
  assert.equal(onlyProblem('-16946899').kind, 'missing-start');
});

test('duplicates within a message name both pieces', () => {
  const result = parseRanges('MM16937074-16946899\nmm16937074 ~ 16946899');
  assert.deepEqual(result.ranges, [seed], 'the first copy is kept');
  const [problem] = result.problems;
  assert.equal(problem?.kind, 'duplicate');
  assert.equal(problem?.piece, 'mm16937074 ~ 16946899');
  assert.equal(problem?.otherPiece, 'MM16937074-16946899');
  assert.match(problem?.message ?? '', /MM16937074-16946899/);
  assert.match(problem?.message ?? '', /mm16937074 ~ 16946899/);
  assert.ok(!isAcceptable(result));
});

test('overlaps within a message name both pieces', () => {
  const result = parseRanges('MM16937074-16946899, MM16946800-16946949');
  const [problem] = result.problems;
  assert.equal(problem?.kind, 'overlap');
  assert.equal(problem?.otherPiece, 'MM16937074-16946899');
  assert.equal(problem?.piece, 'MM16946800-16946949');
  assert.ok(problem?.message.includes('MM16937074-16946899'));
  assert.ok(problem?.message.includes('MM16946800-16946949'));
});

test('touching ranges and the same numbers on another track do not clash', () => {
  assert.equal(onlyRanges('MM16937000-16937049 MM16937050-16937099').length, 2);
  assert.equal(onlyRanges('MM16937000-16937049 MN16937000-16937049').length, 2);
});

test('good pieces still come through next to bad ones', () => {
  const result = parseRanges('MM16937074-16946899\nAB123-456\nCD00000050-00000099');
  assert.equal(result.ranges.length, 2);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0]?.piece, 'AB123-456');
  assert.equal(result.total, 9826 + 50);
});

test('an empty message asks for numbers with an example', () => {
  for (const text of ['', '   ', '\n\t', '　']) {
    const problem = onlyProblem(text);
    assert.equal(problem.kind, 'empty');
    assert.match(problem.message, /MM16937074-16937099/);
  }
});

test('a message with no numbers at all is unreadable, with an example', () => {
  for (const text of ['hello', '不知道', '115年9-10月', 'MM', '~']) {
    const problem = onlyProblem(text);
    assert.equal(problem.kind, 'unreadable', text);
    assert.match(problem.message, /MM16937074-16937099/);
  }
});

test('warnings: an end not at …49/…99, and a very long range', () => {
  const unusual = parseRanges('MM16937074-16946898');
  assert.deepEqual(unusual.problems, []);
  assert.deepEqual(unusual.warnings.map((w) => w.kind), ['unusual-end']);
  assert.ok(isAcceptable(unusual), 'a warning does not block');

  const long = parseRanges('MM10000000-10010099');
  assert.deepEqual(long.warnings.map((w) => w.kind), ['very-long']);
  assert.match(long.warnings[0]?.message ?? '', /10,100/);

  assert.deepEqual(parseRanges('MM10000000-10009999').warnings, [], 'exactly 10,000 is not "very long"');
  assert.deepEqual(parseRanges('MM10000000-10010000').warnings.map((w) => w.kind), ['unusual-end', 'very-long']);
});

test('long pasted text is quoted briefly', () => {
  const junk = `${'x'.repeat(200)}12345678`;
  const problem = onlyProblem(junk);
  assert.ok(problem.message.length < 150);
});
