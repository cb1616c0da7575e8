import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCaptchaText } from '../../src/jobs/captcha-text.ts';

describe('reading an owner’s reply to a captcha', () => {
  test('five digits, however they are typed', () => {
    for (const text of ['12345', '驗證碼 12345', '驗證碼：12345', '12345。', '１２３４５', '1 2 3 4 5', '１　２　３　４　５', '是 12345', '答案是12345', '應該是 12345 吧', '12345 謝謝']) {
      assert.deepEqual(readCaptchaText(text), { kind: 'answer', digits: '12345' }, text);
    }
  });

  test('four or six digits are asked again', () => {
    assert.deepEqual(readCaptchaText('1234'), { kind: 'wrong-length', digits: '1234' });
    assert.deepEqual(readCaptchaText('驗證碼 123456'), { kind: 'wrong-length', digits: '123456' });
    assert.deepEqual(readCaptchaText('１２３４'), { kind: 'wrong-length', digits: '1234' });
  });

  test('a new image, in the words owners use', () => {
    for (const text of ['換一張', '換一張！', '換張', '換一個', '看不清楚', '看不清楚啦', '重新整理', '太模糊了', '換圖', '請換一張']) {
      assert.deepEqual(readCaptchaText(text), { kind: 'refresh' }, text);
    }
  });

  test('取消 (and its synonyms) stops', () => {
    for (const text of ['取消', '取消。', '算了', '不要了']) assert.deepEqual(readCaptchaText(text), { kind: 'cancel' }, text);
  });

  test('anything else is not for the captcha', () => {
    for (const text of ['狀態', '上傳空白發票', 'AB12345000-12345049', 'AB 12345000~12345049', '04595257', '12345678', '123', '你好', '115年9-10月', '沒有空白發票', '']) {
      assert.equal(readCaptchaText(text), null, text);
    }
  });
});
