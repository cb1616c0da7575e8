import { spawn, type ChildProcess } from 'node:child_process';

/** A virtual X display (Xvfb) for running Chromium headed on a server without a screen. */
export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ':99'. */
  readonly display: string;
  stop(): Promise<void>;
}

export class VirtualDisplayError extends Error {
  constructor(detail: string) {
    super(`PORTAL_HEADED=true needs a display: ${detail}. Install Xvfb (apt-get install -y xvfb) or set DISPLAY.`);
    this.name = 'VirtualDisplayError';
  }
}

const START_TIMEOUT_MS = 10_000;

/**
 * Starts Xvfb on a free display number (Xvfb picks it and writes it to fd 3), with a
 * desktop-sized screen, no TCP listener. The display lives until stop().
 */
export async function startVirtualDisplay(command = 'Xvfb'): Promise<VirtualDisplay> {
  const child = spawn(command, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let written = '';
    let errors = '';
    const timer = setTimeout(() => reject(new VirtualDisplayError('Xvfb did not start in time')), START_TIMEOUT_MS);
    child.stdio[2]?.on('data', (chunk: Buffer) => (errors = `${errors}${chunk.toString()}`.slice(-500)));
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      const number = /^(\d+)\n/.exec(written)?.[1];
      if (number === undefined) return;
      clearTimeout(timer);
      resolve(`:${number}`);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new VirtualDisplayError(error.code === 'ENOENT' ? `${command} is not installed` : error.message));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new VirtualDisplayError(`${command} exited with code ${code}: ${errors.trim().split('\n').at(-1) ?? ''}`));
    });
  });
  return { display, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
