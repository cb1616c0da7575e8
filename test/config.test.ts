import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, isLoopbackUrl, loadConfig, REAL_PORTAL_URL, redactDatabaseUrl } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { credentialKeys } from '../src/startup.ts';
import { generateKey } from '../src/vault/vault.ts';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('loadConfig', () => {
  test('an empty environment gives a working local configuration', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, 'sqlite:./data/bot.db');
    assert.equal(config.publicBaseUrl, 'http://localhost:3000');
    assert.equal(config.portalBaseUrl, REAL_PORTAL_URL);
    assert.equal(config.line, null);
    assert.equal(config.credentialKeys, null);
    assert.ok(Object.isFrozen(config));
  });

  test('DATABASE_URL takes a SQLite file or a PostgreSQL server; the password never reaches a log line', () => {
    for (const url of ['sqlite:./data/bot.db', 'postgres://bot:s3cret@db.example.com:5432/bot', 'postgresql://bot@10.0.0.5/bot']) {
      assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
    }
    const problems = problemsOf({ DATABASE_URL: 'postgres:/missing-slash' });
    assert.match(problems.join('\n'), /DATABASE_URL must be sqlite:.* or postgres:\/\/user:password@host:5432\/database/);
    const redacted = redactDatabaseUrl('postgres://bot:s3cret@db.example.com:5432/bot');
    assert.equal(redacted, 'postgres://bot:***@db.example.com:5432/bot');
    assert.equal(redactDatabaseUrl('sqlite:./data/bot.db'), 'sqlite:./data/bot.db');
  });

  test('PROCESS_EVENTS=false (acknowledge only) needs the jobs elsewhere too', () => {
    assert.equal(loadConfig({}).processEvents, true);
    assert.match(problemsOf({ PROCESS_EVENTS: 'false' }).join('\n'), /PROCESS_EVENTS=false .* set RUN_WORKER=false too, and run `npm run worker`/);
    const web = loadConfig({ PROCESS_EVENTS: 'false', RUN_WORKER: 'false', DATABASE_POOL_SIZE: '4' });
    assert.equal(web.processEvents, false);
    assert.equal(web.databasePoolSize, 4);
    assert.match(problemsOf({ DATABASE_POOL_SIZE: '0' }).join('\n'), /DATABASE_POOL_SIZE must be a whole number from 1 to 100/);
  });

  test('blank values count as unset', () => {
    const config = loadConfig({ PORT: '', LINE_CHANNEL_SECRET: '  ', DATABASE_URL: '' });
    assert.equal(config.port, 3000);
    assert.equal(config.line, null);
    assert.equal(config.databaseUrl, 'sqlite:./data/bot.db');
  });

  test('a full production environment is accepted', () => {
    const key = generateKey();
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://bot.example.com/',
      LINE_CHANNEL_SECRET: 'secret-value',
      LINE_CHANNEL_ACCESS_TOKEN: 'token-value',
      CREDENTIALS_KEY: key,
    });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.publicBaseUrl, 'https://bot.example.com');
    assert.deepEqual(config.line, { channelSecret: 'secret-value', channelAccessToken: 'token-value' });
    assert.equal(config.credentialKeys?.keys.size, 1);
  });

  test('production reports every missing secret at once, each with its fix', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const name of ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN', 'CREDENTIALS_KEY', 'PUBLIC_BASE_URL']) {
      const problem = problems.find((p) => p.startsWith(name));
      assert.ok(problem, `missing report for ${name}`);
      assert.match(problem, /required in production: .{10,}/);
    }
  });

  test('production refuses a plain-http public URL', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'http://bot.example.com',
      LINE_CHANNEL_SECRET: 's',
      LINE_CHANNEL_ACCESS_TOKEN: 't',
      CREDENTIALS_KEY: generateKey(),
    });
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /https/);
  });

  test('malformed values are all reported together', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PUBLIC_BASE_URL: 'bot.example.com',
      DATABASE_URL: 'mysql://x',
      LINE_API_BASE_URL: 'ftp://x',
      LOG_LEVEL: 'loud',
    });
    for (const name of ['PORT', 'PUBLIC_BASE_URL', 'DATABASE_URL', 'LINE_API_BASE_URL', 'LOG_LEVEL']) {
      assert.ok(problems.some((p) => p.startsWith(`${name}:`)), `missing report for ${name}: ${problems.join(' | ')}`);
    }
  });

  test('half a LINE channel is a problem even in local mode', () => {
    assert.match(problemsOf({ LINE_CHANNEL_SECRET: 'x' }).join(), /LINE_CHANNEL_ACCESS_TOKEN is missing/);
    assert.match(problemsOf({ LINE_CHANNEL_ACCESS_TOKEN: 'x' }).join(), /LINE_CHANNEL_SECRET is missing/);
  });

  test('a bad credentials key is reported without echoing the key', () => {
    const badKey = Buffer.alloc(16, 7).toString('base64');
    const problems = problemsOf({ CREDENTIALS_KEY: badKey });
    assert.match(problems.join(), /32 bytes/);
    assert.ok(!problems.join().includes(badKey));
  });

  test('several credentials keys: the first seals', () => {
    const config = loadConfig({ CREDENTIALS_KEY: `new:${generateKey()}, old:${generateKey()}` });
    assert.equal(config.credentialKeys?.activeKeyId, 'new');
    assert.deepEqual([...(config.credentialKeys?.keys.keys() ?? [])], ['new', 'old']);
  });

  test('a CHROMIUM_PATH that does not exist names the fix', () => {
    assert.match(problemsOf({ CHROMIUM_PATH: '/nowhere/chromium' }).join(), /apt-get install -y chromium/);
  });
});

describe('a LINE channel is production, whatever NODE_ENV says', () => {
  const channel = { LINE_CHANNEL_SECRET: 'secret-value', LINE_CHANNEL_ACCESS_TOKEN: 'token-value' };
  const zeroKey = Buffer.alloc(32).toString('base64');

  test('without CREDENTIALS_KEY start-up is refused with how to make one, NODE_ENV unset or development', () => {
    for (const env of [channel, { ...channel, NODE_ENV: 'development' }, { ...channel, NODE_ENV: 'test' }]) {
      const problems = problemsOf(env);
      assert.equal(problems.length, 1, problems.join(' | '));
      assert.match(problems[0] ?? '', /^CREDENTIALS_KEY is required when a LINE channel is configured .*`npm run generate-key`/);
    }
  });

  test('an all-zero key is refused, first or kept after a real one, without echoing it', () => {
    for (const key of [zeroKey, `zero:${zeroKey}`, `${generateKey()},old:${zeroKey}`]) {
      const problems = problemsOf({ ...channel, CREDENTIALS_KEY: key });
      assert.equal(problems.length, 1, problems.join(' | '));
      assert.match(problems[0] ?? '', /^CREDENTIALS_KEY: key "[\w-]+" is all zeros, .*`npm run generate-key`/);
      assert.ok(!problems[0]?.includes(zeroKey));
    }
    const production = problemsOf({ ...channel, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://bot.example.com', CREDENTIALS_KEY: zeroKey });
    assert.match(production.join(), /all zeros/);
  });

  test('PUBLIC_BASE_URL, PORTAL_BASE_URL and LINE_API_BASE_URL must be https unless they name this machine', () => {
    const keyed = { ...channel, CREDENTIALS_KEY: generateKey() };
    const problems = problemsOf({
      ...keyed,
      PUBLIC_BASE_URL: 'http://bot.example.com',
      PORTAL_BASE_URL: 'http://www.einvoice.nat.gov.tw/',
      LINE_API_BASE_URL: 'http://api.line.example',
    });
    assert.equal(problems.length, 3, problems.join(' | '));
    assert.match(problems[0] ?? '', /^PUBLIC_BASE_URL must use https when a LINE channel is configured.*https:\/\/bot\.example\.com/);
    assert.match(problems[1] ?? '', /^PORTAL_BASE_URL must use https when a LINE channel is configured.*Unset it to use https:\/\/www\.einvoice\.nat\.gov\.tw\//);
    assert.match(problems[2] ?? '', /^LINE_API_BASE_URL must use https/);

    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']) {
      const config = loadConfig({ ...keyed, PUBLIC_BASE_URL: `http://${host}`, PORTAL_BASE_URL: `http://${host}/`, LINE_API_BASE_URL: `http://${host}` });
      assert.equal(config.publicBaseUrl, `http://${host}`);
      assert.equal(config.portalBaseUrl, `http://${host}/`);
    }
    const unset = loadConfig(keyed);
    assert.equal(unset.publicBaseUrl, 'http://localhost:3000', 'the local default is loopback');
    assert.equal(unset.portalBaseUrl, REAL_PORTAL_URL);
    assert.equal(unset.mode, 'development', 'NODE_ENV still says how to listen');
  });

  test('LINE_DATA_API_BASE_URL (where owners\' photos are fetched) is LINE\'s data API unless set, and https unless it names this machine', () => {
    const keyed = { ...channel, CREDENTIALS_KEY: generateKey() };
    assert.equal(loadConfig(keyed).lineDataApiBaseUrl, 'https://api-data.line.me');
    assert.equal(loadConfig({ ...keyed, LINE_DATA_API_BASE_URL: 'http://127.0.0.1:4001/' }).lineDataApiBaseUrl, 'http://127.0.0.1:4001');
    const problems = problemsOf({ ...keyed, LINE_DATA_API_BASE_URL: 'http://api-data.line.example' });
    assert.equal(problems.length, 1, problems.join(' | '));
    assert.match(problems[0] ?? '', /^LINE_DATA_API_BASE_URL must use https when a LINE channel is configured/);
    assert.ok(problemsOf({ LINE_DATA_API_BASE_URL: 'ftp://x' }).some((p) => p.startsWith('LINE_DATA_API_BASE_URL:')));
  });

  test('NODE_ENV=production allows loopback http too (a local fake), never a public one', () => {
    const production = { ...channel, NODE_ENV: 'production', CREDENTIALS_KEY: generateKey() };
    assert.equal(loadConfig({ ...production, PUBLIC_BASE_URL: 'http://127.0.0.1:8080' }).publicBaseUrl, 'http://127.0.0.1:8080');
    const problems = problemsOf({ ...production, PUBLIC_BASE_URL: 'https://bot.example.com', PORTAL_BASE_URL: 'http://portal.example.com' });
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /^PORTAL_BASE_URL must use https in production/);
  });

  test('local mode (no channel) is as before: no key needed, any key and any http address accepted', () => {
    const config = loadConfig({ CREDENTIALS_KEY: zeroKey, PUBLIC_BASE_URL: 'http://192.168.1.20:3000', PORTAL_BASE_URL: 'http://192.168.1.20:4000' });
    assert.equal(config.line, null);
    assert.equal(config.credentialKeys?.keys.size, 1);
    assert.equal(loadConfig({}).credentialKeys, null);
  });

  test('loopback means 127.0.0.0/8, ::1 and localhost, nothing that merely looks like them', () => {
    for (const url of ['http://127.0.0.1', 'http://127.1.2.3:9', 'http://localhost:3000/x', 'http://LOCALHOST', 'http://[::1]:4000']) {
      assert.equal(isLoopbackUrl(url), true, url);
    }
    for (const url of ['http://128.0.0.1', 'http://localhost.example.com', 'http://127.0.0.1.evil.example', 'http://[::2]', 'http://10.0.0.1', 'not a url']) {
      assert.equal(isLoopbackUrl(url), false, url);
    }
  });

  test('start-up never falls back to the development key with a channel (the last guard behind loadConfig)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'config-guard-'));
    try {
      const local = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir });
      const withChannel = { ...local, line: { channelSecret: 's', channelAccessToken: 't' } };
      assert.throws(
        () => credentialKeys(withChannel, createLogger('silent')),
        (error: unknown) => error instanceof ConfigError && /CREDENTIALS_KEY is required .*`npm run generate-key`/.test(error.message),
      );
      assert.deepEqual(readdirSync(dataDir), [], 'no development key was written');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
