import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HTTPFetchError } from '@line/bot-sdk';
import { outcomeUnknown, OutcomeUnknownError } from '../../src/line/line-api.ts';

const answered = (status: number) => new HTTPFetchError('LINE answered', { status, statusText: '', headers: new Headers(), body: '{}' });
const network = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('whether LINE may have acted on a failed call', () => {
  test('no: LINE answered that it did not (4xx, 429, 503), or the connection never opened', () => {
    for (const status of [400, 401, 403, 429, 503]) assert.equal(outcomeUnknown(answered(status)), false, `HTTP ${status}`);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) assert.equal(outcomeUnknown(network(code)), false, code);
  });

  test('maybe: a 500, 502 or 504, a connection broken mid-request, or a lost answer', () => {
    for (const status of [500, 502, 504]) assert.equal(outcomeUnknown(answered(status)), true, `HTTP ${status}`);
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']) assert.equal(outcomeUnknown(network(code)), true, code);
    assert.equal(outcomeUnknown(new TypeError('fetch failed')), true, 'no cause: cannot tell');
    assert.equal(outcomeUnknown(new OutcomeUnknownError(answered(500))), true);
  });
});
