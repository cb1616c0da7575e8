import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as the code sees it. Times are ISO-8601 UTC strings (they sort
 * as text on SQLite and PostgreSQL alike); booleans are 0/1 integers.
 */

export type PeriodState = 'pending' | 'queued' | 'submitted' | 'confirmed' | 'nothing_to_report';

/** Why a period needs the owner: every failure leaves one, so reminders keep coming with the fix. */
export type AttentionReason =
  | 'captcha-timeout'
  | 'captcha-cancelled'
  | 'bad-credentials'
  | 'account-locked'
  | 'no-credentials'
  | 'refused'
  | 'gave-up'
  | 'not-listed';
/**
 * Where a range stands on the platform. 'queued' waits to be added; 'saved', 'already_listed' and
 * 'listed' are on the platform (listed = seen in 查詢); 'refused' was not accepted. A correction
 * marks rows the owner no longer wants 'remove_queued'; once deleted (or long gone) they are 'removed'.
 */
export type RangeOutcome = 'queued' | 'saved' | 'already_listed' | 'refused' | 'listed' | 'remove_queued' | 'removed';
export type InboxStatus = 'pending' | 'done' | 'skipped' | 'failed';
export type JobState = 'pending' | 'running' | 'done' | 'dead' | 'cancelled';

export interface OwnersTable {
  line_user_id: string;
  display_name: string | null;
  /** 1 while the owner has the bot as a friend; 0 after unfollow/block. */
  following: number;
  /** When the owner last unfollowed (blocked); null while they follow. Their data goes RETENTION_AFTER_UNFOLLOW later. */
  unfollowed_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}

export interface StoresTable {
  id: string;
  owner_line_user_id: string;
  /** 統一編號 of the head office (HeadBan). */
  ubn: string;
  /** 分支機構統一編號 (BranchBan); equals ubn for a store without branches. */
  branch_ubn: string;
  /** '07' 一般稅額計算 or '08' 特種稅額計算. */
  invoice_type: string;
  display_name: string;
  /** Vault envelope of the platform login (統一編號, 帳號, 密碼), bound to the store id. */
  sealed_credentials: string | null;
  credentials_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StorePeriodsTable {
  id: string;
  store_id: string;
  /** MIG YearMonth of the period, e.g. '11510' for 115/09~115/10. */
  period_key: string;
  state: PeriodState;
  queued_at: string | null;
  submitted_at: string | null;
  confirmed_at: string | null;
  /** Set while the period needs the owner (see AttentionReason); cleared when it moves on. */
  attention_reason: AttentionReason | null;
  attention_detail: string | null;
  /** The submission job between reading the ranges and the platform's answer to 存檔. */
  saving_job_id: string | null;
  /** The owner's list that arrived while a job was saving: applied as a correction afterwards. */
  pending_edit_json: string | null;
  created_at: string;
  updated_at: string;
}

/** One row per exact range of a store's period: a wrong range and its replacement may share a start. */
export interface PeriodRangesTable {
  id: string;
  store_period_id: string;
  track: string;
  start_no: number;
  end_no: number;
  outcome: RangeOutcome;
  /** The platform's own words when it refused the range. */
  outcome_message: string | null;
  /**
   * When our job saved it (存檔), until 查詢 lists it; null once listed, or when it was found listed.
   * 查詢 shows a saved range only about VERIFY_DELAY later, so until then it cannot be deleted.
   */
  saved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationsTable {
  line_user_id: string;
  /** Version of the state's shape; a state of another version is dropped, not misread. */
  version: number;
  state_json: string;
  /** Changes with every step; buttons carry it so a tap on an old card is recognised. */
  nonce: string;
  updated_at: string;
  expires_at: string;
}

export interface WebhookInboxTable {
  webhook_event_id: string;
  line_user_id: string | null;
  event_type: string;
  /** The event's own timestamp (ms) and its place in the delivery, for per-user ordering. */
  event_timestamp: number;
  batch_index: number;
  payload_json: string;
  status: InboxStatus;
  attempts: number;
  last_error: string | null;
  received_at: string;
  processed_at: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** Unique per piece of work (e.g. `submit:<storePeriodId>:<n>`), so it cannot be queued twice. */
  key: string;
  payload_json: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface PushLogTable {
  id: string;
  line_user_id: string;
  /** Calendar month the push counts against, 'YYYY-MM' (Asia/Taipei). */
  month: string;
  retry_key: string;
  purpose: string;
  urgent: number;
  /** Messages as LINE bills them: one push request to one owner is one message, whatever its bubbles. */
  message_count: number;
  /** Message objects (bubbles, 1–5) the push carried; not what LINE bills. Defaults to 1. */
  bubble_count: Generated<number>;
  sent_at: string;
}

export interface OutboxTable {
  id: string;
  line_user_id: string;
  reply_token: string | null;
  reply_token_expires_at: string | null;
  messages_json: string;
  /** Sent as X-Line-Retry-Key: a retried push is never shown twice. */
  retry_key: string;
  purpose: string;
  urgent: number;
  /**
   * pending: waiting to go (next_attempt_at: backoff, or a non-urgent push held for quiet hours);
   * sending: handed to LINE (committed before the call) and its outcome not known yet;
   * sent: LINE accepted it (delivered_by says how); assumed_sent: a reply whose outcome was lost
   * and whose token LINE then refused, so it most likely showed; failed, skipped: given up.
   */
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** While sending: how ('reply' or 'push') and since when. */
  sending_via: 'reply' | 'push' | null;
  sending_since: string | null;
  delivered_by: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'assumed_sent' | 'failed' | 'skipped';

export interface CredentialFormsTable {
  /** SHA-256 of the link's token; the token itself is only in the link. */
  token_hash: string;
  store_id: string;
  line_user_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ImagesTable {
  /** SHA-256 of the URL's token. */
  token_hash: string;
  line_user_id: string;
  purpose: string;
  content_type: string;
  data_base64: string;
  expires_at: string;
  created_at: string;
}

/** Content too long for the chat (a card's full list of ranges, a long reply), shown on a web page. */
export interface FullListsTable {
  /** SHA-256 of the URL's token; the token itself is only in the link sent to the owner. */
  token_hash: string;
  line_user_id: string;
  title: string;
  /** JSON array of the lines shown, in order. */
  lines_json: string;
  expires_at: string;
  created_at: string;
}

/**
 * A captcha request's life: 'queued' waits its turn (the owner is shown one image at a time),
 * 'waiting' is shown and waits for the owner's digits, 'refreshing' waits for the new image the
 * owner asked for (still the owner's turn); then 'answered', 'cancelled' (the owner's 取消) or
 * 'expired' (no answer in time, or the job stopped waiting).
 */
export type CaptchaStatus = 'queued' | 'waiting' | 'refreshing' | 'answered' | 'cancelled' | 'expired';

export interface CaptchaRequestsTable {
  id: string;
  line_user_id: string;
  job_id: string;
  attempt: number;
  status: CaptchaStatus;
  answer: string | null;
  /** The store and period the job works on, as the owner knows them (「小林咖啡」, 115年9-10月). */
  store_name: Generated<string>;
  period_label: Generated<string>;
  /** Its place in the owner's line: 1, 2, 3… in the order the jobs asked. */
  place: Generated<number>;
  /** When the job asked. */
  queued_at: string;
  /** When the image was shown to the owner (again after a refresh); null while queued. */
  asked_at: string | null;
  /** The end of the owner's 10 minutes, counted from asked_at; null while queued. */
  expires_at: string | null;
  answered_at: string | null;
}

export interface HeldRepliesTable {
  /** The owner's reply token, kept for an answer that takes a few seconds. */
  reply_token: string;
  line_user_id: string;
  /** What it is held for: `period:<storePeriodId>` or `job:<jobId>`. */
  purpose: string;
  /** Messages that go first when the answer uses the token (e.g. 「收到！」 before the captcha). */
  lead_json: string;
  /** What is replied when no answer comes in time: what happens next. */
  fallback_json: string;
  status: 'held' | 'used' | 'released';
  /** When the token must have been used (LINE's minute, with a margin). */
  expires_at: string;
  created_at: string;
}

export interface PlatformSessionsTable {
  store_id: string;
  /** Vault envelope of the platform's cookies after the store's last upload, bound to the store. */
  sealed_state: string;
  saved_at: string;
}

export interface Database {
  owners: OwnersTable;
  stores: StoresTable;
  store_periods: StorePeriodsTable;
  period_ranges: PeriodRangesTable;
  conversations: ConversationsTable;
  webhook_inbox: WebhookInboxTable;
  jobs: JobsTable;
  push_log: PushLogTable;
  outbox: OutboxTable;
  credential_forms: CredentialFormsTable;
  images: ImagesTable;
  captcha_requests: CaptchaRequestsTable;
  held_replies: HeldRepliesTable;
  platform_sessions: PlatformSessionsTable;
  full_lists: FullListsTable;
  lane_leases: LaneLeasesTable;
}

/** See migrations/20261201T1302_create_lane_leases.ts. */
export interface LaneLeasesTable {
  lane: string;
  holder: string;
  expires_at: string;
}

export type Owner = Selectable<OwnersTable>;
export type NewOwner = Insertable<OwnersTable>;
export type Store = Selectable<StoresTable>;
export type NewStore = Insertable<StoresTable>;
export type StoreUpdate = Updateable<StoresTable>;
export type StorePeriod = Selectable<StorePeriodsTable>;
export type NewStorePeriod = Insertable<StorePeriodsTable>;
export type PeriodRange = Selectable<PeriodRangesTable>;
export type NewPeriodRange = Insertable<PeriodRangesTable>;
export type Conversation = Selectable<ConversationsTable>;
export type InboxEvent = Selectable<WebhookInboxTable>;
export type NewInboxEvent = Insertable<WebhookInboxTable>;
export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type PushLogEntry = Selectable<PushLogTable>;
export type OutboxRow = Selectable<OutboxTable>;
