import type { ExpressionBuilder } from 'kysely';
import type { CaptchaStatus, Database } from '../../db/schema.ts';
import type { SweepContext } from '../rule.ts';
import { reduceRows } from '../row-rules.ts';

// The digits an owner typed for a captcha are read once, by the job that asked (it polls the
// request while it runs: src/jobs/captcha-relay.ts). Once the request is closed and its job no
// longer runs, nothing reads them again.

type Eb = ExpressionBuilder<Database, 'captcha_requests'>;

const CLOSED: readonly CaptchaStatus[] = ['answered', 'cancelled', 'expired'];

function clearable(_ctx: SweepContext) {
  return (eb: Eb) =>
    eb.and([
      eb('answer', 'is not', null),
      eb('status', 'in', CLOSED),
      eb.not(eb.exists(eb.selectFrom('jobs').select('jobs.id').whereRef('jobs.id', '=', 'captcha_requests.job_id').where('jobs.state', '=', 'running'))),
    ]);
}

export const captchaAnswersClear = reduceRows({
  key: 'captchaAnswersCleared',
  table: 'captcha_requests',
  change: 'closed, job stopped: answer cleared',
  idColumn: 'id',
  rows: clearable,
  set: () => ({ answer: null }),
});
