// npm run portal-sim: the simulator on 127.0.0.1:$PORT (4100 by default) for clicking through by hand.
// Flags and environment are read in cli-config.ts. The accounts it prints are fake fixture values;
// printing them is the point.
import { CliConfigError, USAGE, readCliConfig } from './cli-config.ts';
import type { CliConfig } from './cli-config.ts';
import type { FixtureAccount } from './fixture.ts';
import { createPortalSimulator } from './index.ts';

function describeAccount(a: FixtureAccount): string {
  const branches = a.branches.length > 0 ? `  分支機構 ${a.branches.join(', ')}` : '';
  return `  ${a.name}  統一編號 ${a.ubn}  帳號 ${a.account.padEnd(8)}  密碼 ${a.password}${branches}`;
}

function describeSpa(config: CliConfig): string[] {
  if (config.layout !== 'spa') return [];
  const { labels = 'standard', businessChoice = 'links', loadingMs, botCheck = false } = config.spa;
  const loading = loadingMs === undefined ? 'default' : `${loadingMs.min}-${loadingMs.max} ms`;
  return [`spa: labels ${labels}, business choice ${businessChoice}, loading ${loading}, bot check ${botCheck ? 'on' : 'off'}`];
}

async function main(): Promise<void> {
  const config = readCliConfig(process.argv.slice(2), process.env);
  if (config === null) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = createPortalSimulator({ layout: config.layout, rowVisibleDelayMs: config.rowVisibleDelayMs, ...config.spa });
  const running = await simulator.listen(config.port);
  const lines = [
    `財政部電子發票整合服務平台 simulator (${config.layout} layout) at ${running.url}/`,
    ...describeSpa(config),
    `rows become visible in 查詢 after ${config.rowVisibleDelayMs} ms; inspection JSON under ${running.url}/__sim/`,
    'fixture accounts:',
    ...simulator.state.fixture.accounts.map(describeAccount),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A configuration problem is the user's to fix, so only the message; anything else with its stack.
  const text = error instanceof CliConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
});
