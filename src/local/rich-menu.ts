// Placeholder until src/rich-menu lands.
import type { Logger } from '../log.ts';
export async function installLocalRichMenu(_options: { apiBaseUrl: string; channelAccessToken: string; chromiumPath: string | undefined; dataDir: string; log: Logger }): Promise<void> {}
