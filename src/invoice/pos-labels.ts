// The words a POS screen (or an owner) puts beside invoice numbers, found line by line.
// Owners copy or photograph the whole 設定發票號碼 screen, so a message mixes the numbers to report
// (未使用, 空白, 剩餘) with numbers that must never be reported (已使用, 已開立, 最後開立) and the next
// number to issue (目前號碼, 下一張). The vocabulary is generous on purpose: one missed "used" word
// is a false report to the tax office. Every word list lives here so it can be read and extended.
import { foldChar } from './normalize-text.ts';

/** What a label says about the numbers it applies to. */
export type NumberStatus =
  | 'blank' // 未使用, 空白, 剩餘, 可用: report these
  | 'used' // 已使用, 已用
  | 'issued' // 已開立, 已列印, 作廢
  | 'last-issued' // 最後開立, 上一張, 已開到: the last number issued
  | 'next-number' // 目前號碼, 下一張: the next number to issue, where the blank part starts
  | 'in-use'; // 使用中, 配號: a whole booklet, used and blank parts together

/**
 * Words that are not about status: a machine (`2號機`, `POS1`), the start and the end of a range written as words
 * (`起號`, `結束`), and other numbers with their value (`統一編號 04595257`, `電話 02-2345-6789`).
 */
export type LabelKind = NumberStatus | 'machine' | 'start-word' | 'end-word' | 'other-number';

export interface LabelHit {
  readonly kind: LabelKind;
  /** Offsets in the line as the owner wrote it. */
  readonly from: number;
  readonly to: number;
  /** `未使用：…`, `空白發票: …`: the label names what follows. */
  readonly colon: boolean;
  /** `…（已使用）`: the label names what comes just before. */
  readonly inParens: boolean;
  /** Where the label ends, closing bracket included. */
  readonly closeTo: number;
}

// Matched on folded, upper-cased text. Where two words overlap, the one that starts first wins, then the longer:
// 未使用 beats 使用, 最後開立 beats 開立, 已使用到 (used up to: the last one issued) beats 已使用.
const WORDS: readonly (readonly [LabelKind, RegExp])[] = [
  [
    'blank',
    /尚未使用|未使用|未曾使用|(?:還|尚)?沒有?使用(?!完|中|過的)|尚未用(?!完)|還沒用(?!完)|沒有?用過|沒有?用(?!完)|未用過|未用(?!完)|尚未開立|未開立|未開(?!始)|空白|空的|剩餘|剩下|尚餘|剩|(?<!不)可使用|(?<!不)可用|(?<![A-Z])(?:UNUSED|BLANK|REMAINING|AVAILABLE)(?![A-Z])/g,
  ],
  [
    'used',
    /已使用|已用完|已用|使用過|用過|用掉|(?<![A-Z])USED(?![A-Z])/g,
  ],
  [
    'issued',
    /已開立|已開出|已開|開立過|已列印|已印|已作廢|作廢|(?<![A-Z])(?:ISSUED|VOID|VOIDED|PRINTED)(?![A-Z])/g,
  ],
  [
    'last-issued',
    /最後(?:一次)?(?:開立|開出|一張|一號|使用|列印|發票號碼|號碼|發票)|最近(?:開立|開出|一張)|上一(?:張|號|個號碼)|上張|(?:目前)?已?(?:開|使用|用|印)(?:到|至)|(?<![A-Z])LAST(?![A-Z])/g,
  ],
  [
    'next-number',
    /目前的?(?:發票(?:號碼|編號|號)?|號碼|編號|號|張)|當前(?:發票)?(?:號碼|號)|現在的?(?:發票)?號碼|下一(?:張|號|個|組)|下張|下個號碼|待開立?|即?將開立|(?<![A-Z])(?:NEXT|CURRENT)(?![A-Z])/g,
  ],
  ['in-use', /使用中|尚未用完|未用完|沒用完|還沒用完|配號|配發|領用|(?<![A-Z])IN USE(?![A-Z])/g],
  [
    'machine',
    /(?:(?<![A-Z])POS|收銀機|收銀台|機台|機號|機器|主機|分機|副機)\s*[#:-]?\s*(?:\d{1,3}(?!\d)|[一二三四五六七八九十])(?:\s*號)?(?:\s*機)?|第\s*(?:\d{1,3}|[一二三四五六七八九十])\s*(?:台|臺|部)(?:\s*(?:POS|收銀機))?|(?<!\d)\d{1,3}\s*號\s*(?:機|台|臺)|[一二三四五六七八九十]\s*號\s*(?:機|台|臺)|(?<![A-Z])POS(?![A-Z])|收銀機|主機|副機|分機/g,
  ],
  ['start-word', /起始(?:號碼|編號|號)?|起號|起|開始(?:號碼|編號|號)?|從/g],
  ['end-word', /結束(?:號碼|編號|號)?|(?<![A-Z])END(?![A-Z])/g],
  // Other numbers a screen shows, with their value: never read as invoice numbers.
  [
    'other-number',
    /(?:統一編號|統編|營業人統編|電話|TEL|傳真|FAX|日期|時間|序號|機器序號|交易序號)[^0-9A-Z\n]{0,4}[0-9][0-9\/\-:.]*/g,
  ],
];

export const STATUS_KINDS: ReadonlySet<LabelKind> = new Set<LabelKind>([
  'blank',
  'used',
  'issued',
  'last-issued',
  'next-number',
  'in-use',
]);

export function isStatusLabel(hit: LabelHit): hit is LabelHit & { readonly kind: NumberStatus } {
  return STATUS_KINDS.has(hit.kind);
}

const OPENERS = new Set(['(', '[', '【', '〔', '「', '『', '<', '〈', '《']);
const CLOSERS = new Set([')', ']', '】', '〕', '」', '』', '>', '〉', '》']);
// Characters that end the search for a colon or a closing bracket after a label: numbers, letters, dashes, breaks.
const STOPS = /[0-9A-Z\-~至到迄止\n\r,、;\/。]/;

interface Folded {
  readonly text: string;
  /** For each folded UTF-16 unit: where its character starts and ends in the original line. */
  readonly from: readonly number[];
  readonly to: readonly number[];
}

function fold(line: string): Folded {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let offset = 0;
  for (const ch of line) {
    const folded = foldChar(ch).replace(/[a-z]/g, (c) => c.toUpperCase());
    for (let k = 0; k < folded.length; k += 1) {
      from.push(offset);
      to.push(offset + ch.length);
    }
    text += folded;
    offset += ch.length;
  }
  return { text, from, to };
}

interface Span {
  readonly kind: LabelKind;
  readonly start: number;
  readonly end: number;
}

/** Every label in one line, in order, never overlapping. */
export function findLabels(line: string): LabelHit[] {
  const folded = fold(line);
  const spans = pickSpans(allSpans(folded.text));
  return spans.map((span, i) => toHit(folded, span, spans[i + 1]?.start ?? folded.text.length));
}

function allSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const [kind, pattern] of WORDS) {
    for (const match of text.matchAll(pattern)) {
      spans.push({ kind, start: match.index, end: match.index + match[0].length });
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

function pickSpans(sorted: readonly Span[]): Span[] {
  const picked: Span[] = [];
  for (const span of sorted) {
    const last = picked.at(-1);
    if (last === undefined || span.start >= last.end) picked.push(span);
  }
  return picked;
}

function toHit(folded: Folded, span: Span, limit: number): LabelHit {
  const from = folded.from[span.start] ?? 0;
  const to = folded.to[span.end - 1] ?? from;
  const after = lookAfter(folded.text, span.end, limit);
  const inParens = OPENERS.has(charBefore(folded.text, span.start));
  const closeAt = inParens && after.closer !== null ? (folded.to[after.closer] ?? to) : to;
  return { kind: span.kind, from, to, colon: after.colon, inParens, closeTo: closeAt };
}

function charBefore(text: string, index: number): string {
  let i = index - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i -= 1;
  return text[i] ?? '';
}

// Skips spaces and the rest of a label (`未使用發票號碼：`) up to a colon or a closing bracket.
function lookAfter(text: string, from: number, limit: number): { colon: boolean; closer: number | null } {
  for (let i = from; i < limit; i += 1) {
    const ch = text[i] ?? '';
    if (ch === ':') return { colon: true, closer: null };
    if (CLOSERS.has(ch)) return { colon: false, closer: i };
    if (STOPS.test(ch) || OPENERS.has(ch)) break;
  }
  return { colon: false, closer: null };
}

const MASKS: Readonly<Record<LabelKind, string>> = {
  blank: ';',
  used: ';',
  issued: ';',
  'last-issued': ';',
  'next-number': ';',
  'in-use': ';',
  machine: ';',
  'start-word': ' ',
  'end-word': '~',
  'other-number': ' ',
};

/**
 * The line with its labels blanked out, same length so offsets still point into the owner's text: a status or
 * machine word becomes a break (numbers on either side of it never join into one range), `結束` becomes a dash,
 * and another number with its word (`統編 04595257`) disappears.
 */
export function maskLabels(line: string, hits: readonly LabelHit[]): string {
  let masked = '';
  let at = 0;
  for (const hit of hits) {
    const mark = MASKS[hit.kind];
    masked += line.slice(at, hit.from) + mark + ' '.repeat(Math.max(0, hit.to - hit.from - 1));
    at = hit.to;
  }
  return masked + line.slice(at);
}
