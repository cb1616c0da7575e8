// Owners paste the whole POS screen. The card must hold exactly the blank ranges — a used or
// issued number on it would be a false report — and say what it left out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StoredRange } from '../../src/conversation/state.ts';
import { allText, startTestBot, type TestBot, atRangesInChat } from '../support/bot.ts';
import { POS_SCREEN_EXAMPLES } from '../invoice/pos-screens.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  t.clock.set(new Date('2026-11-03T02:00:00Z'));
});
after(() => t.stop());

async function atRanges(user: string) {
  await atRangesInChat(t, user);
}

/** The ranges on the card the owner is asked to confirm, as the conversation holds them. */
async function rangesOnCard(user: string): Promise<string[]> {
  const row = await t.database.db.selectFrom('conversations').select('state_json').where('line_user_id', '=', user).executeTakeFirstOrThrow();
  const state = JSON.parse(row.state_json) as { step: string; ranges?: StoredRange[] };
  assert.equal(state.step, 'upload.confirm');
  return (state.ranges ?? []).map(([track, start, end]) => `${track}${start}-${end}`);
}

describe('pasting a POS screen as shown', () => {
  test(`twelve screens (mixed used and blank, several tracks and machines): the card holds exactly the blank ranges`, async () => {
    assert.equal(POS_SCREEN_EXAMPLES.length, 12);
    for (const [i, example] of POS_SCREEN_EXAMPLES.entries()) {
      const user = `U-pos-${i}`;
      await atRanges(user);
      const answer = allText(await t.say(user, example.text));
      assert.match(answer, /確認上傳空白發票/, example.name);
      assert.deepEqual(await rangesOnCard(user), example.blank.map((r) => `${r.track}${r.start}-${r.end}`), example.name);
    }
  });

  test('the card says which lines it left out and why', async () => {
    const user = 'U-pos-said';
    await atRanges(user);
    const answer = allText(await t.say(user, '未使用 MM16937074-16937099\n已使用 MM16937000-16937073'));
    assert.match(answer, /已略過：已使用 MM16937000-16937073（已經用掉的號碼不用上傳）/);
    assert.deepEqual(await rangesOnCard(user), ['MM16937074-16937099']);
  });

  test('only used numbers, or only the next number: nothing reaches a card, and the owner is told what to send', async () => {
    const user = 'U-pos-none';
    await atRanges(user);
    const last = allText(await t.say(user, '最後開立 MM16937073'));
    assert.doesNotMatch(last, /確認上傳空白發票/);
    assert.match(last, /不用上傳|未使用/);
    const next = allText(await t.say(user, '下一張 MM16937074'));
    assert.doesNotMatch(next, /確認上傳空白發票/);
    assert.match(next, /MM16937074-16937099/, 'an example from the next number to the end of its booklet');
  });
});
