// The first lines `npm start` and `npm run worker` print: what runs where, in plain words, before
// whatever start-up logged meanwhile; a plain banner first at a terminal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { createProcessLogger, type LogFormat, type ProcessLogger } from '../../src/log.ts';
import { databaseInWords, printStartupSummary } from '../../src/startup.ts';

function capturedProcessLogger(format: LogFormat): { processLog: ProcessLogger; lines: () => string[] } {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.push(chunk.toString('utf8'));
      done();
    },
  });
  const processLog = createProcessLogger('info', format, { holdAtMostMs: 60_000, destination, colorize: false });
  return { processLog, lines: () => out.join('').split('\n').filter(Boolean) };
}

const SUMMARY = {
  title: 'Blank-invoice bot: local mode',
  lines: [
    { text: 'Local mode: no LINE channel is configured', fields: { playground: 'http://localhost:3000/playground', portalSimulator: 'http://127.0.0.1:4000' } },
    { text: 'Playground: open http://localhost:3000/playground in your browser', fields: { url: 'http://localhost:3000/playground' } },
    { text: 'Worker: running in this process' },
  ],
};

function fakeStdout(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, write: (text: string) => written.push(text), written };
}

describe('start-up summary', () => {
  test('JSON: the summary records come first, with their fields, then what start-up logged; no banner', () => {
    const { processLog, lines } = capturedProcessLogger('json');
    processLog.log.info({ applied: 40 }, 'database ready');
    const stdout = fakeStdout(false);
    printStartupSummary(processLog, SUMMARY, stdout);
    processLog.log.info('later');
    const records = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      records.map((record) => record.msg),
      [...SUMMARY.lines.map((line) => line.text), 'database ready', 'later'],
    );
    assert.equal(records[0]?.playground, 'http://localhost:3000/playground');
    assert.equal(records[0]?.portalSimulator, 'http://127.0.0.1:4000');
    assert.deepEqual(stdout.written, []);
  });

  test('pretty at a terminal: a plain banner, then one readable line per summary line', () => {
    const { processLog, lines } = capturedProcessLogger('pretty');
    processLog.log.info('database ready');
    const stdout = fakeStdout(true);
    printStartupSummary(processLog, SUMMARY, stdout);
    assert.equal(stdout.written.length, 1);
    assert.match(stdout.written[0] ?? '', /Blank-invoice bot: local mode/);
    assert.match(stdout.written[0] ?? '', /Ctrl\+C/);
    const printed = lines();
    assert.match(printed[0] ?? '', /^\[\d\d:\d\d:\d\d\] INFO: Local mode: no LINE channel is configured$/);
    assert.match(printed[1] ?? '', /INFO: Playground: open http:\/\/localhost:3000\/playground in your browser$/);
    assert.match(printed[2] ?? '', /INFO: Worker: running in this process$/);
    assert.match(printed[3] ?? '', /INFO: database ready$/);
    assert.equal(printed.length, 4, 'the words say it all: no field lines under the summary');
  });

  test('pretty into a pipe (LOG_FORMAT=pretty): no banner', () => {
    const { processLog } = capturedProcessLogger('pretty');
    const stdout = fakeStdout(false);
    printStartupSummary(processLog, SUMMARY, stdout);
    assert.deepEqual(stdout.written, []);
  });

  test('the database in words, without a password', () => {
    assert.equal(databaseInWords('sqlite:./data/bot.db'), 'sqlite file ./data/bot.db');
    assert.match(databaseInWords('sqlite::memory:'), /^sqlite in memory/);
    const postgres = databaseInWords('postgres://bot:s3cret@db.example.com:6543/blank');
    assert.equal(postgres, 'PostgreSQL database blank on db.example.com:6543');
    assert.equal(databaseInWords('postgresql://bot:s3cret@db/blank'), 'PostgreSQL database blank on db:5432');
  });
});
