import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codePointLength, cutText, ELLIPSIS, splitText, utf16Length } from '../../src/line/text-fit.ts';

const FAMILY = '👨‍👩‍👧'; // 5 code points, 8 UTF-16 units, one grapheme cluster
const FLAG = '🇹🇼'; // 2 code points, 4 units
const APPLE = '🍎'; // 1 code point, 2 units

/** True when the text holds no unpaired surrogate (a cut inside a character would leave one). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('cutting text to a limit', () => {
  test('a text within the limit is kept as it is', () => {
    assert.equal(cutText(APPLE.repeat(20), 20, codePointLength), APPLE.repeat(20));
  });

  test('a label of 25 emoji keeps 19 of them and ends in …', () => {
    const cut = cutText(APPLE.repeat(25), 20, codePointLength);
    assert.equal(cut, `${APPLE.repeat(19)}${ELLIPSIS}`);
  });

  test('UTF-16 limits count an emoji twice and never split it', () => {
    const cut = cutText(APPLE.repeat(10), 6, utf16Length);
    assert.equal(cut, `${APPLE.repeat(2)}${ELLIPSIS}`);
    assert.ok(cut.length <= 6);
  });

  test('a family emoji or a flag is kept whole or left out whole', () => {
    const cut = cutText(`${FLAG}${FAMILY}${FAMILY}`, 8, codePointLength);
    assert.equal(cut, `${FLAG}${FAMILY}${ELLIPSIS}`);
  });

  test('a single cluster longer than the limit is cut between code points', () => {
    const cut = cutText(FAMILY, 3, codePointLength);
    assert.ok(codePointLength(cut) <= 3);
    assert.ok(wellFormed(cut));
  });

  test('property: the cut fits, is well formed and starts the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 2, max: 40 }), fc.boolean(), (text, max, byUnits) => {
        const measure = byUnits ? utf16Length : codePointLength;
        const cut = cutText(text, max, measure);
        assert.ok(measure(cut) <= max);
        assert.ok(wellFormed(cut));
        const kept = cut === text ? text : cut.slice(0, -ELLIPSIS.length);
        assert.ok(text.startsWith(kept));
      }),
    );
  });
});

describe('splitting a long text over bubbles', () => {
  test('splits at the last line break that fits and drops that break', () => {
    assert.deepEqual(splitText('aaa\nbbb\nccc', 8), ['aaa\nbbb', 'ccc']);
  });

  test('a line longer than the limit is split between characters, never inside an emoji', () => {
    const pieces = splitText(APPLE.repeat(5), 3);
    assert.deepEqual(pieces, [APPLE, APPLE, APPLE, APPLE, APPLE]);
  });

  test('property: pieces fit, are never empty, are well formed and lose nothing but the breaks they replace', () => {
    const piece = fc.constantFrom('發票', '字軌 AB', APPLE, FAMILY, FLAG, '👍🏽', 'a', ' ', '，', 'MM-16937074', '\n', '\r\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 300 }), fc.integer({ min: 8, max: 120 }), (parts, max) => {
        const text = parts.join('');
        const pieces = splitText(text, max);
        for (const p of pieces) {
          assert.ok(p.length > 0 && p.length <= max, `piece of ${p.length}`);
          assert.ok(wellFormed(p));
        }
        assert.equal(pieces.join('').replace(/[\r\n]/g, ''), text.replace(/[\r\n]/g, ''));
      }),
    );
  });
});
