// One Tesseract worker, started on first use and reused: starting one costs ~0.5 s and loads the
// language models, so a worker per photo would double the time and churn memory. Jobs run one at a time.
import { createWorker, OEM } from 'tesseract.js';
import type { Worker, WorkerParams } from 'tesseract.js';
import type { Logger } from '../log.ts';

export interface EngineOptions {
  readonly name: string;
  readonly languages: readonly string[];
  readonly langPath: () => string;
  readonly parameters: Partial<WorkerParams>;
  readonly log?: Logger;
  /** A job running longer is abandoned and its worker replaced (Tesseract on pure noise can take minutes). */
  readonly timeoutMs: number;
}

export class OcrTimeoutError extends Error {
  constructor(ms: number) {
    super(`OCR took longer than ${ms} ms`);
    this.name = 'OcrTimeoutError';
  }
}

export class OcrEngine {
  #worker: Promise<Worker> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #starts = 0;

  constructor(private readonly options: EngineOptions) {}

  /** How many workers this engine has started (the tests check it stays at one). */
  get workerStarts(): number {
    return this.#starts;
  }

  /** Runs `job` with the worker once every earlier job is done. */
  run<T>(job: (worker: Worker) => Promise<T>): Promise<T> {
    const result = this.#queue.then(async () => this.withTimeout(job(await this.worker())));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    const pending = this.#worker;
    this.#worker = undefined;
    await this.#queue;
    if (pending) await (await pending.catch(() => undefined))?.terminate();
  }

  // Tesseract cannot be interrupted inside a job: the worker is terminated and the next job starts a new one.
  private async withTimeout<T>(job: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(this.options.timeoutMs)), this.options.timeoutMs);
    });
    try {
      return await Promise.race([job, timeout]);
    } catch (error) {
      if (error instanceof OcrTimeoutError) await this.abandonWorker();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async abandonWorker(): Promise<void> {
    const stuck = this.#worker;
    this.#worker = undefined;
    this.options.log?.warn({ engine: this.options.name, ms: this.options.timeoutMs }, 'OCR job timed out; worker replaced');
    await (await stuck?.catch(() => undefined))?.terminate().catch(() => undefined);
  }

  private worker(): Promise<Worker> {
    this.#worker ??= this.start().catch((error: unknown) => {
      this.#worker = undefined; // the next read tries again
      throw error;
    });
    return this.#worker;
  }

  private async start(): Promise<Worker> {
    const started = Date.now();
    this.#starts += 1;
    // Local language data only (langPath is a directory here, gzip off, no cache written next to the process);
    // the core wasm comes from node_modules/tesseract.js-core, as always in Node.
    const worker = await createWorker([...this.options.languages], OEM.LSTM_ONLY, {
      langPath: this.options.langPath(),
      gzip: false,
      cacheMethod: 'none',
      errorHandler: (error: unknown) => this.options.log?.warn({ err: error, engine: this.options.name }, 'OCR worker error'),
    });
    await worker.setParameters(this.options.parameters);
    this.options.log?.info({ engine: this.options.name, ms: Date.now() - started }, 'OCR worker started');
    return worker;
  }
}
