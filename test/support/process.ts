import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Absolute, so a child started in another folder still finds the TypeScript loader. */
const TSX_LOADER = import.meta.resolve('tsx');

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  /** Resolves with the first JSON log line whose msg matches, or rejects on exit/timeout. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry point of the project the way `npm start` does (node + tsx). */
export function startScript(
  script: string,
  options: { cwd: string; env: Record<string, string>; args?: readonly string[] },
): StartedProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, `${PROJECT_ROOT}/${script}`, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const findLog = (msg: string | RegExp) =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => (typeof msg === 'string' ? entry.msg === msg : msg.test(String(entry.msg))));

  return {
    child,
    output: () => output,
    exited,
    waitForLog: (msg, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const entry = findLog(msg);
          if (entry) done(() => resolve(entry));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${String(msg)}:\n${output}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        void exited.then((code) => done(() => reject(new Error(`exited with ${code} before ${String(msg)}:\n${output}`))));
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port free on 127.0.0.1 right now, for a child process to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
