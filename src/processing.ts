import type { Clock } from './clock.ts';
import { createConversationHandler } from './conversation/engine.ts';
import { createPhotoPreparer } from './conversation/photo-reading.ts';
import type { Db } from './db/connect.ts';
import { releaseLapsingHeld } from './jobs/held-replies.ts';
import { InboxDispatcher, type EventDispatcher } from './line/inbox-dispatcher.ts';
import type { LineApi } from './line/line-api.ts';
import { OutboxSender } from './line/outbox.ts';
import { ProcessingTurns } from './line/processing-turns.ts';
import type { Logger } from './log.ts';
import type { PhotoReader } from './ocr/types.ts';
import type { CredentialForms } from './web/credential-form.ts';

/** How long LINE shows the "typing" dots while an answer is on its way. */
const LOADING_SECONDS = 10;

export interface ProcessingOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly line: LineApi;
  readonly publicBaseUrl: string;
  readonly pushBudget: number;
  /** Issues the one-time credential form links the conversation hands out. */
  readonly forms: Pick<CredentialForms, 'issueLink'>;
  /** Called when processing queued jobs (so an in-process worker can start at once). */
  readonly onJobsQueued?: () => void;
  /** How often pending events and messages are looked for even without a kick. */
  readonly sweepIntervalMs: number;
  /** Reads the photos owners send of their POS screen; without one, a photo gets how to type the numbers instead. */
  readonly photoReader?: PhotoReader;
}

export interface Processing {
  readonly dispatcher: EventDispatcher;
  readonly outbox: OutboxSender;
  /** Look for stored events and queued messages now. */
  kick(): void;
  /** Resolves when every stored event is processed and every queued message delivered. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The processing half of the bot: inbox → per-owner conversation → outbox → LINE. It runs in
 * `npm start` beside the webhook (the default), or in `npm run worker` when the web processes
 * only acknowledge (PROCESS_EVENTS=false). Any number of processes may run it on one database:
 * each owner's events and messages are claimed there, so they stay in order and happen once.
 */
export function createProcessing(options: ProcessingOptions): Processing {
  const { db, log, clock } = options;
  const showLoading = (lineUserId: string) => {
    options.line.showLoading(lineUserId, LOADING_SECONDS).catch((error: unknown) => log.warn({ err: error }, 'loading animation failed'));
  };
  // Events and messages take turns with each other, one piece per turn of the event loop.
  const turns = new ProcessingTurns();
  const outbox = new OutboxSender({ db, line: options.line, clock, log, pushBudget: options.pushBudget, publicBaseUrl: options.publicBaseUrl, turns });
  const reader = options.photoReader;
  const dispatcher = new InboxDispatcher({
    db,
    turns,
    log,
    clock,
    // A photo is fetched and read before its event's transaction, so the database is not held for seconds.
    ...(reader ? { preparer: createPhotoPreparer({ db, line: options.line, reader, clock, log }) } : {}),
    handle: createConversationHandler({
      clock,
      log,
      readsPhotos: reader !== undefined,
      issueCredentialLink: (trx, target) => options.forms.issueLink(trx, target),
      // The answer comes from a job in a few seconds: LINE shows the owner it is on its way.
      onHeld: (lineUserId) => showLoading(lineUserId),
    }),
    afterEvent: () => {
      outbox.kick();
      options.onJobsQueued?.();
    },
    onSlowEvent: (lineUserId) => showLoading(lineUserId),
  });
  const kick = () => {
    dispatcher.kick();
    outbox.kick();
  };
  const sweep = setInterval(() => {
    dispatcher.kick();
    // A held reply token about to lapse is spent on its "what happens next" text.
    void releaseLapsingHeld(db, clock.now())
      .then((released) => released > 0 && outbox.kick())
      .catch((error: unknown) => log.error({ err: error }, 'releasing held reply tokens failed'));
    outbox.kick();
  }, options.sweepIntervalMs);
  sweep.unref();
  kick();
  return {
    dispatcher,
    outbox,
    kick,
    async settle() {
      await dispatcher.idle();
      await outbox.idle();
      await outbox.deliverDue();
    },
    async stop() {
      clearInterval(sweep);
      await dispatcher.stop();
      await outbox.idle();
    },
  };
}
