import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AckFirst } from '../../src/line/ack-first.ts';

function clockAt(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('acknowledgements first under a flood of webhooks', () => {
  test('at an ordinary pace processing is never held back', async () => {
    const clock = clockAt();
    const policy = new AckFirst({ floodPerSecond: 1000, floodShare: 0.05, now: clock.now });
    for (let i = 0; i < 50; i += 1) policy.delivered(); // 50 in 100 ms = 500/s
    assert.equal(policy.flooded(), false);
    await policy.run(async () => clock.advance(10), async () => assert.fail('no wait expected'));
    assert.equal(policy.pauseMs(), 0);
  });

  test('in a flood each piece of processing earns a pause that keeps it to its share', async () => {
    const clock = clockAt();
    const policy = new AckFirst({ floodPerSecond: 1000, floodShare: 0.05, now: clock.now });
    for (let i = 0; i < 150; i += 1) policy.delivered();
    assert.equal(policy.flooded(), true);
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
      clock.advance(ms);
    };
    await policy.run(async () => clock.advance(2), wait); // the first piece: nothing owed yet
    await policy.run(async () => clock.advance(2), wait);
    assert.deepEqual(waits, [38]); // 2 ms of work is 5 % of 40 ms
  });

  test('pieces held back in a flood run one at a time, in order', async () => {
    const clock = clockAt();
    const policy = new AckFirst({ floodPerSecond: 1000, floodShare: 0.5, now: clock.now });
    for (let i = 0; i < 150; i += 1) policy.delivered();
    const order: string[] = [];
    let running = 0;
    const piece = (name: string) => async () => {
      running += 1;
      assert.equal(running, 1, 'only one piece at a time');
      await new Promise((resolve) => setTimeout(resolve, 5));
      clock.advance(1);
      order.push(name);
      running -= 1;
    };
    const wait = async (ms: number) => clock.advance(ms);
    await Promise.all([policy.run(piece('a'), wait), policy.run(piece('b'), wait), policy.run(piece('c'), wait)]);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  test('the flood is over once deliveries stop for two windows', () => {
    const clock = clockAt();
    const policy = new AckFirst({ floodPerSecond: 1000, now: clock.now });
    for (let i = 0; i < 150; i += 1) policy.delivered();
    clock.advance(150);
    assert.equal(policy.flooded(), true, 'the window just past still counts');
    clock.advance(100);
    assert.equal(policy.flooded(), false);
  });
});
