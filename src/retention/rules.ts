import type { RetentionRule } from './rule.ts';
import { captchaAnswersClear } from './rules/captcha-answers.ts';
import { diagnosticsDelete } from './rules/diagnostics-files.ts';
import { credentialFormsDelete, fullListsDelete, imagesDelete } from './rules/expired-links.ts';
import { heldRepliesDelete } from './rules/held-replies.ts';
import { inboxDelete, inboxReduce } from './rules/inbox.ts';
import { jobsDelete, jobsReduce } from './rules/jobs.ts';
import { outboxDelete, outboxReduce } from './rules/outbox.ts';
import { platformSessionsDelete } from './rules/platform-sessions.ts';
import { pushLogDelete, pushLogReduce } from './rules/push-log.ts';
import { unfollowedOwnersErase } from './rules/unfollowed-owners.ts';

/** Rules on the database, in the order the sweep runs them (one process at a time). */
export const DATABASE_RULES: readonly RetentionRule[] = [
  unfollowedOwnersErase,
  inboxDelete,
  inboxReduce,
  outboxDelete,
  outboxReduce,
  captchaAnswersClear,
  imagesDelete,
  credentialFormsDelete,
  fullListsDelete,
  heldRepliesDelete,
  platformSessionsDelete,
  jobsDelete,
  jobsReduce,
  pushLogDelete,
  pushLogReduce,
];

/** Rules on this host's files: every worker process runs them for its own DATA_DIR. */
export const FILE_RULES: readonly RetentionRule[] = [diagnosticsDelete];
