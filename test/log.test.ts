import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { capturingLogger } from './support/log.ts';
import { Writable } from 'node:stream';
import { chooseLogFormat, createLogger, heldDestination, isSecretKey, redactLine } from '../src/log.ts';

const SECRET = 'Sim-Pass-1234!';

function logged(write: (log: ReturnType<typeof capturingLogger>['log']) => void): { text: string; lines: Record<string, unknown>[] } {
  const { log, text } = capturingLogger();
  write(log);
  const all = text();
  return { text: all, lines: all.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('log redaction', () => {
  test('secret keys are censored at the top level and at any depth, in arrays too', () => {
    const { text, lines } = logged((log) =>
      log.info(
        {
          password: SECRET,
          a: { b: { c: { password: SECRET, keep: 'visible' } } },
          deep: { one: { two: { three: { four: { channelSecret: SECRET } } } } },
          list: [{ token: SECRET }, [{ nested: { CREDENTIALS_KEY: SECRET } }], 'plain'],
          headers: { Authorization: `Bearer ${SECRET}`, cookie: SECRET },
          owner: { replyToken: SECRET, channelAccessToken: SECRET, sealed_credentials: SECRET, captchaAnswer: SECRET, answer: SECRET },
        },
        'something happened',
      ),
    );
    assert.doesNotMatch(text, /Sim-Pass-1234/);
    const line = lines[0] as any;
    assert.equal(line.password, '[redacted]');
    assert.equal(line.a.b.c.password, '[redacted]');
    assert.equal(line.a.b.c.keep, 'visible', 'other fields are untouched');
    assert.equal(line.deep.one.two.three.four.channelSecret, '[redacted]');
    assert.equal(line.list[0].token, '[redacted]');
    assert.equal(line.list[1][0].nested.CREDENTIALS_KEY, '[redacted]');
    assert.equal(line.list[2], 'plain');
    assert.equal(line.headers.Authorization, '[redacted]');
    assert.equal(line.msg, 'something happened');
  });

  test("a child logger's bindings and an error's own fields are censored", () => {
    const error = Object.assign(new Error('login failed'), { request: { body: { form: { password: SECRET } } } });
    const { text, lines } = logged((log) => log.child({ session: { token: SECRET } }).error({ err: error }, 'failed'));
    assert.doesNotMatch(text, /Sim-Pass-1234/);
    const line = lines[0] as any;
    assert.equal(line.err.type, 'Error', 'the error is still serialized as one');
    assert.equal(line.err.message, 'login failed');
    assert.equal(line.err.request.body.form.password, '[redacted]');
    assert.equal(line.session.token, '[redacted]');
  });

  test('lines without secrets are written as they were', () => {
    const line = '{"level":30,"time":1,"pid":1,"jobId":"j1","tokenCount":3,"msg":"job done"}\n';
    assert.equal(redactLine('{"level":30,"jobId":"j1","msg":"job done"}\n'), '{"level":30,"jobId":"j1","msg":"job done"}\n');
    assert.equal(redactLine(line), line, 'a key merely containing a word is kept when it is not secret');
    assert.equal(redactLine('not json "password": x'), 'not json "password": x');
    const { lines } = logged((log) => log.info({ hasPassword: true, password: null, storeId: 's1' }, 'flags'));
    assert.deepEqual([lines[0]?.hasPassword, lines[0]?.password, lines[0]?.storeId], [true, null, 's1']);
  });

  test('secret key names in any spelling', () => {
    for (const key of ['password', 'Password', 'PASSWORD', 'platformPassword', 'passwd', 'token', 'accessToken', 'replyToken', 'channel_secret', 'channelSecret', 'CHANNEL_ACCESS_TOKEN', 'authorization', 'Cookie', 'set-cookie', 'CREDENTIALS_KEY', 'credentialsKey', 'credentials', 'sealed_credentials', 'sealedPassword', 'captcha', 'answer', 'apiKey']) {
      assert.ok(isSecretKey(key), key);
    }
    for (const key of ['storeId', 'jobId', 'lineUserId', 'msg', 'err', 'message', 'tokenCount', 'reason', 'key', 'purpose']) assert.ok(!isSecretKey(key), key);
  });

  test('property: a password under a secret key at any depth never reaches the line', () => {
    const key = fc.constantFrom('password', 'token', 'channelSecret', 'channelAccessToken', 'authorization', 'cookie', 'replyToken', 'CREDENTIALS_KEY', 'sealed_credentials');
    const plainKey = fc.constantFrom('a', 'b', 'data', 'items', 'request', 'body');
    // A path of plain keys and array positions down to the secret.
    const path = fc.array(fc.oneof(plainKey, fc.nat({ max: 2 })), { maxLength: 6 });
    fc.assert(
      fc.property(path, key, (steps, secretKey) => {
        let value: unknown = { [secretKey]: SECRET };
        for (const step of [...steps].reverse()) {
          value = typeof step === 'number' ? [...Array.from({ length: step }, () => 'x'), value] : { [step]: value };
        }
        const { text } = logged((log) => log.warn({ context: value }, 'nested'));
        assert.doesNotMatch(text, /Sim-Pass-1234/);
        assert.match(text, /\[redacted\]/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('log format', () => {
  test('pretty only in local mode at a terminal; JSON in production, in a pipe or a file; LOG_FORMAT decides when set', () => {
    assert.deepEqual(chooseLogFormat({ setting: undefined, isTTY: true, localMode: true }), { format: 'pretty' });
    assert.deepEqual(chooseLogFormat({ setting: undefined, isTTY: false, localMode: true }), { format: 'json' });
    assert.deepEqual(chooseLogFormat({ setting: undefined, isTTY: true, localMode: false }), { format: 'json' });
    assert.deepEqual(chooseLogFormat({ setting: '', isTTY: false, localMode: false }), { format: 'json' });
    assert.deepEqual(chooseLogFormat({ setting: 'pretty', isTTY: false, localMode: false }), { format: 'pretty' });
    assert.deepEqual(chooseLogFormat({ setting: ' JSON ', isTTY: true, localMode: true }), { format: 'json' });
    const wrong = chooseLogFormat({ setting: 'yaml', isTTY: true, localMode: true });
    assert.equal(wrong.format, 'pretty');
    assert.match(wrong.problem ?? '', /LOG_FORMAT must be json or pretty, not "yaml"/);
  });

  test('pretty output is censored like JSON: it is made from the censored line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = createLogger('info', sink, { format: 'pretty', colorize: false });
    log.info({ password: SECRET, owner: { channelSecret: SECRET, name: 'visible' }, list: [{ token: SECRET }] }, 'store saved');
    log.child({ replyToken: SECRET }).warn('child line');
    const text = lines.join('');
    assert.doesNotMatch(text, /Sim-Pass-1234/);
    assert.match(text, /INFO: store saved/);
    assert.match(text, /WARN: child line/);
    assert.match(text, /password: "\[redacted\]"/);
    assert.match(text, /"name": "visible"/);
    assert.match(text, /replyToken: "\[redacted\]"/, "a child logger's bindings too");
    assert.doesNotMatch(text, /^\{/m, 'not JSON');
  });

  test('held lines come out after what release() logs first, in order; later lines go straight out', () => {
    const out: string[] = [];
    const held = heldDestination({ write: (line: string) => void out.push(line) }, { atMostMs: 60_000 });
    held.write('a\n');
    held.write('b\n');
    assert.deepEqual(out, []);
    held.release(() => held.write('summary\n'));
    held.write('c\n');
    assert.deepEqual(out, ['summary\n', 'a\n', 'b\n', 'c\n']);
  });

  test('held lines are let out by themselves when start-up takes long', async () => {
    const out: string[] = [];
    const held = heldDestination({ write: (line: string) => void out.push(line) }, { atMostMs: 20 });
    held.write('slow start\n');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(out, ['slow start\n']);
  });
});
