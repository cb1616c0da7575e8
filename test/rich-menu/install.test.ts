import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { RICH_MENU_BUTTONS, RICH_MENU_NAME } from '../../src/rich-menu/definition.ts';
import { installRichMenu, RichMenuInstallError } from '../../src/rich-menu/install.ts';
import { renderRichMenuImage } from '../../src/rich-menu/render.ts';
import { capturingLogger } from '../support/log.ts';
import { createForeignMenu, listRichMenus, pngHeader, richMenuImage, startFakeLine, TOKEN, type FakeLine } from './support.ts';

const silent = createLogger('silent');

describe('installRichMenu against the fake LINE platform', () => {
  let line: FakeLine;
  let image: Buffer;

  before(async () => {
    image = await renderRichMenuImage({ chromiumPath: process.env.CHROMIUM_PATH });
    line = await startFakeLine();
  });
  after(() => line.close());
  beforeEach(() => line.fake.reset());
  afterEach(() => line.fake.reset());

  const install = (overrides: { channelAccessToken?: string; image?: Buffer } = {}) =>
    installRichMenu({ channelAccessToken: TOKEN, apiBaseUrl: line.url, image, log: silent, ...overrides });

  test('creates the menu, uploads its image and makes it every user default', async () => {
    const logs = capturingLogger();
    const richMenuId = await installRichMenu({ channelAccessToken: TOKEN, apiBaseUrl: line.url, image, log: logs.log });

    assert.equal(line.fake.defaultRichMenuId(), richMenuId);
    const menus = await listRichMenus(line.url);
    assert.deepEqual(menus.map((menu) => [menu.richMenuId, menu.name]), [[richMenuId, RICH_MENU_NAME]]);
    assert.deepEqual(menus[0]?.areas.map((area) => area.action.text), RICH_MENU_BUTTONS.map((button) => button.text));
    const uploaded = await richMenuImage(line.url, richMenuId);
    assert.equal(uploaded?.type, 'image/png');
    assert.ok(uploaded?.bytes.equals(image), 'the stored image is the rendered one');
    assert.match(logs.text(), /rich menu is the default for all users/);
    assert.ok(!logs.text().includes(TOKEN), 'the token never reaches a log');
  });

  test('running it again leaves exactly one of our menus, the new default, and other menus alone', async () => {
    const foreign = await createForeignMenu(line.url);
    const first = await install();
    const second = await install();

    assert.notEqual(first, second);
    assert.equal(line.fake.defaultRichMenuId(), second);
    const menus = await listRichMenus(line.url);
    assert.deepEqual(menus.filter((menu) => menu.name === RICH_MENU_NAME).map((menu) => menu.richMenuId), [second]);
    assert.ok(menus.some((menu) => menu.richMenuId === foreign), 'a menu made by hand is kept');
  });

  test('a wrong token is explained for the operator, without the token, and nothing is created', async () => {
    const wrongToken = 'wrong-token-that-must-not-be-printed';
    await assert.rejects(install({ channelAccessToken: wrongToken }), (error: unknown) => {
      assert.ok(error instanceof RichMenuInstallError);
      assert.equal(error.status, 401);
      assert.match(error.message, /^LINE refused the channel access token: check LINE_CHANNEL_ACCESS_TOKEN/);
      assert.ok(!error.message.includes(wrongToken) && !String(error.stack).includes(wrongToken));
      return true;
    });
    assert.deepEqual(await listRichMenus(line.url), []);
    assert.equal(line.fake.defaultRichMenuId(), undefined);
  });

  test('an image LINE refuses: its reason is passed on, the half-made menu removed, the old default kept', async () => {
    const working = await install();
    await assert.rejects(install({ image: pngHeader(2500, 843) }), (error: unknown) => {
      assert.ok(error instanceof RichMenuInstallError);
      assert.equal(error.status, 400);
      assert.match(error.message, /^LINE refused to upload the rich menu image \(HTTP 400\): .*2500x843.*2500x1686/);
      return true;
    });
    assert.equal(line.fake.defaultRichMenuId(), working);
    assert.deepEqual((await listRichMenus(line.url)).map((menu) => menu.richMenuId), [working]);
  });

  test('LINE out of order: says to run again later', async () => {
    line.fake.failNext(/^\/v2\/bot\/user\/all\/richmenu\//, 503, 1);
    await assert.rejects(install(), /LINE had a problem \(HTTP 503\) while trying to set the rich menu as the default: run again/);
    assert.deepEqual(await listRichMenus(line.url), []);
  });
});
