// A process whose shutdown never finishes, for shutdown.test.ts: onShutdown's deadline must end it.
import { createLogger } from '../../src/log.ts';
import { onShutdown } from '../../src/startup.ts';

const log = createLogger('info');
onShutdown(log, () => new Promise<void>(() => undefined), { deadlineMs: 300 });
setInterval(() => undefined, 60_000);
log.info('ready');
