import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.ts';

/** Every log line written, kept so tests can check what was logged (and that no secret was). */
export function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('debug', sink), text: () => lines.join('') };
}
