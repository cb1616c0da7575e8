// POS screens as owners paste or photograph them: used and blank numbers side by side, with labels.
// `renderPosScreen` draws one from a spec (the property tests draw thousands), and `POS_SCREEN_EXAMPLES`
// are twelve fixed, realistic screens with the blank ranges they hold, for tests of the whole conversation.
import fc from 'fast-check';
import { formatNumber } from '../../src/invoice/invoice-number.ts';
import { sortRanges } from '../../src/invoice/range.ts';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import { toFullWidth } from './helpers.ts';

// ---- Specs ------------------------------------------------------------------------------------------

/** One booklet of 50 on one machine: `used` numbers issued from its start (1–50), the rest blank. */
export interface BookletSpec {
  readonly track: string;
  /** …00 or …50. */
  readonly start: number;
  readonly used: number;
  /** How the screen shows it. */
  readonly show: BookletShow;
}

export interface BookletShow {
  /**
   * A line with the used part as a range: labelled (已使用 / 已開立 …), or bare, right before the blank part
   * (bare only for two or more numbers, where the blank part or the next number is shown too; otherwise labelled).
   */
  readonly usedRange: 'labelled' | 'bare' | 'none';
  /** A line with the last number issued (最後開立 …). */
  readonly lastIssued: boolean;
  /** A line with the next number to issue (目前號碼 …), when something is left. */
  readonly nextNumber: boolean;
  /** The whole booklet labelled 使用中 instead of (or beside) the blank part. */
  readonly wholeBooklet: 'no' | 'instead-of-blank' | 'beside-blank';
  /** The used and blank parts on one line (`已開立：… 空白：…`) or under column headings. */
  readonly together: boolean;
}

export interface MachineSpec {
  readonly booklets: readonly BookletSpec[];
}

export interface PosScreenSpec {
  readonly machines: readonly MachineSpec[];
}

export type LabelFamily = 'blank' | 'used' | 'issued' | 'last-issued' | 'next-number' | 'in-use';

/** Words of each family, as POS screens and owners write them. */
export const LABEL_WORDS: Readonly<Record<LabelFamily, readonly string[]>> = {
  blank: ['未使用', '空白', '剩餘', '可用', '未用', '尚未使用', '空白發票', '未使用發票', '剩餘號碼', '空白未使用', '未開立', '還沒用', 'Unused', 'BLANK'],
  used: ['已使用', '已用', '已使用發票', '使用過', '已用完', 'used'],
  issued: ['已開立', '已開', '已列印', '已開立發票', '已開出', 'Issued'],
  'last-issued': ['最後開立', '最後一張', '上一張', '最後開立號碼', '已開到', '最後發票號碼', 'Last'],
  'next-number': ['目前號碼', '下一張', '下一號', '目前發票號碼', '下張', '目前發票', 'Next'],
  'in-use': ['使用中', '配號'],
};

/** The numbers a spec holds that must be reported: exactly these. */
export function blankRangesOf(spec: PosScreenSpec): InvoiceRange[] {
  return sortRanges(
    spec.machines.flatMap((m) => m.booklets.filter((b) => b.used < 50).map((b) => ({ track: b.track, start: b.start + b.used, end: b.start + 49 }))),
  );
}

/** The numbers a spec holds that were issued: never to be reported. */
export function issuedRangesOf(spec: PosScreenSpec): InvoiceRange[] {
  return spec.machines.flatMap((m) => m.booklets.map((b) => ({ track: b.track, start: b.start, end: b.start + b.used - 1 })));
}

// ---- Style ------------------------------------------------------------------------------------------

export type Placement = 'same-line' | 'heading' | 'bracket' | 'trailing';

export interface ScreenStyle {
  /** Where labels go; 'mixed' picks for every line. */
  readonly placement: Placement | 'mixed';
  /** `1號機`, `POS 2`… above each machine's lines. */
  readonly machineLines: boolean;
  /** The track on its own line (`字軌：MM`) above numbers written without it. */
  readonly trackLines: boolean;
  readonly lowerCase: boolean;
  readonly fullWidth: 'none' | 'all' | 'some-lines';
  /** Lines in random order (within what must stay together). */
  readonly shuffle: boolean;
  /** Title, period and time lines a screen shows above the numbers. */
  readonly decorations: boolean;
  /** Seed of every small choice: words, separators, brackets. */
  readonly seed: number;
}

export const PLAIN_STYLE: ScreenStyle = {
  placement: 'same-line',
  machineLines: true,
  trackLines: false,
  lowerCase: false,
  fullWidth: 'none',
  shuffle: false,
  decorations: false,
  seed: 1,
};

// Tracks a lone two-letter word could not be told from (NO, OK, TO…) are not used where the track stands alone.
const WORD_LIKE_TRACKS = new Set(['AM', 'AN', 'AS', 'AT', 'BE', 'BY', 'DO', 'GO', 'HI', 'ID', 'IF', 'IN', 'IS', 'IT', 'ME', 'MY', 'NO', 'OF', 'OK', 'ON', 'OR', 'PM', 'SO', 'TO', 'TW', 'UP', 'US', 'WE']);

const SEPARATORS = ['-', '~', '～', '〜', '至', '到', ' ', ' - ', ' ~ ', '－', '—', ' to ', '　～　'];
const JOINERS = ['', ' ', '：', ': ', '　', ' ： '];
const BRACKETS: readonly (readonly [string, string])[] = [['（', '）'], ['(', ')'], [' (', ')'], ['【', '】'], [' [', ']']];
const START_END_WORDS: readonly (readonly [string, string])[] = [['起', '迄'], ['起號', '迄號'], ['起號：', '迄號：'], ['開始', '結束'], ['從', '到'], ['起始號碼', '結束號碼']];
const MACHINE_WORDS = ['{n}號機', 'POS {n}', 'POS{n}', '收銀機 {n}', '機台{n}', '第{n}台', '【{n}號機】', '{n} 號機：'];
const TRACK_LINES = ['{t}', '字軌：{t}', '字軌 {t}', '【{t}】', '發票字軌 {t}'];
const HEADINGS = ['{w}', '{w}：', '【{w}】', '== {w} ==', '{w}發票：'];
const DECORATIONS = ['設定發票號碼', '115年09-10月', '月份：115年11-12月', '列印時間 2026/11/01 12:30', '系統設定 > 發票號碼', '共 3 本'];

// ---- Rendering -------------------------------------------------------------------------------------

/** A line's worth of numbers with its label family; 'bare' has no label. */
interface Unit {
  readonly family: LabelFamily | 'bare';
  readonly range: InvoiceRange;
}

type Item =
  | { readonly kind: 'lines'; readonly track: string; readonly lines: string[] }
  | { readonly kind: 'section'; readonly track: string; readonly family: LabelFamily; readonly units: Unit[] };

/** Draws the screen of a spec in a style. The same spec and style always give the same text. */
export function renderPosScreen(spec: PosScreenSpec, style: ScreenStyle = PLAIN_STYLE): string {
  const rng = new Rng(style.seed);
  const drawn = spec.machines.map((machine, i) => renderMachine(machine, i + 1, style, rng));
  const blocks = style.shuffle ? rng.shuffle(drawn) : drawn;
  const top = style.decorations ? rng.pickSome(DECORATIONS, 2) : [];
  return [...top, ...blocks.flat()].map((line) => widen(line, style, rng)).join(rng.pick(['\n', '\n', '\r\n', '\n\n']));
}

function widen(line: string, style: ScreenStyle, rng: Rng): string {
  if (style.fullWidth === 'all' || (style.fullWidth === 'some-lines' && rng.chance(0.4))) return toFullWidth(line);
  return line;
}

function renderMachine(machine: MachineSpec, n: number, style: ScreenStyle, rng: Rng): string[] {
  const items = machine.booklets.flatMap((b) => bookletItems(b, style, rng));
  const groups = groupItems(items, style, rng);
  const head = style.machineLines ? [rng.pick(MACHINE_WORDS).replace('{n}', String(n))] : [];
  return [...head, ...groups];
}

function groupItems(items: readonly Item[], style: ScreenStyle, rng: Rng): string[] {
  const ordered = style.shuffle ? rng.shuffle(mergeSections(items)) : mergeSections(items);
  if (!style.trackLines) return ordered.flatMap((item) => itemLines(item, style, rng));
  const tracks = [...new Set(ordered.map((item) => item.track))];
  return tracks.flatMap((track) => [
    rng.pick(TRACK_LINES).replace('{t}', style.lowerCase ? track.toLowerCase() : track),
    ...ordered.filter((item) => item.track === track).flatMap((item) => itemLines(item, style, rng)),
  ]);
}

// Units under a heading of the same family and track share one heading.
function mergeSections(items: readonly Item[]): Item[] {
  const merged: Item[] = [];
  for (const item of items) {
    const same = item.kind === 'section' ? merged.find((m) => m.kind === 'section' && m.family === item.family && m.track === item.track) : undefined;
    if (same?.kind === 'section' && item.kind === 'section') same.units.push(...item.units);
    else merged.push(item.kind === 'section' ? { ...item, units: [...item.units] } : item);
  }
  return merged;
}

function itemLines(item: Item, style: ScreenStyle, rng: Rng): string[] {
  if (item.kind === 'lines') return item.lines;
  const heading = rng.pick(HEADINGS).replace('{w}', rng.pick(LABEL_WORDS[item.family]));
  const units = style.shuffle ? rng.shuffle(item.units) : item.units;
  return [heading, ...units.flatMap((unit) => valueLines(unit.range, style, rng, 'any'))];
}

function bookletItems(b: BookletSpec, style: ScreenStyle, rng: Rng): Item[] {
  const units = bookletUnits(b);
  const used = units.find((u): u is Unit & { family: LabelFamily } => u.family === 'used' || u.family === 'issued');
  const blank = units.find((u): u is Unit & { family: LabelFamily } => u.family === 'blank');
  if (b.show.together && used !== undefined && blank !== undefined) {
    const rest = units.filter((u) => u !== used && u !== blank);
    return [togetherItem(used, blank, style, rng), ...rest.map((u) => unitItem(u, style, rng))];
  }
  return units.map((u) => unitItem(u, style, rng));
}

function bookletUnits(b: BookletSpec): Unit[] {
  const { track, start, used, show } = b;
  const last = start + used - 1;
  const units: Unit[] = [];
  const family = (start / 50 + used) % 2 === 0 ? 'used' : 'issued';
  // A bare used part is drawn only as a range, and only where what follows it is shown too.
  const blankShown = used > 1 && used < 50 && (show.nextNumber || show.wholeBooklet !== 'instead-of-blank');
  if (show.usedRange !== 'none') units.push({ family: show.usedRange === 'bare' && blankShown ? 'bare' : family, range: { track, start, end: last } });
  if (show.lastIssued) units.push({ family: 'last-issued', range: { track, start: last, end: last } });
  if (used < 50 && show.nextNumber) units.push({ family: 'next-number', range: { track, start: last + 1, end: last + 1 } });
  if (used < 50 && show.wholeBooklet !== 'instead-of-blank') units.push({ family: 'blank', range: { track, start: last + 1, end: start + 49 } });
  if (show.wholeBooklet !== 'no') units.push({ family: 'in-use', range: { track, start, end: start + 49 } });
  return units;
}

function unitItem(unit: Unit, style: ScreenStyle, rng: Rng): Item {
  const placement = style.placement === 'mixed' ? rng.pick(['same-line', 'heading', 'bracket', 'trailing'] as const) : style.placement;
  const { track } = unit.range;
  if (unit.family === 'bare') return { kind: 'lines', track, lines: valueLines(unit.range, style, rng, 'any') };
  if (placement === 'heading') return { kind: 'section', track, family: unit.family, units: [unit] };
  const word = rng.pick(LABEL_WORDS[unit.family]);
  if (placement === 'same-line') {
    const [first = '', ...rest] = valueLines(unit.range, style, rng, 'any');
    return { kind: 'lines', track, lines: [`${word}${joiner(word, rng)}${first}`, ...rest] };
  }
  const [value = ''] = valueLines(unit.range, style, rng, 'one-line');
  const [open, close] = rng.pick(BRACKETS);
  return { kind: 'lines', track, lines: [placement === 'bracket' ? `${value}${open}${word}${close}` : `${value} ${word}`] };
}

// `已開立：MM… 空白：MM…` on one line, or the two under column headings `字軌 已開立 空白`.
function togetherItem(used: Unit & { family: LabelFamily }, blank: Unit & { family: LabelFamily }, style: ScreenStyle, rng: Rng): Item {
  const pair = rng.chance(0.5) ? [used, blank] : [blank, used];
  const { track } = used.range;
  const form = rng.pick(['labels-first', 'labels-after', 'brackets', 'columns'] as const);
  // Under column headings only a dash tells where one column's numbers end and the next one's begin.
  const values = pair.map((u) => valueLines(u.range, style, rng, form === 'columns' ? 'dash' : 'one-line')[0] ?? '');
  const words = pair.map((u) => rng.pick(LABEL_WORDS[u.family]));
  if (form === 'columns') {
    const head = `${style.trackLines ? '' : '字軌 '}${words.join(' ')}`;
    return { kind: 'lines', track, lines: [head, values.join(rng.pick([' ', '  ', ' | ', '\t']))] };
  }
  const parts = pair.map((_, i) => {
    const word = words[i] ?? '';
    const value = values[i] ?? '';
    if (form === 'labels-first') return `${word}${rng.pick(['：', ': ', '：'])}${value}`;
    if (form === 'brackets') return `${value}（${word}）`;
    return `${value} ${word}`;
  });
  return { kind: 'lines', track, lines: [parts.join(rng.pick([' ', '　', '  ', '，']))] };
}

// English words need a space or a colon, or they would run into the track letters.
function joiner(word: string, rng: Rng): string {
  const j = rng.pick(JOINERS);
  return /[A-Za-z]$/.test(word) && !/[\s:：]/.test(j) ? ' ' : j;
}

/** The numbers of a unit; two lines when written as 起 … ⏎ 迄 …. */
function valueLines(range: InvoiceRange, style: ScreenStyle, rng: Rng, forms: 'any' | 'one-line' | 'dash'): string[] {
  const track = style.trackLines ? '' : style.lowerCase ? range.track.toLowerCase() : range.track;
  const start = `${track}${formatNumber(range.start)}`;
  if (range.start === range.end) return [start];
  const end = formatNumber(range.end);
  const form = forms === 'dash' ? 'dash' : rng.pick(['dash', 'dash', 'dash', 'columns', 'two-lines'] as const);
  if (form === 'two-lines' && forms === 'any') {
    const [from, to] = rng.pick(START_END_WORDS);
    return [`${from} ${start}`, `${to} ${rng.chance(0.3) ? track : ''}${end}`];
  }
  if (form === 'columns') return [`${track}${track === '' ? '' : rng.pick([' ', '  ', ' | '])}${formatNumber(range.start)}${rng.pick([' ', '  ', ' | ', '\t'])}${end}`];
  const sep = rng.pick(forms === 'dash' ? SEPARATORS.filter((s) => s.trim() !== '') : SEPARATORS);
  // A repeated track after a bare space would read as a second number of its own.
  const again = sep.trim() !== '' && rng.chance(0.3) ? track : '';
  return [`${start}${sep}${again}${end}`];
}

// ---- Generators -------------------------------------------------------------------------------------

const showArb: fc.Arbitrary<BookletShow> = fc
  .record({
    usedRange: fc.constantFrom('labelled' as const, 'labelled' as const, 'bare' as const, 'none' as const),
    lastIssued: fc.boolean(),
    nextNumber: fc.boolean(),
    wholeBooklet: fc.constantFrom('no' as const, 'no' as const, 'no' as const, 'instead-of-blank' as const, 'beside-blank' as const),
    together: fc.boolean(),
  })
  // A 使用中 booklet shown without its blank part needs something that says where the blank part starts.
  .map((show) => (show.wholeBooklet === 'instead-of-blank' && show.usedRange === 'none' && !show.lastIssued ? { ...show, nextNumber: true, lastIssued: true } : show));

const trackArb = fc
  .tuple(fc.integer({ min: 65, max: 90 }), fc.integer({ min: 65, max: 90 }))
  .map(([a, b]) => String.fromCharCode(a, b))
  .filter((t) => !WORD_LIKE_TRACKS.has(t));

const bookletPlaceArb = fc.record({
  track: fc.oneof(fc.constantFrom('MM', 'AB', 'XY', 'ZQ'), trackArb),
  block: fc.oneof(fc.integer({ min: 0, max: 1_999_999 }), fc.integer({ min: 338_740, max: 338_745 })),
});

/** Screens of 1–3 machines with 1–3 booklets each, every booklet a different one. */
export const posScreenSpecArb: fc.Arbitrary<PosScreenSpec> = fc
  .array(
    fc.record({ place: bookletPlaceArb, used: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(1, 49, 50)), show: showArb, machine: fc.integer({ min: 0, max: 2 }) }),
    { minLength: 1, maxLength: 6 },
  )
  .map((booklets) => {
    const seen = new Set<string>();
    const machines: BookletSpec[][] = [[], [], []];
    for (const { place, used, show, machine } of booklets) {
      const key = `${place.track}${place.block}`;
      if (seen.has(key)) continue;
      seen.add(key);
      machines[machine]?.push({ track: place.track, start: place.block * 50, used, show });
    }
    return { machines: machines.filter((m) => m.length > 0).map((m) => ({ booklets: m })) };
  });

export const screenStyleArb: fc.Arbitrary<ScreenStyle> = fc.record({
  placement: fc.constantFrom('same-line' as const, 'heading' as const, 'bracket' as const, 'trailing' as const, 'mixed' as const, 'mixed' as const),
  machineLines: fc.boolean(),
  trackLines: fc.boolean(),
  lowerCase: fc.boolean(),
  fullWidth: fc.constantFrom('none' as const, 'all' as const, 'some-lines' as const),
  shuffle: fc.boolean(),
  decorations: fc.boolean(),
  seed: fc.integer(),
});

// ---- Small deterministic choices ------------------------------------------------------------------

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  // mulberry32
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.next() * list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  pickSome<T>(list: readonly T[], max: number): T[] {
    return this.shuffle(list).slice(0, Math.floor(this.next() * (max + 1)));
  }

  shuffle<T>(list: readonly T[]): T[] {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

// ---- Twelve real-looking screens -------------------------------------------------------------------

export interface PosScreenExample {
  readonly name: string;
  readonly text: string;
  /** Sorted as parseRanges returns them. */
  readonly blank: readonly InvoiceRange[];
}

const r = (track: string, start: number, end: number): InvoiceRange => ({ track, start, end });

export const POS_SCREEN_EXAMPLES: readonly PosScreenExample[] = [
  {
    name: 'the 設定發票號碼 screen: allocation with the current number',
    text: '發票號碼設定　115年09-10月\n字軌 MM\n起始號碼 16937000\n結束號碼 16937099\n目前號碼 16937074',
    blank: [r('MM', 16937074, 16937099)],
  },
  {
    name: 'two machines, used and unused with colons',
    text: '【1號機】\n已使用：MM16937000 ~ MM16937073\n未使用：MM16937074 ~ MM16937099\n【2號機】\n已使用：MM16937100 ~ MM16937120\n未使用：MM16937121 ~ MM16937149',
    blank: [r('MM', 16937074, 16937099), r('MM', 16937121, 16937149)],
  },
  {
    name: 'a status table, two tracks',
    text: '狀態　字軌　起號　　　迄號\n已開立　MM　16937000　16937073\n空白　　MM　16937074　16937099\n已開立　MN　22041150　22041188\n空白　　MN　22041189　22041199',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'a photo read line by line, track on its own line',
    text: '設定發票號碼\n月份 115年11-12月\n發票字軌 MM\n已使用 16937000 - 16937073\n未使用 16937074 - 16937099\n目前發票號碼 16937074',
    blank: [r('MM', 16937074, 16937099)],
  },
  {
    name: 'two POS with the last issued and what is left',
    text: 'POS 1\n最後開立 MM16937073\n剩餘 MM16937074-16937099\nPOS 2\n最後開立 MN22041188\n剩餘 MN22041189-22041199',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'section headings, full-width, two tracks',
    text: '未使用發票：\nＭＭ１６９３７０７４～１６９３７０９９\nＡＢ１２３４５６６０～１２３４５６９９\n已使用發票：\nＭＭ１６９３７０００～１６９３７０７３\nＡＢ１２３４５６５０～１２３４５６５９',
    blank: [r('AB', 12345660, 12345699), r('MM', 16937074, 16937099)],
  },
  {
    name: 'labels in brackets after the numbers, lower case',
    text: 'mm16937000-16937073（已開立）\nmm16937074-16937099（空白）\nmn22041150-22041188 (已開立)\nmn22041189-22041199 (空白)',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'column headings for used and unused',
    text: '字軌　已使用　　　　　　　未使用\nMM　16937000-16937073　16937074-16937099\nMN　22041150-22041188　22041189-22041199',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'booklets in use with the next number, one line per machine',
    text: '1號機 使用中 MM16937000-16937099 目前號碼 MM16937074\n2號機 使用中 MN22041150-22041199 下一張 MN22041189',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'start and end on separate lines, per machine, with counts',
    text: '1號機\n字軌：MM\n起號：16937074\n迄號：16937099\n已開立張數：74\n2號機\n字軌：MN\n起號：22041189\n迄號：22041199\n已開立張數：39',
    blank: [r('MM', 16937074, 16937099), r('MN', 22041189, 22041199)],
  },
  {
    name: 'three tracks on two machines: the current number up to the end number',
    text: '115年9-10月 發票設定\n收銀機 1\n  字軌 MM 目前號碼 16937074 迄號 16937099\n  最後開立 MM16937073\n收銀機 2\n  字軌 AB 目前號碼 12345660 迄號 12345699\n  字軌 CD 目前號碼 55500000 迄號 55500049',
    blank: [r('AB', 12345660, 12345699), r('CD', 55500000, 55500049), r('MM', 16937074, 16937099)],
  },
  {
    name: 'an owner writing it out, one line per machine',
    text: '老闆娘你好，這期的：\n1號機 已用到 MM16937073，剩 MM16937074-16937099\n2號機 整本都沒用 MN22041150-22041199\n3號機 已開立 AB12345650-12345672 未使用 AB12345673-12345699',
    blank: [r('AB', 12345673, 12345699), r('MM', 16937074, 16937099), r('MN', 22041150, 22041199)],
  },
];
