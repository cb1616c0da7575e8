import { loadConfig, RETENTION_SETTINGS, type Config, type RetentionConfig } from '../config.ts';

/** Everything the retention sweep is told: the RETENTION_* settings and the grace after an unfollow. */
export interface RetentionSettings extends RetentionConfig {
  /** How long after an owner unfollows (or blocks) the bot their data is erased (RETENTION_AFTER_UNFOLLOW). */
  readonly afterUnfollowMs: number;
}

/** The settings of a Config (the environment, each setting its default when unset). */
export function retentionSettingsOf(config: Config): RetentionSettings {
  return { ...config.retention, afterUnfollowMs: config.retentionAfterUnfollowMs };
}

/** The documented defaults (a configuration with nothing set), for a runtime not given settings. */
export function defaultRetentionSettings(): RetentionSettings {
  return retentionSettingsOf(loadConfig({}));
}

/** The settings as the operator writes them (env name → value), for the data report. */
export function describeSettings(settings: RetentionSettings): [name: string, value: string][] {
  const own = (Object.keys(RETENTION_SETTINGS) as (keyof RetentionConfig)[]).map((key): [string, string] => [RETENTION_SETTINGS[key][0], duration(settings[key])]);
  return [...own, ['RETENTION_AFTER_UNFOLLOW', duration(settings.afterUnfollowMs)]];
}

/** A duration in the largest unit that divides it: 30d, 1h, 90m, 45s, 500ms. */
export function duration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
