import type { Express, Router } from 'express';
import type { Clock } from './clock.ts';
import { createConversationHandler } from './conversation/engine.ts';
import { credentialsSavedMessage } from './conversation/notices.ts';
import type { Db } from './db/connect.ts';
import { createHttpApp } from './http/app.ts';
import { InboxDispatcher } from './line/inbox-dispatcher.ts';
import type { LineApi } from './line/line-api.ts';
import { enqueueMessages, OutboxSender } from './line/outbox.ts';
import { webhookRouter } from './line/webhook.ts';
import type { Logger } from './log.ts';
import { storeById } from './stores/repository.ts';
import { resumeWaitingSubmissions } from './jobs/submissions.ts';
import { releaseLapsingHeld } from './jobs/held-replies.ts';
import type { Vault } from './vault/vault.ts';
import { createCredentialForms, type FormFraming } from './web/credential-form.ts';
import { fullListsRouter } from './web/full-lists.ts';
import { imagesRouter } from './web/images.ts';

/** How long LINE shows the "typing" dots while an answer is on its way. */
const LOADING_SECONDS = 10;

export interface BotOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly vault: Vault;
  readonly line: LineApi;
  readonly channelSecret: string;
  readonly publicBaseUrl: string;
  readonly pushBudget: number;
  /** Called when the web side queued jobs (so an in-process worker can start at once). */
  readonly onJobsQueued?: () => void;
  /** How often pending events and messages are looked for even without a new webhook. */
  readonly sweepIntervalMs?: number;
  /** Only the local playground frames the credential form (beside its chat); everywhere else it is 'deny'. */
  readonly credentialFormFraming?: FormFraming;
  /** More routes on the same server (the local playground). */
  readonly routers?: readonly Router[];
}

export interface Bot {
  readonly app: Express;
  readonly dispatcher: InboxDispatcher;
  readonly outbox: OutboxSender;
  /** Resolves when every stored event is processed and every queued message delivered. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The LINE side of the bot: webhook → inbox → per-user conversation → outbox → LINE,
 * plus the one-time credential form. Events left over from before a restart are
 * processed at once.
 */
export function createBot(options: BotOptions): Bot {
  const { db, log, clock } = options;
  const showLoading = (lineUserId: string) => {
    options.line.showLoading(lineUserId, LOADING_SECONDS).catch((error: unknown) => log.warn({ err: error }, 'loading animation failed'));
  };
  const outbox = new OutboxSender({ db, line: options.line, clock, log, pushBudget: options.pushBudget, publicBaseUrl: options.publicBaseUrl });
  const forms = createCredentialForms({
    db,
    vault: options.vault,
    clock,
    log,
    publicBaseUrl: options.publicBaseUrl,
    ...(options.credentialFormFraming ? { framing: options.credentialFormFraming } : {}),
    onSaved: async ({ storeId, lineUserId }) => {
      const store = await storeById(db, storeId);
      if (!store) return;
      await db.transaction().execute(async (trx) => {
        await enqueueMessages(trx, { lineUserId, messages: credentialsSavedMessage(store.display_name), purpose: 'credentials-saved', urgent: true }, clock.now());
        await resumeWaitingSubmissions(trx, storeId, clock.now());
      });
      outbox.kick();
      options.onJobsQueued?.();
    },
  });
  const dispatcher = new InboxDispatcher({
    db,
    log,
    clock,
    handle: createConversationHandler({
      clock,
      log,
      issueCredentialLink: (trx, target) => forms.issueLink(trx, target),
      // The answer comes from a job in a few seconds: LINE shows the owner it is on its way.
      onHeld: (lineUserId) => showLoading(lineUserId),
    }),
    afterEvent: () => {
      outbox.kick();
      options.onJobsQueued?.();
    },
    onSlowEvent: (lineUserId) => showLoading(lineUserId),
  });
  const webhook = webhookRouter({ db, channelSecret: options.channelSecret, log, clock, onStored: () => dispatcher.delivered() });
  const app = createHttpApp({ db, log, routers: [webhook, forms.router, imagesRouter(db, clock), fullListsRouter(db, clock), ...(options.routers ?? [])] });

  const sweep = setInterval(() => {
    dispatcher.kick();
    // A held reply token about to lapse is spent on its "what happens next" text.
    void releaseLapsingHeld(db, clock.now())
      .then((released) => released > 0 && outbox.kick())
      .catch((error: unknown) => log.error({ err: error }, 'releasing held reply tokens failed'));
    outbox.kick();
  }, options.sweepIntervalMs ?? 5000);
  sweep.unref();
  dispatcher.kick();
  outbox.kick();

  return {
    app,
    dispatcher,
    outbox,
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
