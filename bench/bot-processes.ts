// The bot as it is deployed, for the scale bench: `npm start` (src/main.ts) and `npm run worker`
// (src/worker-main.ts) as real child processes, configured only through their environment, with a LINE
// channel whose API is the fake LINE platform (LINE_API_BASE_URL).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScript, type StartedProcess } from '../test/support/process.ts';

export interface BotDeployment {
  /** DATABASE_URL every process of the deployment shares. */
  readonly databaseUrl: string;
  /** The (fake) LINE platform's API base URL. */
  readonly lineUrl: string;
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  /** One CREDENTIALS_KEY for every process (base64 of 32 bytes). */
  readonly credentialsKey: string;
  /** Extra environment for every process (e.g. LOG_LEVEL). */
  readonly env?: Readonly<Record<string, string>>;
}

export function newCredentialsKey(): string {
  return randomBytes(32).toString('base64');
}

export interface WebProcessOptions {
  /** PROCESS_EVENTS: false for a web process that only verifies, stores and acknowledges. */
  readonly processEvents: boolean;
  /** RUN_WORKER: whether the job worker runs inside the web process too. */
  readonly runWorker: boolean;
}

export interface BotChild {
  readonly process: StartedProcess;
  stop(): Promise<void>;
}

export interface WebChild extends BotChild {
  /** Its base URL; LINE posts to `${url}/webhook`. */
  readonly url: string;
}

const START_TIMEOUT_MS = 30_000;

/** Children still running: killed if this process exits without stopping them (a bench that threw), so none is left behind. */
const running = new Set<StartedProcess>();
let killOnExit = false;

function track(started: StartedProcess): void {
  running.add(started);
  void started.exited.then(() => running.delete(started));
  if (killOnExit) return;
  killOnExit = true;
  process.once('exit', () => {
    for (const child of running) child.child.kill('SIGKILL');
  });
}

function environment(deployment: BotDeployment): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    DATABASE_URL: deployment.databaseUrl,
    LINE_CHANNEL_SECRET: deployment.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: deployment.channelAccessToken,
    LINE_API_BASE_URL: deployment.lineUrl,
    CREDENTIALS_KEY: deployment.credentialsKey,
    // Load, not the monthly cap, is under study.
    PUSH_BUDGET: '10000000',
    LOG_LEVEL: 'info',
    ...deployment.env,
  };
}

/** Each child in a folder of its own (DATA_DIR is ./data), removed when it stops. */
function childFolder(): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** `npm start` on a free port; resolves once it listens. */
export async function startWebProcess(deployment: BotDeployment, options: WebProcessOptions): Promise<WebChild> {
  const { folder, remove } = childFolder();
  const started = startScript('src/main.ts', {
    cwd: folder,
    env: { ...environment(deployment), PORT: '0', PROCESS_EVENTS: String(options.processEvents), RUN_WORKER: String(options.runWorker) },
  });
  track(started);
  try {
    const listening = await started.waitForLog(/^listening\b/, START_TIMEOUT_MS);
    return { process: started, url: String(listening.url), stop: () => stopChild(started, remove) };
  } catch (error) {
    await stopChild(started, remove);
    throw error;
  }
}

/** `npm run worker`; resolves once it has started. */
export async function startWorkerProcess(deployment: BotDeployment): Promise<BotChild> {
  const { folder, remove } = childFolder();
  const started = startScript('src/worker-main.ts', { cwd: folder, env: environment(deployment) });
  track(started);
  try {
    await started.waitForLog('worker started', START_TIMEOUT_MS);
    return { process: started, stop: () => stopChild(started, remove) };
  } catch (error) {
    await stopChild(started, remove);
    throw error;
  }
}

async function stopChild(started: StartedProcess, remove: () => void): Promise<void> {
  const killer = setTimeout(() => started.child.kill('SIGKILL'), 10_000);
  try {
    await started.stop();
  } finally {
    clearTimeout(killer);
    remove();
  }
}

/** The messages of log lines at warn or above that a child wrote (pino levels: 40 warn, 50 error, 60 fatal), and any line that is not JSON. */
export function complaints(started: StartedProcess): string[] {
  return started
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        return Number(entry.level ?? 0) >= 40 ? [String(entry.msg ?? line)] : [];
      } catch {
        return [line];
      }
    });
}
