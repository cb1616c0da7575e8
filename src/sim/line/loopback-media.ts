// LINE's app fetches images only over https, and the fake refuses http media to keep bots honest. The local
// playground is the one exception: the bot serves its images over plain http on this machine, and the
// playground page (not LINE) shows them. The allowance is for one loopback origin only.
import type { Problems } from './errors.ts';
import { HTTPS_REQUIRED } from './validate-urls.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origin of a loopback URL; throws for anything else, so the allowance cannot reach a real host. */
export function loopbackOrigin(url: string): string {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new Error(`httpMediaOrigin must be a loopback address (localhost, 127.0.0.1 or [::1]), got ${parsed.hostname}`);
  }
  return parsed.origin;
}

/** Problems without the "must be https" ones whose URL is under the allowed loopback origin. */
export function allowLoopbackMedia(problems: Problems, body: unknown, origin: string | undefined): Problems {
  if (origin === undefined) return problems;
  return problems.filter((problem) => {
    if (problem.message !== HTTPS_REQUIRED) return true;
    const url = valueAtPath(body, problem.property);
    return !(typeof url === 'string' && url.startsWith(`${origin}/`));
  });
}

/** Reads `messages[0].contents.hero.url` out of a JSON body. */
function valueAtPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
