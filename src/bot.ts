import type { Express, Router } from 'express';
import type { Clock } from './clock.ts';
import { credentialsSavedMessage } from './conversation/notices.ts';
import type { Db } from './db/connect.ts';
import { createHttpApp } from './http/app.ts';
import type { EventDispatcher } from './line/inbox-dispatcher.ts';
import type { LineApi } from './line/line-api.ts';
import { enqueueMessages, type OutboxSender } from './line/outbox.ts';
import { webhookRouter } from './line/webhook.ts';
import type { Logger } from './log.ts';
import type { PhotoReader } from './ocr/types.ts';
import { createProcessing, type Processing } from './processing.ts';
import { storeById } from './stores/repository.ts';
import { resumeWaitingSubmissions } from './jobs/submissions.ts';
import type { Vault } from './vault/vault.ts';
import { createCredentialForms, type CredentialForms, type FormFraming } from './web/credential-form.ts';
import { fullListsRouter } from './web/full-lists.ts';
import { imagesRouter } from './web/images.ts';

export interface WebOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly vault: Vault;
  readonly channelSecret: string;
  readonly publicBaseUrl: string;
  /** Called when the web side queued jobs (so an in-process worker can start at once). */
  readonly onJobsQueued?: () => void;
  /** Only the local playground frames the credential form (beside its chat); everywhere else it is 'deny'. */
  readonly credentialFormFraming?: FormFraming;
  /** More routes on the same server (the local playground). */
  readonly routers?: readonly Router[];
}

export interface BotOptions extends WebOptions {
  readonly line: LineApi;
  readonly pushBudget: number;
  /** How often pending events and messages are looked for even without a new webhook. */
  readonly sweepIntervalMs?: number;
  /** Reads photos of the POS screen (created once per process; the caller closes it after `stop()`). */
  readonly photoReader?: PhotoReader;
}

export interface Bot {
  readonly app: Express;
  readonly dispatcher: EventDispatcher;
  readonly outbox: OutboxSender;
  /** Resolves when every stored event is processed and every queued message delivered. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** The web side alone (PROCESS_EVENTS=false): `npm run worker` processes what it stores. */
export interface Ingest {
  readonly app: Express;
  stop(): Promise<void>;
}

/**
 * The whole bot in one process: webhook → inbox → per-user conversation → outbox → LINE,
 * plus the one-time credential form. Events left over from before a restart are
 * processed at once.
 */
export function createBot(options: BotOptions): Bot {
  let processing: Processing | undefined;
  const web = createWeb(options, {
    stored: () => processing?.dispatcher.delivered(),
    messagesQueued: () => processing?.outbox.kick(),
  });
  processing = createProcessing({ ...options, forms: web.forms, sweepIntervalMs: options.sweepIntervalMs ?? 5000 });
  const started = processing;
  return {
    app: web.app,
    dispatcher: started.dispatcher,
    outbox: started.outbox,
    settle: () => started.settle(),
    stop: () => started.stop(),
  };
}

/**
 * The web side only: verifies, stores and acknowledges webhooks and serves the form, images and
 * lists. Nothing is processed here, so acknowledgements never wait behind a conversation; the
 * workers find the stored events and queued messages in the database.
 */
export function createIngest(options: WebOptions): Ingest {
  const web = createWeb(options, { stored: () => undefined, messagesQueued: () => undefined });
  return { app: web.app, stop: async () => undefined };
}

interface WebHooks {
  /** New webhook events are in the inbox. */
  readonly stored: () => void;
  /** Messages were queued in the outbox. */
  readonly messagesQueued: () => void;
}

function createWeb(options: WebOptions, hooks: WebHooks): { app: Express; forms: CredentialForms } {
  const { db, log, clock } = options;
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
      hooks.messagesQueued();
      options.onJobsQueued?.();
    },
  });
  const webhook = webhookRouter({ db, channelSecret: options.channelSecret, log, clock, onStored: hooks.stored });
  const app = createHttpApp({ db, log, routers: [webhook, forms.router, imagesRouter(db, clock), fullListsRouter(db, clock), ...(options.routers ?? [])] });
  return { app, forms };
}
