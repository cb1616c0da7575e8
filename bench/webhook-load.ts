// The load generator of the webhook bench, run as a child process (see runLoad) so that
// building and timing requests never shares an event loop with the server it measures.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { answerParent, askChild } from './load-child.ts';
import { percentile } from './stats.ts';
import { signedDelivery, type TrafficPlan } from './webhook-traffic.ts';

export interface LoadRequest {
  readonly url: string;
  readonly channelSecret: string;
  readonly plan: TrafficPlan;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

export interface LoadPhase {
  readonly seconds: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LoadReport {
  readonly measured: LoadPhase;
  /** Event numbers (see textEvent) whose delivery was answered 2xx, warm-up included. */
  readonly acked: number[];
  /** Every event number that was built, answered or not: 0 … built − 1. */
  readonly built: number;
}

/** Runs warm-up and measurement against `url` in a fresh Node process and returns what it saw. */
export function runLoad(request: LoadRequest): Promise<LoadReport> {
  return askChild<LoadRequest, LoadReport>(import.meta.url, request, 'load generator');
}

interface Context {
  n?: number;
  sentAt?: number;
}

/**
 * With one request in flight per connection, the connection's context knows which event
 * an answer belongs to; that is how every acknowledged event can be checked in the inbox.
 * Latency is timed here too, from building the request to its answer, because autocannon's
 * histogram keeps whole milliseconds and the figures of interest are a few of them.
 */
async function generate(request: LoadRequest): Promise<LoadReport> {
  let next = 0;
  const acked: number[] = [];
  let latencies: number[] = [];
  const phase = (seconds: number) =>
    autocannon({
      url: request.url,
      connections: request.connections,
      pipelining: 1,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          setupRequest: (req, context: Context) => {
            const n = next++;
            context.n = n;
            context.sentAt = performance.now();
            const { body, signature } = signedDelivery(request.plan, request.channelSecret, n, Date.now());
            return { ...req, body, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'LineBotWebhook/2.0', 'x-line-signature': signature } };
          },
          onResponse: (status, _body, context: Context) => {
            if (status < 200 || status >= 300 || context.n === undefined || context.sentAt === undefined) return;
            acked.push(context.n);
            latencies.push(performance.now() - context.sentAt);
          },
        },
      ],
    });
  await phase(request.warmupSeconds);
  latencies = [];
  const result = await phase(request.seconds);
  return {
    measured: {
      seconds: result.duration,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    },
    acked,
    built: next,
  };
}

answerParent<LoadRequest, LoadReport>(import.meta.url, 'load generator', generate);
