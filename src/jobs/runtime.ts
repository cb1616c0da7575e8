import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { RetentionScheduler } from '../retention/scheduler.ts';
import { defaultRetentionSettings, type RetentionSettings } from '../retention/settings.ts';
import { SharedBrowser } from '../portal/browser.ts';
import { createPortalDriver, type PortalDriver } from '../portal/driver.ts';
import type { Vault } from '../vault/vault.ts';
import { createCredentialForms } from '../web/credential-form.ts';
import { createCaptchaRelay } from './captcha-relay.ts';
import { promptHandler } from './handlers/prompt.ts';
import { PROMPT_JOB_KIND, WARNING_JOB_KIND } from './proof-prompts.ts';
import { remindHandler } from './handlers/remind.ts';
import { submitHandler } from './handlers/submit.ts';
import { verifyHandler } from './handlers/verify.ts';
import { ReminderScheduler } from './reminder-scheduler.ts';
import type { ReminderSchedule } from './reminders.ts';
import { Worker } from './worker.ts';

export interface JobRuntimeOptions {
  readonly db: Kysely<Database>;
  readonly log: Logger;
  readonly clock: Clock;
  readonly vault: Vault;
  readonly publicBaseUrl: string;
  readonly portalBaseUrl: string;
  readonly chromiumPath: string | undefined;
  readonly portalHeaded: boolean;
  readonly dataDir: string;
  readonly verifyDelayMs: number;
  readonly pushBudget: number;
  readonly reminderSchedule: ReminderSchedule;
  readonly concurrency: number;
  /** Pause between browser actions: one unhurried person, not a robot. */
  readonly paceMs: number;
  /** Wakes message delivery when it runs in this process; a separate worker relies on the web's sweep. */
  readonly messagesQueued?: () => void;
  readonly pollMs?: number;
  readonly leaseMs?: number;
  /** Whether the LINE side shows http images: only the local playground, where no TLS exists. */
  readonly httpImagesShown?: boolean;
  /**
   * How long stop() lets a running platform job finish before aborting it and giving it back (a job
   * waiting for the owner's captcha answer is given back at once). With the unwind below, the browser's
   * closing and the rest, a stop fits in the processes' 5 s shutdown deadline (startup.ts).
   */
  readonly shutdownGraceMs?: number;
  /** How long aborted jobs get to close their browser context before their jobs are given back anyway. */
  readonly abortUnwindMs?: number;
  /** For tests: a driver of their own (e.g. a short captcha timeout). */
  readonly driver?: PortalDriver;
  /** The retention sweep's settings (retentionSettingsOf(config)); the documented defaults when absent. */
  readonly retention?: RetentionSettings;
}

export interface JobRuntime {
  readonly worker: Worker;
  readonly reminders: ReminderScheduler;
  /** The hourly retention sweep (src/retention/): one process at a time, by the retention lease. */
  readonly retention: RetentionScheduler;
  start(): void;
  kick(): void;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 2_000;
const ABORT_UNWIND_MS = 1_000;

/** The worker side: the platform driver, the job handlers, the reminder scheduler. */
export function createJobRuntime(options: JobRuntimeOptions): JobRuntime {
  const { db, log, clock, vault } = options;
  const browser = new SharedBrowser({ chromiumPath: options.chromiumPath, headed: options.portalHeaded });
  const driver =
    options.driver ??
    createPortalDriver({ baseUrl: options.portalBaseUrl, browser, log, diagnosticsDir: join(options.dataDir, 'diagnostics'), paceMs: options.paceMs });
  const messagesQueued = options.messagesQueued ?? (() => undefined);
  const httpImagesShown = options.httpImagesShown ?? false;
  const relay = createCaptchaRelay({ db, clock, publicBaseUrl: options.publicBaseUrl, httpImagesShown, messagesQueued });
  // Only issueLink is used here: the form itself is served by the web process.
  const forms = createCredentialForms({ db, vault, clock, log, publicBaseUrl: options.publicBaseUrl, onSaved: () => undefined });
  const issueCredentialLink = forms.issueLink;
  const worker = new Worker({
    db,
    log,
    clock,
    concurrency: options.concurrency,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    shutdownGraceMs: options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS,
    abortUnwindMs: options.abortUnwindMs ?? ABORT_UNWIND_MS,
    handlers: {
      submit: submitHandler({ db, clock, log, vault, driver, relay, verifyDelayMs: options.verifyDelayMs, issueCredentialLink }),
      verify: verifyHandler({ db, clock, log, vault, driver, relay, publicBaseUrl: options.publicBaseUrl, httpImagesShown }),
      remind: remindHandler({ db, clock, log }),
      [PROMPT_JOB_KIND]: promptHandler({ db, clock, log }, 'prompt'),
      [WARNING_JOB_KIND]: promptHandler({ db, clock, log }, 'warning'),
    },
    onSettled: messagesQueued,
  });
  const reminders = new ReminderScheduler({ db, clock, log, schedule: options.reminderSchedule, pushBudget: options.pushBudget, jobsQueued: () => worker.kick() });
  const retention = new RetentionScheduler({ db, clock, log, settings: options.retention ?? defaultRetentionSettings(), dataDir: options.dataDir });
  return {
    worker,
    reminders,
    retention,
    start() {
      worker.start();
      reminders.start();
      retention.start();
    },
    kick: () => worker.kick(),
    async stop() {
      reminders.stop();
      await retention.stop();
      await worker.stop();
      await browser.close();
    },
  };
}
