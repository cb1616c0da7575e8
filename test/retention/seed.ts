import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/connect.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The owner all kept data belongs to; GONE unfollowed long enough ago to be erased, LEFT not yet. */
export const HERE = 'U-here';
export const GONE = 'U-gone';
export const LEFT = 'U-left';

/**
 * Rows of every kind the sweep looks at, at ages on both sides of each default cutoff, counted
 * back from `now`; `dataDir` gets diagnostics files the same way. Ids say what should happen.
 * What the sweep at `now` (default settings) changes is EXPECTED_COUNTS.
 */
export async function seedEveryKind(db: Db, now: Date, dataDir: string): Promise<void> {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

  await db
    .insertInto('owners')
    .values([
      { line_user_id: HERE, display_name: 'Here', following: 1, created_at: ago(400 * DAY), updated_at: ago(DAY), unfollowed_at: null },
      { line_user_id: GONE, display_name: 'Gone', following: 0, created_at: ago(90 * DAY), updated_at: ago(31 * DAY), unfollowed_at: ago(31 * DAY) },
      { line_user_id: LEFT, display_name: 'Left', following: 0, created_at: ago(90 * DAY), updated_at: ago(5 * DAY), unfollowed_at: ago(5 * DAY) },
    ])
    .execute();
  const store = (id: string, owner: string, ubn: string) => ({
    id,
    owner_line_user_id: owner,
    ubn,
    branch_ubn: ubn,
    invoice_type: '07',
    display_name: `Store ${id}`,
    sealed_credentials: null,
    credentials_updated_at: null,
    created_at: ago(90 * DAY),
    updated_at: ago(90 * DAY),
  });
  await db.insertInto('stores').values([store('store-a', HERE, '12345675'), store('store-b', HERE, '04595257'), store('store-gone', GONE, '12345675')]).execute();

  // webhook_inbox: reduce processed after a day, delete after 30 days, never touch pending.
  const event = (id: string, status: 'pending' | 'done' | 'failed', receivedAgo: number, processedAgo: number | null, reduced = false) => ({
    webhook_event_id: id,
    line_user_id: reduced ? null : HERE,
    event_type: 'message',
    event_timestamp: now.getTime() - receivedAgo,
    batch_index: 0,
    payload_json: reduced ? '{}' : JSON.stringify({ type: 'message', message: { text: 'my secret ranges' } }),
    status,
    attempts: status === 'pending' ? 0 : 1,
    last_error: status === 'failed' ? 'boom' : null,
    received_at: ago(receivedAgo),
    processed_at: processedAgo === null ? null : ago(processedAgo),
  });
  await db
    .insertInto('webhook_inbox')
    .values([
      event('ev-pending-old', 'pending', 40 * DAY, null),
      event('ev-done-fresh', 'done', 2 * HOUR, 2 * HOUR),
      event('ev-done-2d', 'done', 2 * DAY, 2 * DAY),
      event('ev-failed-3d', 'failed', 3 * DAY, 3 * DAY - HOUR),
      event('ev-done-31d', 'done', 31 * DAY, 31 * DAY),
      event('ev-reduced-3d', 'done', 3 * DAY, 3 * DAY, true),
    ])
    .execute();

  // outbox: drop bodies a day after delivery, delete after 30 days, never touch pending or sending.
  const message = (id: string, status: 'pending' | 'sending' | 'sent' | 'failed', createdAgo: number) => ({
    id,
    line_user_id: HERE,
    reply_token: 'reply-token-' + id,
    reply_token_expires_at: ago(createdAgo - MINUTE),
    messages_json: JSON.stringify([{ type: 'text', text: 'your ranges' }]),
    retry_key: `retry-${id}`,
    purpose: 'conversation',
    urgent: 1,
    status,
    attempts: 1,
    next_attempt_at: ago(createdAgo),
    sending_via: status === 'sending' ? ('push' as const) : null,
    sending_since: status === 'sending' ? ago(createdAgo) : null,
    delivered_by: status === 'sent' ? 'reply' : null,
    last_error: null,
    created_at: ago(createdAgo),
    sent_at: status === 'sent' || status === 'failed' ? ago(createdAgo) : null,
  });
  await db
    .insertInto('outbox')
    .values([
      message('out-pending-old', 'pending', 40 * DAY),
      message('out-sending-5d', 'sending', 5 * DAY),
      message('out-sent-fresh', 'sent', 2 * HOUR),
      message('out-sent-2d', 'sent', 2 * DAY),
      message('out-failed-3d', 'failed', 3 * DAY),
      message('out-sent-31d', 'sent', 31 * DAY),
    ])
    .execute();

  // jobs: payload and error dropped a week after finishing, rows deleted after 395 days.
  const job = (id: string, state: 'pending' | 'running' | 'done' | 'dead' | 'cancelled', finishedAgo: number | null) => ({
    id,
    kind: 'submit',
    key: `submit:${id}`,
    payload_json: JSON.stringify({ storePeriodId: `period-of-${id}` }),
    state,
    attempts: 1,
    max_attempts: 5,
    run_at: ago(finishedAgo ?? HOUR),
    locked_by: state === 'running' ? 'worker-1' : null,
    locked_until: state === 'running' ? later(HOUR) : null,
    last_error: state === 'dead' ? 'platform refused' : null,
    created_at: ago((finishedAgo ?? 0) + HOUR),
    updated_at: ago(finishedAgo ?? 0),
    finished_at: finishedAgo === null ? null : ago(finishedAgo),
  });
  await db
    .insertInto('jobs')
    .values([
      job('job-running', 'running', null),
      job('job-pending', 'pending', null),
      job('job-done-1h', 'done', HOUR),
      job('job-done-1d', 'done', DAY),
      job('job-done-8d', 'done', 8 * DAY),
      job('job-dead-10d', 'dead', 10 * DAY),
      job('job-cancelled-400d', 'cancelled', 400 * DAY),
    ])
    .execute();

  // captcha answers: cleared once the request is closed and its job no longer runs.
  const captcha = (id: string, jobId: string, status: 'waiting' | 'answered' | 'cancelled' | 'expired', answer: string | null) => ({
    id,
    line_user_id: HERE,
    job_id: jobId,
    attempt: 1,
    status,
    answer,
    queued_at: ago(2 * HOUR),
    asked_at: ago(2 * HOUR),
    expires_at: ago(2 * HOUR - 10 * MINUTE),
    answered_at: status === 'waiting' ? null : ago(2 * HOUR - MINUTE),
  });
  await db
    .insertInto('captcha_requests')
    .values([
      captcha('cap-answered-job-done', 'job-done-1h', 'answered', '1234'),
      captcha('cap-answered-job-running', 'job-running', 'answered', '5678'),
      captcha('cap-cancelled', 'job-done-1d', 'cancelled', '9012'),
      captcha('cap-expired-no-answer', 'job-done-1d', 'expired', null),
      captcha('cap-waiting', 'job-running', 'waiting', null),
    ])
    .execute();

  // Links that lapse: deleted once expired.
  await db
    .insertInto('images')
    .values([
      { token_hash: 'img-expired', line_user_id: HERE, purpose: 'captcha', content_type: 'image/png', data_base64: 'AAAA', expires_at: ago(MINUTE), created_at: ago(HOUR) },
      { token_hash: 'img-valid', line_user_id: HERE, purpose: 'captcha', content_type: 'image/png', data_base64: 'AAAA', expires_at: later(MINUTE), created_at: ago(HOUR) },
    ])
    .execute();
  await db
    .insertInto('credential_forms')
    .values([
      { token_hash: 'form-expired', store_id: 'store-a', line_user_id: HERE, expires_at: ago(MINUTE), used_at: null, created_at: ago(DAY) },
      { token_hash: 'form-valid', store_id: 'store-a', line_user_id: HERE, expires_at: later(HOUR), used_at: null, created_at: ago(MINUTE) },
    ])
    .execute();
  await db
    .insertInto('full_lists')
    .values([
      { token_hash: 'list-expired', line_user_id: HERE, title: 'Ranges', lines_json: '["AB-1"]', expires_at: ago(MINUTE), created_at: ago(8 * DAY) },
      { token_hash: 'list-valid', line_user_id: HERE, title: 'Ranges', lines_json: '["AB-1"]', expires_at: later(DAY), created_at: ago(DAY) },
    ])
    .execute();

  // Held reply tokens: deleted an hour after they lapsed.
  const held = (token: string, expiresAt: string, status: 'held' | 'used' | 'released') => ({
    reply_token: token,
    line_user_id: HERE,
    purpose: 'period:p',
    lead_json: '[]',
    fallback_json: '[]',
    status,
    expires_at: expiresAt,
    created_at: ago(3 * HOUR),
  });
  await db
    .insertInto('held_replies')
    .values([held('held-lapsed-2h', ago(2 * HOUR), 'released'), held('held-lapsed-30m', ago(30 * MINUTE), 'used'), held('held-live', later(MINUTE), 'held')])
    .execute();

  // Platform cookies: deleted a day after saving.
  await db
    .insertInto('platform_sessions')
    .values([
      { store_id: 'store-a', sealed_state: 'sealed', saved_at: ago(2 * DAY) },
      { store_id: 'store-b', sealed_state: 'sealed', saved_at: ago(HOUR) },
    ])
    .execute();

  // push_log: this month keeps everything; earlier months keep counts and the kind of purpose.
  const push = (id: string, month: string, sentAgo: number, user: string, purpose: string) => ({
    id,
    line_user_id: user,
    month,
    retry_key: `push-${id}`,
    purpose,
    urgent: 0,
    message_count: 1,
    bubble_count: 2,
    sent_at: ago(sentAgo),
  });
  await db
    .insertInto('push_log')
    .values([
      push('push-this-month', '2027-03', DAY, HERE, 'remind:store-a:11502:5'),
      push('push-last-month', '2027-02', 20 * DAY, HERE, 'remind:store-a:11502:1'),
      push('push-last-month-plain', '2027-02', 25 * DAY, HERE, 'conversation'),
      push('push-already-reduced', '2027-01', 60 * DAY, 'erased', 'captcha'),
      push('push-400d', '2026-02', 400 * DAY, HERE, 'remind:store-a:11412:1'),
    ])
    .execute();

  // Diagnostics files: deleted a week after they were written.
  const dir = join(dataDir, 'diagnostics');
  mkdirSync(dir, { recursive: true });
  const file = (name: string, writtenAgo: number) => {
    writeFileSync(join(dir, name), 'x');
    const at = new Date(now.getTime() - writtenAgo);
    utimesSync(join(dir, name), at, at);
  };
  file('old-step.png', 8 * DAY);
  file('old-step.html', 8 * DAY);
  file('new-step.png', DAY);
}

/** What one sweep at `now` changes in the seeded data, by rule. */
export const EXPECTED_COUNTS = {
  diagnosticsFilesDeleted: 2,
  unfollowedOwnersErased: 1,
  inboxDeleted: 1,
  inboxReduced: 2,
  outboxDeleted: 1,
  outboxReduced: 2,
  captchaAnswersCleared: 2,
  imagesDeleted: 1,
  formsDeleted: 1,
  fullListsDeleted: 1,
  heldRepliesDeleted: 1,
  platformSessionsDeleted: 1,
  jobsDeleted: 1,
  jobsReduced: 2,
  pushLogDeleted: 1,
  pushLogReduced: 2,
} as const;
