// The local playground's server side: a LINE app for one person in a browser. Every tap becomes what
// the LINE app would send (a signed webhook from the fake LINE platform), and every bot message the
// page shows is one the bot sent through the Messaging API. Mounted only in local mode.
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import { newUserId, type FakeLinePlatform, type WebhookDelivery } from '../sim/line/index.ts';
import type { ClockControl } from './clock-control.ts';
import { mountClockRoutes } from './clock-routes.ts';
import { pageEntry, USER_IMAGE_PATH } from './entries.ts';
import { createPosPhotoSender, PhotoBusyError, type SentPosPhoto } from './pos-photo.ts';
import { sniffImageType } from './image-type.ts';
import { richMenuView } from './rich-menu-view.ts';

/** The fixture account a visitor types into the credential form (fake values, printed on purpose). */
export interface PlaygroundFixture {
  readonly storeName: string;
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
  readonly ranges: readonly string[];
  readonly portalUrl: string;
}

export interface PlaygroundOptions {
  readonly fake: FakeLinePlatform;
  readonly clock: ClockControl;
  readonly fixture: PlaygroundFixture;
  readonly publicBaseUrl: string;
  readonly log: Logger;
  /** 「全部重來」: empties the database, the clock offset, the fake LINE and the simulator. */
  readonly startOver?: () => Promise<void>;
}

export interface Playground {
  readonly router: Router;
  /** Tells open pages that the rich menu changed (it is installed a moment after start-up). */
  richMenuChanged(): void;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const USER_ID = /^U[0-9a-f]{32}$/;
const HEARTBEAT_MS = 15_000;
/** LINE takes photos up to 10 MB. */
const IMAGE_LIMIT = '10mb';

const textBody = z.object({ text: z.string().trim().min(1, 'type a message first').max(5000, 'LINE messages hold at most 5,000 characters') });
const actionBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('postback'), data: z.string().max(300), displayText: z.string().max(300).optional(), params: z.record(z.string(), z.string()).optional() }),
  z.object({ type: z.literal('message'), text: z.string().min(1).max(300) }),
]);

export function createPlayground(options: PlaygroundOptions): Playground {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const router = Router();
  router.get('/playground', (_req, res) => {
    res.set('Cache-Control', 'no-store').sendFile('index.html', { root: PUBLIC_DIR });
  });
  router.use('/playground/assets', express.static(PUBLIC_DIR, { index: false, maxAge: 0 }));
  router.use('/playground/api', express.json({ limit: '16kb' }));
  mountApi(router, options, events);
  router.use('/playground/api', bodyErrors);
  return { router, richMenuChanged: () => events.emit('richmenu') };
}

function mountApi(router: Router, options: PlaygroundOptions, events: EventEmitter): void {
  const { fake } = options;
  router.get('/playground/api/state', (_req, res) => {
    res.json({ publicBaseUrl: options.publicBaseUrl, clock: options.clock.view(), fixture: options.fixture });
  });
  router.post('/playground/api/users', (_req, res) => {
    res.status(201).json({ userId: newUserId() });
  });
  router.get('/playground/api/users/:userId/stream', (req, res) => withUser(req, res, (userId) => stream(options, events, userId, req, res)));
  router.get('/playground/api/users/:userId/rich-menu', (req, res) =>
    withUser(req, res, (userId) => res.json({ richMenu: richMenuView(fake.richMenuOf(userId)), following: fake.isFollowing(userId) })),
  );
  router.get('/playground/api/users/:userId/rich-menu/image', (req, res) =>
    withUser(req, res, (userId) => {
      const image = fake.richMenuOf(userId)?.image;
      if (!image) return void res.status(404).json({ error: 'this user has no rich menu with an image yet' });
      res.set('Cache-Control', 'no-store').type(image.contentType).send(image.bytes);
    }),
  );
  router.post('/playground/api/users/:userId/follow', (req, res) => act(req, res, options, (userId) => fake.follow(userId, { displayName: '試玩老闆' })));
  router.post('/playground/api/users/:userId/unfollow', (req, res) => act(req, res, options, (userId) => fake.unfollow(userId)));
  router.post('/playground/api/users/:userId/images', express.raw({ type: ['image/png', 'image/jpeg'], limit: IMAGE_LIMIT }), (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      return void res.status(400).json({ error: 'send a PNG or JPEG photo as the request body (Content-Type image/png or image/jpeg)' });
    }
    const bytes = req.body;
    // The bytes, not the header, decide: the bot would fail to read a "photo" that is something else.
    const contentType = sniffImageType(bytes);
    if (!contentType) return void res.status(415).json({ error: 'the body is not a PNG or JPEG image' });
    act(req, res, options, (userId) => fake.sendImage(userId, { bytes, contentType }));
  });
  mountPhotoRoutes(router, options);
  router.post('/playground/api/users/:userId/messages', (req, res) => {
    const body = textBody.safeParse(req.body);
    if (!body.success) return void badRequest(res, body.error);
    act(req, res, options, (userId) => fake.sendText(userId, body.data.text));
  });
  router.post('/playground/api/users/:userId/actions', (req, res) => {
    const body = actionBody.safeParse(req.body);
    if (!body.success) return void badRequest(res, body.error);
    const action = body.data;
    act(req, res, options, (userId) =>
      action.type === 'message'
        ? fake.sendText(userId, action.text)
        : fake.postback(userId, action.data, action.params, action.displayText === undefined ? {} : { displayText: action.displayText }),
    );
  });
  mountClockRoutes(router, { clock: options.clock, events, startOver: options.startOver });
}

/** The photos a person sent, drawn as their bubbles, and the button that sends a generated POS photo. */
function mountPhotoRoutes(router: Router, options: PlaygroundOptions): void {
  const { fake } = options;
  const sendPosPhoto = createPosPhotoSender(fake);
  router.get(`/playground/api/users/:userId/${USER_IMAGE_PATH}/:messageId`, (req, res) =>
    withUser(req, res, (userId) => {
      const messageId = String(req.params['messageId']);
      // Only this user's own photos: a chat shows what its person sent.
      const sentByUser = fake.conversation(userId).some((entry) => entry.from === 'user' && entry.event.type === 'message' && entry.event.message.id === messageId);
      const content = sentByUser ? fake.contentOf(messageId) : undefined;
      if (!content) return void res.status(404).json({ error: 'this user sent no photo with that message id' });
      res.set('Cache-Control', 'no-store').type(content.contentType).send(content.bytes);
    }),
  );
  router.post('/playground/api/users/:userId/pos-photos', (req, res) =>
    withUser(req, res, (userId) => {
      sendPosPhoto(userId).then(
        (sent) => answerPosPhoto(res, sent),
        (error: unknown) => {
          if (error instanceof PhotoBusyError) return void res.status(429).json({ error: error.message });
          options.log.warn({ err: error }, 'playground could not make or send a POS photo');
          res.status(502).json({ error: 'the POS photo could not be made or sent; see the server log' });
        },
      );
    }),
  );
}

function answerPosPhoto(res: Response, sent: SentPosPhoto): void {
  if (sent.delivery.status !== 200) return void res.status(502).json({ error: `the bot answered the webhook with HTTP ${sent.delivery.status}` });
  res.json({ ok: true, webhookMs: sent.delivery.ms, name: sent.name, blank: sent.blank });
}

/** Bodies express could not read: too large or not JSON. Anything else is the app's 500. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: number }).status;
  if (status === 413) res.status(413).json({ error: `the body is larger than ${IMAGE_LIMIT} (LINE's limit for a photo)` });
  else if (status === 400) res.status(400).json({ error: 'the request body is not valid JSON' });
  else next(error);
};

function withUser(req: Request, res: Response, then: (userId: string) => void): void {
  const userId = String(req.params['userId']);
  if (USER_ID.test(userId)) then(userId);
  else res.status(400).json({ error: 'userId must be a LINE user id: U followed by 32 hex digits' });
}

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: error.issues.map((issue) => issue.message).join('; ') });
}

/** Sends what the person did as LINE would and answers with how the bot's webhook took it. */
function act(req: Request, res: Response, options: PlaygroundOptions, send: (userId: string) => Promise<WebhookDelivery>): void {
  withUser(req, res, (userId) => {
    send(userId).then(
      (delivery) => {
        if (delivery.status === 200) res.json({ ok: true, webhookMs: delivery.ms });
        else res.status(502).json({ error: `the bot answered the webhook with HTTP ${delivery.status}` });
      },
      (error: unknown) => {
        options.log.warn({ err: error }, 'playground could not deliver to the webhook');
        res.status(502).json({ error: 'the bot did not take the webhook; see the server log' });
      },
    );
  });
}

/** Server-sent events: the conversation so far, then each new entry, clock change, rich-menu change and start-over. */
function stream(options: PlaygroundOptions, events: EventEmitter, userId: string, req: Request, res: Response): void {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.flushHeaders();
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  for (const entry of options.fake.conversation(userId)) send('entry', pageEntry(entry));
  send('ready', {});
  const unsubscribe = options.fake.subscribe((to, entry) => {
    if (to === userId) send('entry', pageEntry(entry));
  });
  const onClock = (view: unknown) => send('clock', view);
  const onRichMenu = () => send('richmenu', {});
  const onStartOver = () => send('start-over', {});
  events.on('clock', onClock);
  events.on('richmenu', onRichMenu);
  events.on('start-over', onStartOver);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    events.off('clock', onClock);
    events.off('richmenu', onRichMenu);
    events.off('start-over', onStartOver);
  });
}
