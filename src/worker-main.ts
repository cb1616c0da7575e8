import { systemClock } from './clock.ts';
import { createLogger, type ProcessLogger } from './log.ts';
import type { PhotoReader } from './ocr/types.ts';
import { createProcessing, type Processing } from './processing.ts';
import {
  credentialKeys,
  databaseInWords,
  jobRuntimeFor,
  lineApiFor,
  loadConfigOrExit,
  onShutdown,
  openDatabase,
  photoReaderFor,
  printStartupSummary,
  processLoggerFor,
} from './startup.ts';
import { createVault } from './vault/vault.ts';
import { createCredentialForms } from './web/credential-form.ts';

/**
 * Pending events and messages are looked for this often: the web processes that stored them
 * are elsewhere and do not call. A look costs two index reads when there is nothing to do.
 */
const POLL_MS = 200;

/** Set once the log exists: a failed start-up writes what it logged before the error. */
let processLog: ProcessLogger | undefined;

/**
 * `npm run worker`: the job worker (the Procfile's `worker:`) and, with a LINE channel, the
 * processing of webhook events and the delivery of messages — everything the web processes
 * leave to others when PROCESS_EVENTS=false. Any number may run on one database.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  processLog = processLoggerFor(config);
  const { log } = processLog;
  const db = await openDatabase(config, log);
  const vault = createVault(credentialKeys(config, log));
  let processing: Processing | undefined;
  let photoReader: PhotoReader | undefined;
  const jobs = jobRuntimeFor(config, { db, log, clock: systemClock, vault, messagesQueued: () => processing?.outbox.kick() });
  if (config.line) {
    const line = lineApiFor(config, config.line.channelAccessToken, log);
    photoReader = photoReaderFor(config, log);
    const forms = createCredentialForms({ db, vault, clock: systemClock, log, publicBaseUrl: config.publicBaseUrl, onSaved: async () => undefined });
    processing = createProcessing({
      db,
      log,
      clock: systemClock,
      line,
      publicBaseUrl: config.publicBaseUrl,
      pushBudget: config.pushBudget,
      forms,
      onJobsQueued: () => jobs.kick(),
      sweepIntervalMs: POLL_MS,
      photoReader,
    });
  }
  jobs.start();
  log.info({ concurrency: config.workerConcurrency, processesEvents: Boolean(processing) }, 'worker started');
  onShutdown(log, async () => {
    await jobs.stop();
    await processing?.stop();
    await photoReader?.close();
    await db.destroy();
  });
  const database = databaseInWords(config.databaseUrl);
  printStartupSummary(processLog, {
    title: 'Blank-invoice bot: worker',
    lines: [
      {
        text: processing
          ? `Worker: running platform jobs (${config.workerConcurrency} at a time), reminders, LINE events and messages`
          : `Worker: running platform jobs (${config.workerConcurrency} at a time) and reminders; no LINE channel, so no LINE events`,
        fields: { concurrency: config.workerConcurrency, processesEvents: Boolean(processing) },
      },
      { text: `Database: ${database}`, fields: { database } },
    ],
  });
}

main().catch((error: unknown) => {
  processLog?.release();
  (processLog?.log ?? createLogger('fatal')).fatal({ err: error }, 'worker start-up failed');
  process.exit(1);
});
