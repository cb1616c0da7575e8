import { systemClock } from './clock.ts';
import { createLogger } from './log.ts';
import { credentialKeys, jobRuntimeFor, loadConfigOrExit, onShutdown, openDatabase } from './startup.ts';
import { createVault } from './vault/vault.ts';

/**
 * `npm run worker`: the job worker as its own process (the Procfile's `worker:`),
 * beside `npm start` with RUN_WORKER=false. Its messages to owners are delivered
 * by the web process, which looks for queued messages every few seconds.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, log);
  const vault = createVault(credentialKeys(config, log));
  const jobs = jobRuntimeFor(config, { db, log, clock: systemClock, vault });
  jobs.start();
  log.info({ concurrency: config.workerConcurrency }, 'worker started');
  onShutdown(log, async () => {
    await jobs.stop();
    await db.destroy();
  });
}

main().catch((error: unknown) => {
  createLogger('fatal').fatal({ err: error }, 'worker start-up failed');
  process.exit(1);
});
