// A tiny round-robin HTTP proxy for the scale bench, in a process of its own (as a load balancer is
// never inside the bot's process): each request goes to the next upstream in turn, over a keep-alive
// connection pool per upstream, and the answer is streamed back as it came.
import { fork } from 'node:child_process';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { addressUrl, listen } from '../src/http/server.ts';

export interface RoundRobinProxy {
  /** The proxy's base URL; `${url}/webhook` reaches an upstream's `/webhook`. */
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts the proxy in front of `upstreams` (base URLs like http://127.0.0.1:3000). */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_PROXY_UPSTREAMS: JSON.stringify(upstreams) } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve(String((message as { url: string }).url)));
    child.once('exit', (code) => reject(new Error(`the proxy process exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Connection-level headers are the proxy's own business on each side, never passed through. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

async function serve(upstreams: readonly string[]): Promise<void> {
  const targets = upstreams.map((upstream) => ({ url: new URL(upstream), agent: new Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }) }));
  let turn = 0;
  const server = createServer((req, res) => {
    const target = targets[turn++ % targets.length];
    if (!target) throw new Error('no upstreams');
    const upstream = httpRequest(
      { agent: target.agent, host: target.url.hostname, port: target.url.port, method: req.method, path: req.url, headers: endToEnd(req.headers) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.once('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  const address = await listen(server, 0, '127.0.0.1');
  // The bench that started it is gone (it threw, or was killed): so is the proxy.
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  process.send?.({ url: addressUrl(address) });
}

if (process.env.BENCH_PROXY_UPSTREAMS && process.send) await serve(JSON.parse(process.env.BENCH_PROXY_UPSTREAMS) as string[]);
