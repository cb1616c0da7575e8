// The captcha's answer lives only in the picture: never in the page markup (no alt text, no data
// attribute, no file name), in the image's headers or chunks, or in the spa's JSON — whatever the layout.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH } from '../../../src/sim/portal/captcha-image.ts';
import { Client, captchaSrc, json, startSim } from './helpers.ts';
import type { Started } from './helpers.ts';
import { ApiClient, captchaAnswer, launchChromium, loadedCaptcha, newPage, startSpa, chooseBusiness } from './spa-helpers.ts';

async function answerOf(baseUrl: string, png: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(png).digest('hex');
  return (await json<{ answer: string }>(`${baseUrl}/__sim/captcha-answer?sha256=${sha256}`)).answer;
}

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) types.push(png.subarray(at + 4, at + 8).toString('ascii'));
  return types;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/**
 * The page's own digits (styles, numbers in texts) can hold any 5 digits by chance; the answer
 * leaks only if it shows up more often than on another visitor's page with another captcha.
 */
function assertNotLeaked(markup: string, otherMarkup: string, answer: string): void {
  assert.equal(occurrences(markup, answer), occurrences(otherMarkup, answer), `the page markup does not hold the answer ${answer}`);
}

function captchaImgTag(html: string): string {
  const tag = /<img[^>]*alt="圖形驗證碼"[^>]*>/.exec(html)?.[0];
  assert.ok(tag !== undefined, 'the page shows the captcha image');
  return tag;
}

for (const layout of ['classic', 'alternative'] as const) {
  describe(`portal simulator (${layout}): the captcha answer is only in the picture`, () => {
    let started: Started;
    before(async () => {
      started = await startSim({ layout });
    });
    after(() => started.close());

    it('keeps the 5 digits out of the markup, the image address, its headers and its chunks', async () => {
      for (let round = 0; round < 5; round++) {
        const client = new Client(started.url);
        const home = await client.get('/');
        const src = captchaSrc(home.html);
        const image = await client.bytes(src);
        assert.equal(image.status, 200);
        assert.equal(image.type, 'image/png');
        const answer = await answerOf(started.url, image.body);
        assert.match(answer, /^\d{5}$/);

        const tag = captchaImgTag(home.html);
        const attributes = [...tag.matchAll(/\s([a-z-]+)=/g)].map((m) => m[1]);
        assert.deepEqual(attributes.filter((name) => name !== 'id' && name !== 'class').sort(), ['alt', 'height', 'src', 'width']);
        assert.match(tag, new RegExp(`width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}"`));
        assert.doesNotMatch(tag, /data-/);
        assert.ok(!src.includes(answer), `the image address ${src} does not hold the answer`);
        assertNotLeaked(home.html, (await new Client(started.url).get('/')).html, answer);
        assert.deepEqual(pngChunkTypes(image.body), ['IHDR', 'IDAT', 'IEND'], 'no text chunks in the PNG');

        const response = await fetch(new URL(src, started.url), { headers: { cookie: `SIMVISITOR=${client.cookie('SIMVISITOR') ?? ''}` } });
        await response.arrayBuffer();
        response.headers.forEach((value, name) => assert.ok(!value.includes(answer), `header ${name} does not hold the answer`));
      }
    });

    it('takes 5 digits in the captcha field', async () => {
      const home = await new Client(started.url).get('/');
      const field = /<input[^>]*name="captchaCode"[^>]*>/.exec(home.html)?.[0] ?? '';
      assert.match(field, /maxlength="5"/);
    });
  });
}

describe('portal simulator (spa): the captcha answer is only in the picture', () => {
  let started: Started;
  let browser: Browser;
  before(async () => {
    started = await startSpa();
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await started.close();
  });

  it('sends nothing but the PNG data URL from /api/captcha', async () => {
    const client = new ApiClient(started.url);
    const { status, body } = await client.get<Record<string, unknown>>('/api/captcha');
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['image']);
    const dataUrl = String(body.image);
    const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.deepEqual(pngChunkTypes(png), ['IHDR', 'IDAT', 'IEND']);
    assert.match(await captchaAnswer(started.url, dataUrl), /^\d{5}$/);
  });

  /** The login route's live DOM once its captcha has come, the picture's bytes taken out. */
  async function loginMarkup(): Promise<{ markup: string; answer: string; attributes: string[]; maxlength: string | null }> {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${started.url}/accounts/login`);
      await chooseBusiness(page, 'links');
      const dataUrl = await loadedCaptcha(page, '圖形驗證碼');
      const answer = await captchaAnswer(started.url, dataUrl);
      const markup = (await page.content()).split(dataUrl).join('');
      const attributes = await page.getByRole('img', { name: '圖形驗證碼', exact: true }).evaluate((img) => img.getAttributeNames().sort());
      const maxlength = await page.getByLabel('圖形驗證碼', { exact: true }).getAttribute('maxlength');
      return { markup, answer, attributes, maxlength };
    } finally {
      await context.close();
    }
  }

  it('shows the picture in the page with only its data URL, alt text and size', async () => {
    const shown = await loginMarkup();
    const other = await loginMarkup();
    assert.match(shown.answer, /^\d{5}$/);
    assertNotLeaked(shown.markup, other.markup, shown.answer);
    assert.deepEqual(shown.attributes.filter((name) => name !== 'class' && name !== 'id'), ['alt', 'height', 'src', 'width']);
    assert.equal(shown.maxlength, '5');
  });
});
