// The daytime push that invites the owner to see the platform's result (「查看結果」), and the one
// warning a day before the deadline. Each is sent only while the period still waits for proof.
import type { Transaction } from 'kysely';
import { MENU_CHOICES, textMessage, withChoices, type Choice } from '../../conversation/messages.ts';
import type { Database } from '../../db/schema.ts';
import { formatDeadlineLabel, formatOwnerLabel } from '../../invoice/period.ts';
import { enqueueMessages } from '../../line/outbox.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/connect.ts';
import { proofCopy } from '../copy/proof.ts';
import { PROMPT_JOB_KIND, readPromptPayload } from '../proof-prompts.ts';
import type { JobHandler } from '../worker.ts';
import { ownerFollows } from './owner-guard.ts';
import { periodChoice } from './result-messages.ts';
import { loadStorePeriod, type StorePeriodTarget } from './store-period.ts';

export interface PromptDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
}

/** A prompt or warning for a period that is confirmed, changed or gone by then is not sent. */
function stillWaitsForProof(target: StorePeriodTarget | null): target is StorePeriodTarget {
  return target !== null && target.storePeriod.state === 'submitted';
}

export function promptHandler(deps: PromptDeps, kind: 'prompt' | 'warning'): JobHandler {
  return {
    async run() {
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      if (outcome.kind !== 'done') return;
      const payload = readPromptPayload(job.payload);
      const target = payload ? await loadStorePeriod(trx, payload) : null;
      if (!stillWaitsForProof(target)) {
        deps.log.info({ jobId: job.id, kind: job.kind }, 'proof prompt not sent: the period no longer waits for proof');
        return;
      }
      if (!(await ownerFollows(trx, target.store.owner_line_user_id))) {
        deps.log.info({ jobId: job.id, kind: job.kind }, 'proof prompt not sent: the owner unfollowed the bot');
        return;
      }
      await (kind === 'prompt' ? sendPrompt(trx, target, job.id, deps.clock.now()) : sendWarning(trx, target, job.id, deps.clock.now()));
    },
  };
}

function proofChoice(target: StorePeriodTarget): Choice {
  return periodChoice(target, { label: proofCopy.checkButton, action: 'proof' });
}

async function sendPrompt(trx: Transaction<Database>, target: StorePeriodTarget, jobId: string, now: Date): Promise<void> {
  const text = proofCopy.prompt(target.store.display_name, formatOwnerLabel(target.period));
  const messages = withChoices([textMessage(text)], [proofChoice(target), ...MENU_CHOICES.slice(1, 2)]);
  // Not urgent: it waits for daytime and counts against the push budget.
  await enqueueMessages(trx, { lineUserId: target.store.owner_line_user_id, messages, purpose: `${PROMPT_JOB_KIND}:${jobId}`, urgent: false }, now);
}

async function sendWarning(trx: Transaction<Database>, target: StorePeriodTarget, jobId: string, now: Date): Promise<void> {
  const text = proofCopy.warning(target.store.display_name, formatOwnerLabel(target.period), formatDeadlineLabel(target.period));
  const retry = periodChoice(target, { label: proofCopy.retryButton, action: 'retry' });
  const messages = withChoices([textMessage(text)], [proofChoice(target), retry, ...MENU_CHOICES.slice(1, 2)]);
  await enqueueMessages(trx, { lineUserId: target.store.owner_line_user_id, messages, purpose: `deadline-warning:${jobId}`, urgent: true }, now);
}
