import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandOf } from '../../src/conversation/intents.ts';
import { MENU_CHOICES } from '../../src/conversation/messages.ts';
import { isOurRichMenu, RICH_MENU_BUTTONS, RICH_MENU_NAME, RICH_MENU_SIZE, richMenuRequest } from '../../src/rich-menu/definition.ts';
import type { Problems } from '../../src/sim/line/errors.ts';
import { validateRichMenu } from '../../src/sim/line/validate-rich-menu.ts';

describe('rich menu definition', () => {
  test('each area sends a command the conversation already understands', () => {
    const commands = richMenuRequest().areas?.map((area) => {
      assert.equal(area.action?.type, 'message');
      return commandOf((area.action as { text: string }).text);
    });
    assert.deepEqual(commands, ['upload', 'status', 'settings', 'help']);
  });

  test('the buttons are the chat menu of typed commands, in the same order', () => {
    const chatMenu = MENU_CHOICES.map((choice) => ('text' in choice ? choice.text : undefined));
    assert.deepEqual(RICH_MENU_BUTTONS.map((button) => button.text), chatMenu);
    for (const button of RICH_MENU_BUTTONS) assert.equal(commandOf(button.text), button.command);
  });

  test('the areas tile the whole menu: inside it, no two overlapping, together as large as it', () => {
    const boxes = RICH_MENU_BUTTONS.map((button) => button.bounds);
    for (const box of boxes) {
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= RICH_MENU_SIZE.width && box.y + box.height <= RICH_MENU_SIZE.height);
    }
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
      }),
    );
    const total = boxes.reduce((sum, box) => sum + box.width * box.height, 0);
    assert.equal(total, RICH_MENU_SIZE.width * RICH_MENU_SIZE.height);
  });

  test('LINE would accept it: a size, name and chat bar text within its limits, selected, four areas', () => {
    const request = richMenuRequest();
    const problems: Problems = [];
    validateRichMenu(request as Record<string, unknown>, problems);
    assert.deepEqual(problems, []);
    assert.equal(request.selected, true);
    assert.equal(request.name, RICH_MENU_NAME);
    assert.ok(isOurRichMenu(RICH_MENU_NAME));
    assert.ok(!isOurRichMenu('spring-sale'));
  });
});
