import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH, drawCaptcha } from '../../../src/sim/portal/captcha-image.ts';
import { createCaptchaBook, sha256Hex } from '../../../src/sim/portal/captcha.ts';
import { crc32 } from '../../../src/sim/portal/png.ts';

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crcOk: boolean;
}

function chunks(png: Buffer): Chunk[] {
  const found: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    found.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
      crcOk: png.readUInt32BE(at + 8 + length) === crc32(typeAndData),
    });
    at += 12 + length;
  }
  return found;
}

describe('portal simulator: captcha images', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789', 'ascii')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('encodes a valid 160x50 truecolour PNG', () => {
    const png = drawCaptcha('01234', () => 0);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const list = chunks(png);
    assert.deepEqual(list.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
    assert.ok(list.every((c) => c.crcOk));
    const header = list[0]?.data ?? Buffer.alloc(13);
    assert.equal(header.readUInt32BE(0), CAPTCHA_WIDTH);
    assert.equal(header.readUInt32BE(4), CAPTCHA_HEIGHT);
    const raw = inflateSync(list[1]?.data ?? Buffer.alloc(0));
    assert.equal(raw.length, (CAPTCHA_WIDTH * 3 + 1) * CAPTCHA_HEIGHT);
  });

  it('draws different digits differently', () => {
    const fixed = () => 0;
    assert.notEqual(sha256Hex(drawCaptcha('11111', fixed)), sha256Hex(drawCaptcha('11112', fixed)));
  });

  it('issues a captcha per visitor, answers by image hash, and accepts it once', () => {
    const book = createCaptchaBook();
    const { id } = book.issue('visitor-a');
    const png = book.image('visitor-a', id);
    assert.ok(png !== null);
    assert.equal(book.image('visitor-b', id), null);
    const answer = book.answerForImage(sha256Hex(png));
    assert.match(answer ?? '', /^\d{5}$/);
    assert.equal(book.check('visitor-b', answer ?? ''), false);
    assert.equal(book.check('visitor-a', answer ?? ''), true);
    assert.equal(book.check('visitor-a', answer ?? ''), false, 'used up');
  });
});
