import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { commandOf, looksLikePassword } from '../../src/conversation/intents.ts';

/** Full-width forms, as a Chinese IME types them. */
const fullWidth = (text: string) => text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('looksLikePassword', () => {
  test('passwords, with any symbols, are taken for passwords', () => {
    const passwords = [
      'Sim-Pass-1234!',
      'Sim-Pass-5678',
      'p@ssw0rd',
      'hello_2024',
      'Abc#12345',
      'my.pass.99',
      'qwerty123',
      'abc123',
      '1234abcd',
      'Coffee01!',
      'x9$k2&m7*Q',
      fullWidth('Sim-Pass-1234'),
      ' Sim-Pass-1234! ',
      // Said with the word, or beside the account.
      '密碼是 abc',
      '我的密碼：Sim-Pass-1234',
      'password: hunter2',
      'coffee01 Sim-Pass-1234!',
      '帳號 coffee01 Sim-Pass-1234!',
    ];
    for (const text of passwords) assert.equal(looksLikePassword(text), true, JSON.stringify(text));
  });

  test('invoice ranges, 統一編號, store names, periods and commands are not', () => {
    const notPasswords = [
      'AB12345678-12345699',
      'AB-12345678~12345699',
      'AB12345678~AB12345699',
      'ab12345678至12345699',
      'AB 12345678 - 12345699',
      'AB12345678-99',
      'MM16937074-16937099\nMM16937100-16937149',
      fullWidth('AB12345678-12345699'),
      'AB12345678～AB12345699',
      'AB12345678',
      'AB1234567', // a mistyped number, told as one
      'AB1234S678-12345699',
      '未使用 AB12345678-12345699 已使用 AB12345600',
      '04595257',
      '統編 04595257',
      '小林咖啡',
      '小林咖啡 2 店',
      '小林咖啡 Cafe21',
      '阿明小吃（中山店）',
      '說明',
      '上傳空白發票',
      '狀態',
      '取消',
      '更新平台帳號密碼', // a command, read before this (and warned about only when not one)
      '115年9-10月',
      '9-10月',
      '12345',
      'hello',
      'OK!',
      'thanks!!',
      'user01@gmail.com',
      'https://example.com/a1b2',
      '10:30am',
      '',
      '   ',
    ];
    for (const text of notPasswords) {
      if (commandOf(text)) continue;
      assert.equal(looksLikePassword(text), false, JSON.stringify(text));
    }
  });

  test('property: words of letters, digits and symbols are passwords', () => {
    const letters = fc.stringMatching(/^[A-Za-z]{3,10}$/);
    const digits = fc.stringMatching(/^[0-9]{1,6}$/);
    const symbols = fc.stringMatching(/^[-_!@#.$%*+=?]{0,3}$/);
    const password = fc
      .tuple(letters, digits, symbols, symbols, fc.nat(5))
      .map(([l, d, s1, s2, order]) => {
        const pieces = [l, s1, d, s2];
        return [...pieces.slice(order % 4), ...pieces.slice(0, order % 4)].join('');
      })
      // Shorter is too short to tell; an e-mail address is an account, not a password.
      .filter((text) => text.length >= 6 && !/@.*\.[a-z]{2,}$/i.test(text));
    fc.assert(
      fc.property(password, fc.boolean(), (text, wide) => {
        assert.equal(looksLikePassword(wide ? fullWidth(text) : text), true, JSON.stringify(text));
      }),
      { numRuns: 500 },
    );
  });

  test('property: invoice numbers and ranges in any usual spelling are not passwords', () => {
    const track = fc.stringMatching(/^[A-Za-z]{2}$/);
    const number = fc.integer({ min: 0, max: 99_999_999 }).map((n) => String(n).padStart(8, '0'));
    const between = fc.constantFrom('-', '~', '～', '至', '到', ' - ', ' ~ ', '－', '〜');
    const range = fc
      .tuple(track, number, between, number, fc.constantFrom('plain', 'dash-track', 'end-track', 'space-track'))
      .map(([t, start, sep, end, form]) => {
        switch (form) {
          case 'plain':
            return `${t}${start}${sep}${end}`;
          case 'dash-track':
            return `${t}-${start}${sep}${end}`;
          case 'end-track':
            return `${t}${start}${sep}${t}${end}`;
          default:
            return `${t} ${start}${sep}${end}`;
        }
      });
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 4 }), fc.boolean(), (ranges, wide) => {
        const text = ranges.join('\n');
        assert.equal(looksLikePassword(wide ? fullWidth(text) : text), false, JSON.stringify(text));
      }),
      { numRuns: 500 },
    );
  });

  test('property: 統一編號 and Chinese store names are not passwords', () => {
    const ubn = fc.stringMatching(/^[0-9]{8}$/);
    const chinese = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 12 });
    // Chinese with a branch number or a Latin word beside it: 小林咖啡2店, 小林咖啡 Cafe21.
    const name = fc.tuple(chinese, fc.constantFrom('', ' ', '（', '-'), fc.stringMatching(/^[A-Za-z0-9]{0,8}$/)).map(([c, sep, tail]) => `${c}${sep}${tail}`);
    fc.assert(
      fc.property(fc.oneof(ubn, name), (text) => {
        if (commandOf(text)) return;
        assert.equal(looksLikePassword(text), false, JSON.stringify(text));
      }),
      { numRuns: 500 },
    );
  });
});
