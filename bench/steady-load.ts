// An open-loop load generator for the scale bench, run as a child process (see runSteadyLoad) so that
// building, sending and timing requests never shares an event loop with the servers it measures.
//
// Open loop: the n-th event is due at start + n / rate, and it is sent when due whether or not earlier
// ones were answered, each on a free keep-alive connection or a new one (as LINE does: it does not wait
// for the bot before posting the next event). A slow bot therefore shows as latency and as connections
// piling up, never as a lower offered rate. (autocannon's overallRate is not this: each connection
// sends its share of a second back to back, then waits for the next second — a burst a second.)
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { answerParent, askChild } from './load-child.ts';
import { percentile } from './stats.ts';
import { signedDelivery, type TrafficPlan } from './webhook-traffic.ts';

export interface SteadyLoadRequest {
  readonly url: string;
  readonly channelSecret: string;
  readonly plan: TrafficPlan;
  /** Events offered per second, one per delivery. */
  readonly ratePerSecond: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** Connections at most (deliveries beyond wait for one, and that wait counts as latency). */
  readonly maxConnections?: number;
  /** A delivery not answered within this is counted as a timeout. */
  readonly timeoutMs?: number;
}

export interface SteadyPhase {
  readonly seconds: number;
  /** Deliveries sent in the phase, and the rate that makes (it should be the offered rate). */
  readonly sent: number;
  readonly sentPerSecond: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** From the moment the delivery is handed to the HTTP client to the end of the answer. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How late the generator itself sent (its own event loop lagging behind the schedule): p99. */
  readonly sendLagP99Ms: number;
  /** Connections the generator had to open: with a prompt bot a few suffice. */
  readonly connections: number;
  /** Errors by code (ECONNRESET, …), most frequent first. */
  readonly errorCodes: string;
  /** Share of one CPU the generator itself used while sending the phase. */
  readonly generatorCpu: number;
}

export interface SteadyLoadReport {
  readonly measured: SteadyPhase;
  /** Event numbers (see textEvent) whose delivery was answered 2xx, warm-up included. */
  readonly acked: number[];
  /** Every event number that was built: 0 … built − 1. */
  readonly built: number;
}

/** Runs warm-up and measurement against `url` in a fresh Node process and returns what it saw. */
export function runSteadyLoad(request: SteadyLoadRequest): Promise<SteadyLoadReport> {
  return askChild<SteadyLoadRequest, SteadyLoadReport>(import.meta.url, request, 'steady load generator');
}

interface PhaseTally {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencies: number[];
  lags: number[];
  errorCodes: Map<string, number>;
}

const newTally = (): PhaseTally => ({ sent: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0, latencies: [], lags: [], errorCodes: new Map() });

async function generate(request: SteadyLoadRequest): Promise<SteadyLoadReport> {
  const target = new URL(request.url);
  const timeoutMs = request.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: request.maxConnections ?? 512, scheduling: 'lifo' });
  let connections = 0;
  const countSocket = () => {
    connections += 1;
  };
  const acked: number[] = [];
  let next = 0;

  /** Posts event n; settles when it is answered, refused or timed out. */
  const send = (n: number, tally: PhaseTally) =>
    new Promise<void>((settle) => {
      const { body, signature } = signedDelivery(request.plan, request.channelSecret, n, Date.now());
      const sentAt = performance.now();
      tally.sent += 1;
      const req = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'LineBotWebhook/2.0',
            'x-line-signature': signature,
          },
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              tally.ok += 1;
              tally.latencies.push(performance.now() - sentAt);
              acked.push(n);
            } else tally.non2xx += 1;
            settle();
          });
        },
      );
      req.once('socket', (socket) => {
        if (!(socket as { counted?: boolean }).counted) {
          (socket as { counted?: boolean }).counted = true;
          countSocket();
        }
      });
      req.once('timeout', () => {
        tally.timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.once('error', (error) => {
        if (error.message !== 'timeout') {
          tally.errors += 1;
          const code = (error as NodeJS.ErrnoException).code ?? error.message;
          tally.errorCodes.set(code, (tally.errorCodes.get(code) ?? 0) + 1);
        }
        settle();
      });
      req.end(body);
    });

  /** Offers `seconds` of load at the fixed rate; resolves once every delivery of the phase settled. */
  const phase = async (seconds: number): Promise<{ tally: PhaseTally; seconds: number }> => {
    const tally = newTally();
    const total = Math.round(seconds * request.ratePerSecond);
    const intervalMs = 1000 / request.ratePerSecond;
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    let sentInPhase = 0;
    while (sentInPhase < total) {
      const now = performance.now();
      while (sentInPhase < total && start + sentInPhase * intervalMs <= now) {
        tally.lags.push(now - (start + sentInPhase * intervalMs));
        inFlight.push(send(next++, tally));
        sentInPhase += 1;
      }
      if (sentInPhase >= total) break;
      // Sleep until the next delivery is due. Timers fire up to a millisecond late, which the lag shows.
      const wait = start + sentInPhase * intervalMs - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.floor(wait))));
    }
    const sendingSeconds = (performance.now() - start) / 1000;
    await Promise.all(inFlight);
    return { tally, seconds: sendingSeconds };
  };

  await phase(request.warmupSeconds);
  const cpuBefore = process.cpuUsage();
  const { tally, seconds } = await phase(request.seconds);
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    measured: {
      seconds,
      sent: tally.sent,
      sentPerSecond: tally.sent / seconds,
      ok: tally.ok,
      non2xx: tally.non2xx,
      errors: tally.errors,
      timeouts: tally.timeouts,
      p50Ms: percentile(tally.latencies, 0.5),
      p99Ms: percentile(tally.latencies, 0.99),
      maxMs: percentile(tally.latencies, 1),
      sendLagP99Ms: percentile(tally.lags, 0.99),
      connections,
      generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds,
      errorCodes: [...tally.errorCodes].sort((a, b) => b[1] - a[1]).map(([code, count]) => `${code} × ${count}`).join(', '),
    },
    acked,
    built: next,
  };
}

answerParent<SteadyLoadRequest, SteadyLoadReport>(import.meta.url, 'steady load generator', generate);
