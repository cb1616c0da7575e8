import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** The WAL is copied back into the database once it holds this much. */
const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
const CHECK_EVERY_MS = 1000;

// Runs in its own thread with its own connection: a PASSIVE checkpoint copies what it can
// without blocking readers or the writer, and its fsync waits on this thread, not on the
// one answering webhooks.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: 5000 });
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    parentPort.postMessage('done');
  }
  if (message === 'close') { db.close(); process.exit(0); }
});
`;

/**
 * Checkpoints a SQLite file's write-ahead log away from the event loop. SQLite's automatic
 * checkpoint runs inside whichever commit crosses the threshold, and there it held the
 * webhook's thread for hundreds of milliseconds (a copy and an fsync) under a burst of
 * deliveries. The connection turns it off (wal_autocheckpoint = 0) and this does it instead:
 * a thread started the first time the WAL outgrows the threshold.
 */
export class SqliteCheckpointer {
  readonly #timer: NodeJS.Timeout;
  #thread: Worker | undefined;
  #busy = false;

  constructor(
    private readonly path: string,
    private readonly sqliteModule: string,
  ) {
    this.#timer = setInterval(() => this.checkIfLarge(), CHECK_EVERY_MS);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#thread?.postMessage('close');
    this.#thread = undefined;
  }

  private checkIfLarge(): void {
    if (this.#busy || walBytes(this.path) < CHECKPOINT_WAL_BYTES) return;
    this.#busy = true;
    const thread = (this.#thread ??= this.startThread());
    thread.once('message', () => {
      this.#busy = false;
    });
    thread.postMessage('checkpoint');
  }

  private startThread(): Worker {
    const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { path: this.path, module: this.sqliteModule } });
    thread.unref();
    thread.on('error', () => {
      this.#thread = undefined;
      this.#busy = false;
    });
    return thread;
  }
}

function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
