// The simulator CLI's configuration: flags first, then the environment (PORT, SIM_LAYOUT,
// SIM_ROW_DELAY_MS), then defaults. Every problem is reported at once, with what is allowed.
import { parseArgs } from 'node:util';
import { DEFAULT_ROW_VISIBLE_DELAY_MS } from './index.ts';
import type { PortalSimulatorOptions } from './index.ts';
import { LAYOUT_NAMES, isLayoutName } from './layout/index.ts';
import type { LayoutName } from './layout/types.ts';
import type { BusinessChoice, LoadingRange } from './spa/settings.ts';
import type { LabelSet } from './texts.ts';

export const DEFAULT_PORT = 4100;

export interface CliConfig {
  readonly port: number;
  readonly layout: LayoutName;
  readonly rowVisibleDelayMs: number;
  /** spa-only options, empty for the other layouts. */
  readonly spa: Pick<PortalSimulatorOptions, 'labels' | 'businessChoice' | 'loadingMs' | 'botCheck'>;
}

const FLAGS = {
  layout: { type: 'string' },
  port: { type: 'string' },
  'row-delay-ms': { type: 'string' },
  labels: { type: 'string' },
  'business-choice': { type: 'string' },
  'loading-ms': { type: 'string' },
  'bot-check': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const SPA_ONLY_FLAGS = ['labels', 'business-choice', 'loading-ms', 'bot-check'] as const;

export const USAGE = `usage: npm run portal-sim -- [flags]
  --layout classic|alternative|spa   (or SIM_LAYOUT; classic by default)
  --port N                           (or PORT; ${DEFAULT_PORT} by default, 0 for any free port)
  --row-delay-ms MS                  (or SIM_ROW_DELAY_MS; rows show in 查詢 after this long)
  spa layout only:
  --labels standard|drift            drifted labels (texts.ts driftedSpaLabels)
  --business-choice links|dropdown   how the login route offers 營業人/扣繳單位
  --loading-ms MIN-MAX               how long 載入中… shows (150-450 by default)
  --bot-check                        「正在執行安全驗證」 before a visitor's first page`;

export class CliConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`portal simulator configuration:\n  ${problems.join('\n  ')}\n${USAGE}`);
    this.name = 'CliConfigError';
  }
}

/** The configuration, or null when --help was asked for. */
export function readCliConfig(argv: readonly string[], env: NodeJS.ProcessEnv): CliConfig | null {
  const flags = parseFlags(argv);
  if (flags.help === true) return null;
  const problems: string[] = [];
  const port = Number(flags.port ?? env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`the port must be a port number, got "${flags.port ?? env.PORT}"`);
  const layout = flags.layout ?? env.SIM_LAYOUT ?? 'classic';
  if (!isLayoutName(layout)) problems.push(`${flags.layout === undefined ? 'SIM_LAYOUT' : '--layout'} must be ${LAYOUT_NAMES.join(', ')}, got "${layout}"`);
  const delay = Number(flags['row-delay-ms'] ?? env.SIM_ROW_DELAY_MS ?? DEFAULT_ROW_VISIBLE_DELAY_MS);
  if (!Number.isFinite(delay) || delay < 0) problems.push(`the row delay must be milliseconds ≥ 0, got "${flags['row-delay-ms'] ?? env.SIM_ROW_DELAY_MS}"`);
  const spa = spaOptions(flags, problems);
  if (layout !== 'spa') {
    for (const name of SPA_ONLY_FLAGS) if (flags[name] !== undefined) problems.push(`--${name} only applies to --layout spa`);
  }
  if (problems.length > 0 || !isLayoutName(layout)) throw new CliConfigError(problems);
  return { port, layout, rowVisibleDelayMs: delay, spa: layout === 'spa' ? spa : {} };
}

type Flags = ReturnType<typeof parseFlags>;

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument…": say it plainly instead.
    const unknown = /option '([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
    const problem = unknown === undefined ? (error instanceof Error ? error.message : String(error)) : `unknown flag ${unknown}`;
    throw new CliConfigError([problem]);
  }
}

function spaOptions(flags: Flags, problems: string[]): CliConfig['spa'] {
  const labels = oneOf<LabelSet>(flags.labels, ['standard', 'drift'], '--labels', problems);
  const businessChoice = oneOf<BusinessChoice>(flags['business-choice'], ['links', 'dropdown'], '--business-choice', problems);
  const loadingMs = flags['loading-ms'] === undefined ? undefined : loadingRange(flags['loading-ms'], problems);
  return {
    ...(labels === undefined ? {} : { labels }),
    ...(businessChoice === undefined ? {} : { businessChoice }),
    ...(loadingMs === undefined ? {} : { loadingMs }),
    ...(flags['bot-check'] === true ? { botCheck: true } : {}),
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, problems: string[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${flag} must be ${allowed.join(' or ')}, got "${value}"`);
  return undefined;
}

function loadingRange(text: string, problems: string[]): LoadingRange | undefined {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const [min, max] = [Number(match?.[1]), Number(match?.[2])];
  if (match !== null && min <= max) return { min, max };
  problems.push(`--loading-ms must be MIN-MAX milliseconds with MIN ≤ MAX, got "${text}"`);
  return undefined;
}
