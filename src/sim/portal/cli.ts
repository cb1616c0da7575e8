// npm run portal-sim: the simulator on 127.0.0.1:$PORT (4100 by default) for clicking through by hand.
// The accounts it prints are fake fixture values; printing them is the point.
import { isLayoutName } from './layout/index.ts';
import type { LayoutName } from './layout/types.ts';
import { createPortalSimulator, DEFAULT_ROW_VISIBLE_DELAY_MS } from './index.ts';
import type { FixtureAccount } from './fixture.ts';

const DEFAULT_PORT = 4100;

interface CliConfig {
  readonly port: number;
  readonly layout: LayoutName;
  readonly rowVisibleDelayMs: number;
}

function readConfig(env: NodeJS.ProcessEnv): CliConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const layout = env.SIM_LAYOUT ?? 'classic';
  if (!isLayoutName(layout)) problems.push(`SIM_LAYOUT must be classic or alternative, got "${layout}"`);
  const delay = Number(env.SIM_ROW_DELAY_MS ?? DEFAULT_ROW_VISIBLE_DELAY_MS);
  if (!Number.isFinite(delay) || delay < 0) problems.push(`SIM_ROW_DELAY_MS must be milliseconds ≥ 0, got "${env.SIM_ROW_DELAY_MS}"`);
  if (problems.length > 0 || !isLayoutName(layout)) {
    throw new Error(`portal simulator configuration:\n  ${problems.join('\n  ')}`);
  }
  return { port, layout, rowVisibleDelayMs: delay };
}

function describeAccount(a: FixtureAccount): string {
  const branches = a.branches.length > 0 ? `  分支機構 ${a.branches.join(', ')}` : '';
  return `  ${a.name}  統一編號 ${a.ubn}  帳號 ${a.account.padEnd(8)}  密碼 ${a.password}${branches}`;
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const simulator = createPortalSimulator({ layout: config.layout, rowVisibleDelayMs: config.rowVisibleDelayMs });
  const running = await simulator.listen(config.port);
  const lines = [
    `財政部電子發票整合服務平台 simulator (${config.layout} layout) at ${running.url}/`,
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
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
