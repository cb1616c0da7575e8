import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, REAL_PORTAL_URL, redactDatabaseUrl } from '../src/config.ts';
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
