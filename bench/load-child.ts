// A load generator runs in a process of its own, so its CPU does not count against the bot's event loop.
// The parent sends one request and waits for one report; the child answers it and exits.
import { fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Runs the module at `moduleUrl` in a fresh Node process, sends it `request` and resolves with its report. */
export function askChild<Request, Report>(moduleUrl: string, request: Request, name: string): Promise<Report> {
  const child = fork(new URL(moduleUrl), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (report) => resolve(report as Report));
    child.once('exit', (code) => reject(new Error(`the ${name} exited with ${code} before reporting`)));
    child.send(request as object);
  });
}

/** In the child: when the module at `moduleUrl` is the process's entry, answers the one request with `work`. */
export function answerParent<Request, Report>(moduleUrl: string, name: string, work: (request: Request) => Promise<Report>): void {
  if (!process.send || process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  // The bench that started it is gone: no one is left to report to.
  process.once('disconnect', () => process.exit(1));
  process.once('message', (request) => {
    void work(request as Request).then(
      (report) => process.send?.(report as object, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`${name} failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
