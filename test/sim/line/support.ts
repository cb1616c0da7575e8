// Shared set-up for the fake LINE platform's tests: the fake, the real SDK client pointed at it, and a
// small webhook receiver standing in for the bot.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { HTTPFetchError, LineBotClient } from '@line/bot-sdk';
import { createFakeLinePlatform, type FakeLinePlatform, type FakeLinePlatformOptions } from '../../../src/sim/line/index.ts';

export const SECRET = 'test-channel-secret-0123456789ab';
export const TOKEN = 'test-channel-access-token';

export interface Harness {
  readonly fake: FakeLinePlatform;
  readonly client: LineBotClient;
  close(): Promise<void>;
}

export async function startFake(options: Partial<FakeLinePlatformOptions> = {}): Promise<Harness> {
  const fake = createFakeLinePlatform({ channelSecret: SECRET, channelAccessToken: TOKEN, ...options });
  const listening = await fake.listen();
  const client = clientFor(listening.url, TOKEN, listening.dataUrl);
  return { fake, client, close: listening.close };
}

/** The SDK on the fake: the Messaging API at `url`, the data API at `dataUrl` (another host at LINE). */
export function clientFor(url: string, channelAccessToken: string, dataUrl = url): LineBotClient {
  return LineBotClient.fromChannelAccessToken({ channelAccessToken, apiBaseURL: url, dataApiBaseURL: dataUrl });
}

export interface LineFailure {
  readonly status: number;
  readonly body: { message: string; details?: { message: string; property: string }[] };
  readonly headers: Headers;
}

/** The SDK's rejection, unpacked into LINE's answer. */
export async function failureOf(promise: Promise<unknown>): Promise<LineFailure> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body) as LineFailure['body'], headers: error.headers };
  }
  throw new Error('expected the LINE API call to be refused, but it succeeded');
}

export interface ReceivedPost {
  readonly headers: Request['headers'];
  readonly raw: Buffer;
}

export interface Receiver {
  readonly url: string;
  readonly received: ReceivedPost[];
  close(): Promise<void>;
}

/** A bare webhook endpoint that keeps the raw bytes and headers of every post and answers 200. */
export async function startRawReceiver(): Promise<Receiver> {
  const received: ReceivedPost[] = [];
  const app = express();
  app.post('/webhook', express.raw({ type: () => true }), (req, res) => {
    received.push({ headers: req.headers, raw: req.body as Buffer });
    res.status(200).end();
  });
  return listenApp(app, received);
}

export async function listenApp(app: express.Express, received: ReceivedPost[] = []): Promise<Receiver> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function userId(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}

/** The signature and IHDR chunk of a PNG of this size: all LINE reads to learn (and refuse) an image's size. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 2, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}
