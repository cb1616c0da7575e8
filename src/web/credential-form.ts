// The one-time page where a shop owner types the platform 統一編號, 帳號 and 密碼, so the password never
// passes through the LINE chat. The link's token is the only key to the form: only its SHA-256 is stored,
// it works once, and it expires. A cookie/field pair plus an Origin check keep other sites from submitting it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database, Store } from '../db/schema.ts';
import { normalizeUbn, ubnProblem } from '../invoice/ubn.ts';
import { formatTaipei } from '../invoice/taipei-time.ts';
import type { Logger } from '../log.ts';
import { saveSealedCredentials, storeById } from '../stores/repository.ts';
import { PortalCredentials, sealCredentials } from '../vault/credentials.ts';
import type { Vault } from '../vault/vault.ts';
import { fieldProblemText, MAX_ACCOUNT_LENGTH, MAX_PASSWORD_LENGTH, resultCopy } from './credential-form-copy.ts';
import { CSRF_FIELD, renderFormPage, renderMessagePage } from './credential-form-page.ts';
import type { FieldProblems } from './credential-form-page.ts';

export interface CredentialFormOptions {
  readonly db: Db;
  readonly vault: Vault;
  readonly clock: Clock;
  readonly log: Logger;
  /** e.g. https://bot.example.com (no trailing slash) */
  readonly publicBaseUrl: string;
  /** Default 15 minutes. */
  readonly ttlMs?: number;
  /** Called after the credentials are sealed and stored (the bot then tells the owner in LINE). */
  readonly onSaved: (saved: { storeId: string; lineUserId: string }) => Promise<void> | void;
  /**
   * 'deny' (the default) everywhere real owners are: LINE opens the form as a page of its own. The local
   * playground shows it in a frame beside the chat, on the same origin, and asks for 'same-origin'.
   */
  readonly framing?: FormFraming;
}

export type FormFraming = 'deny' | 'same-origin';

export interface CredentialForms {
  /** Mounted at the app root. */
  readonly router: Router;
  /**
   * Issues a single-use link valid for ttlMs and closes the owner's earlier unused links for that store;
   * only the SHA-256 of the token is stored. Works inside a transaction.
   */
  issueLink(db: Kysely<Database> | Transaction<Database>, target: { storeId: string; lineUserId: string }): Promise<string>;
}

export const DEFAULT_TTL_MS = 15 * 60 * 1000;
const FORMS_PATH = '/forms/credentials';
const FORM_ROUTE = `${FORMS_PATH}/:token`;
const TOKEN_BYTES = 32;
// 32 bytes in base64url: anything else cannot be one of our tokens, so it is not even looked up.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const CSRF_COOKIE = 'credential_form_csrf';

// default-src 'none' also rules out scripts, images and fonts; base-uri keeps an injected <base> from
// redirecting the form, which would otherwise be the one way around form-action.
const contentSecurityPolicy = (frameAncestors: string) =>
  `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors ${frameAncestors}; base-uri 'none'`;

interface Site {
  readonly origin: string;
  /** Path prefix of publicBaseUrl ('' at the root), so the cookie path matches what the browser sees. */
  readonly basePath: string;
  readonly secureCookies: boolean;
}

export function createCredentialForms(options: CredentialFormOptions): CredentialForms {
  const site = siteOf(options.publicBaseUrl);
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  return {
    router: formRouter(options, site),
    issueLink: async (db, target) => {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const now = options.clock.now();
      // Only the newest link works: an older one still lying in the chat (or forwarded) is closed now.
      const revoked = await db
        .updateTable('credential_forms')
        .set({ expires_at: now.toISOString() })
        .where('store_id', '=', target.storeId)
        .where('line_user_id', '=', target.lineUserId)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      await db
        .insertInto('credential_forms')
        .values({
          token_hash: hashToken(token),
          store_id: target.storeId,
          line_user_id: target.lineUserId,
          expires_at: new Date(now.getTime() + ttlMs).toISOString(),
          used_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      options.log.info({ storeId: target.storeId, revokedEarlier: Number(revoked.numUpdatedRows) }, 'credential form issued');
      return `${site.origin}${site.basePath}${FORMS_PATH}/${token}`;
    },
  };
}

function siteOf(publicBaseUrl: string): Site {
  const url = new URL(publicBaseUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), secureCookies: url.protocol === 'https:' };
}

function formRouter(options: CredentialFormOptions, site: Site): Router {
  const router = Router();
  router.use(FORMS_PATH, securityHeaders(options.framing ?? 'deny'));
  router.get(FORM_ROUTE, (req: Request<{ token: string }>, res) => showForm(options, site, req, res));
  router.post(FORM_ROUTE, express.urlencoded({ extended: false, limit: '10kb' }), (req: Request<{ token: string }>, res) =>
    submitForm(options, site, req, res),
  );
  router.use(FORMS_PATH, formErrorHandler(options.log));
  return router;
}

function securityHeaders(framing: FormFraming): RequestHandler {
  const frameHeaders =
    framing === 'deny'
      ? { 'X-Frame-Options': 'DENY', 'Content-Security-Policy': contentSecurityPolicy("'none'") }
      : { 'X-Frame-Options': 'SAMEORIGIN', 'Content-Security-Policy': contentSecurityPolicy("'self'") };
  return (_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      // Not 'no-referrer': under that policy browsers send `Origin: null` with the form's POST, which
      // would defeat the Origin check. 'same-origin' still keeps the token out of every other site's logs.
      'Referrer-Policy': 'same-origin',
      ...frameHeaders,
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  };
}

// ——— Looking a form up ———

interface OpenForm {
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly lineUserId: string;
  readonly store: Store;
}

type Lookup = { readonly kind: 'open'; readonly form: OpenForm } | { readonly kind: 'gone'; readonly storeId: string } | { readonly kind: 'unknown' };

async function lookUp(db: Db, token: string, now: Date): Promise<Lookup> {
  if (!TOKEN_SHAPE.test(token)) return { kind: 'unknown' };
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('credential_forms').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { kind: 'unknown' };
  const expiresAt = new Date(row.expires_at);
  const store = await storeById(db, row.store_id);
  if (row.used_at !== null || expiresAt.getTime() <= now.getTime() || !store) return { kind: 'gone', storeId: row.store_id };
  return { kind: 'open', form: { tokenHash, expiresAt, lineUserId: row.line_user_id, store } };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 404 for a link we never issued, 410 for one used or expired; the same words either way. */
function refuseClosed(log: Logger, res: Response, lookup: Exclude<Lookup, { kind: 'open' }>, method: string): void {
  const storeId = lookup.kind === 'gone' ? lookup.storeId : undefined;
  log.info({ storeId, method, reason: lookup.kind === 'gone' ? 'used or expired' : 'unknown link' }, 'credential form refused');
  sendPage(res, lookup.kind === 'gone' ? 410 : 404, renderMessagePage(resultCopy.gone));
}

// ——— GET: show the form ———

async function showForm(options: CredentialFormOptions, site: Site, req: Request<{ token: string }>, res: Response): Promise<void> {
  const lookup = await lookUp(options.db, req.params.token, options.clock.now());
  if (lookup.kind !== 'open') return refuseClosed(options.log, res, lookup, 'GET');
  // Reusing the browser's value keeps a second tab (or a reload) from invalidating the first one.
  const csrf = csrfCookieOf(req) ?? randomBytes(TOKEN_BYTES).toString('base64url');
  res.cookie(CSRF_COOKIE, csrf, {
    httpOnly: true,
    sameSite: 'strict',
    secure: site.secureCookies,
    path: `${site.basePath}${FORMS_PATH}/${req.params.token}`,
    maxAge: Math.max(0, lookup.form.expiresAt.getTime() - options.clock.now().getTime()),
  });
  const { store } = lookup.form;
  sendPage(res, 200, formPage(lookup.form, csrf, { ubn: store.ubn, account: '' }, {}));
}

function formPage(form: OpenForm, csrf: string, values: { ubn: string; account: string }, problems: FieldProblems): string {
  const deadline = formatTaipei(form.expiresAt, 'HH:mm');
  return renderFormPage({ displayName: form.store.display_name, deadline, csrf, values, problems });
}

// ——— POST: check, seal, store ———

async function submitForm(options: CredentialFormOptions, site: Site, req: Request<{ token: string }>, res: Response): Promise<void> {
  const { log } = options;
  const lookup = await lookUp(options.db, req.params.token, options.clock.now());
  if (lookup.kind !== 'open') return refuseClosed(log, res, lookup, 'POST');
  const { form } = lookup;
  const fields = fieldsOf(req.body);
  const crossSite = crossSiteProblem(req, fields.csrf, site.origin);
  if (crossSite) {
    log.warn({ storeId: form.store.id, reason: crossSite }, 'credential form refused');
    return sendPage(res, 403, renderMessagePage(resultCopy.forbidden));
  }
  const checked = checkFields(fields);
  if (checked.kind === 'problems') {
    log.info({ storeId: form.store.id, fields: Object.keys(checked.problems) }, 'credential form returned for corrections');
    return sendPage(res, 422, formPage(form, fields.csrf, { ubn: fields.ubn, account: fields.account }, checked.problems));
  }
  if (!(await saveOnce(options, form, checked.credentials))) {
    return refuseClosed(log, res, { kind: 'gone', storeId: form.store.id }, 'POST');
  }
  log.info({ storeId: form.store.id }, 'credential form used');
  await notifySaved(options, { storeId: form.store.id, lineUserId: form.lineUserId });
  sendPage(res, 200, renderMessagePage({ title: resultCopy.saved.title, lines: resultCopy.saved.lines(form.store.display_name) }));
}

interface SubmittedFields {
  readonly csrf: string;
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
}

/** The urlencoded body, or nothing at all when the request was not a form post. */
function fieldsOf(body: unknown): SubmittedFields {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string) => (typeof record[name] === 'string' ? record[name] : '');
  return { csrf: text(CSRF_FIELD), ubn: text('ubn'), account: text('account'), password: text('password') };
}

/** Why this POST may have come from another site, or null when it is the page we served. */
function crossSiteProblem(req: Request, fieldValue: string, expectedOrigin: string): string | null {
  const cookieValue = csrfCookieOf(req);
  if (cookieValue === undefined) return 'no form cookie';
  if (!sameSecret(cookieValue, fieldValue)) return 'form cookie and field differ';
  const origin = requestOrigin(req);
  if (origin === undefined) return 'no Origin or Referer';
  return origin === expectedOrigin ? null : 'foreign origin';
}

/** Origin, or the origin of the Referer when a browser sends no Origin; `null` and garbage count as absent. */
function requestOrigin(req: Request): string | undefined {
  const claimed = req.get('origin') ?? req.get('referer');
  if (claimed === undefined) return undefined;
  try {
    const origin = new URL(claimed).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function csrfCookieOf(req: Request): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const [name, value] = pair.trim().split('=', 2);
    if (name === CSRF_COOKIE && value !== undefined && TOKEN_SHAPE.test(value)) return value;
  }
  return undefined;
}

/** Constant-time equality; hashing first makes both sides the same length. */
function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

type CheckedFields = { readonly kind: 'ok'; readonly credentials: PortalCredentials } | { readonly kind: 'problems'; readonly problems: FieldProblems };

function checkFields(fields: SubmittedFields): CheckedFields {
  const account = fields.account.trim();
  const problems: FieldProblems = {};
  const ubn = ubnProblem(fields.ubn);
  if (ubn !== null) problems.ubn = ubn;
  const accountProblem = lengthProblem(account, MAX_ACCOUNT_LENGTH, fieldProblemText.accountEmpty, fieldProblemText.accountTooLong);
  if (accountProblem) problems.account = accountProblem;
  // The password is kept exactly as typed (spaces may be part of it); only a blank one is refused.
  const passwordProblem = lengthProblem(fields.password.trim() === '' ? '' : fields.password, MAX_PASSWORD_LENGTH, fieldProblemText.passwordEmpty, fieldProblemText.passwordTooLong);
  if (passwordProblem) problems.password = passwordProblem;
  if (Object.keys(problems).length > 0) return { kind: 'problems', problems };
  return { kind: 'ok', credentials: new PortalCredentials(normalizeUbn(fields.ubn), account, fields.password) };
}

function lengthProblem(value: string, max: number, empty: () => string, tooLong: () => string): string | undefined {
  if (value === '') return empty();
  return [...value].length > max ? tooLong() : undefined;
}

/**
 * Claims the link and stores the sealed credentials together. The claim is conditional, so of two
 * submits racing on one link exactly one changes the row; the other stores nothing.
 */
async function saveOnce(options: CredentialFormOptions, form: OpenForm, credentials: PortalCredentials): Promise<boolean> {
  const now = options.clock.now();
  return options.db.transaction().execute(async (trx) => {
    const claim = await trx
      .updateTable('credential_forms')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', form.tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (claim.numUpdatedRows !== 1n) return false;
    await saveSealedCredentials(trx, form.store.id, sealCredentials(options.vault, form.store.id, credentials), now);
    return true;
  });
}

/** The credentials are already safe; a failing notification must not turn the owner's page into an error. */
async function notifySaved(options: CredentialFormOptions, saved: { storeId: string; lineUserId: string }): Promise<void> {
  try {
    await options.onSaved(saved);
  } catch (error) {
    options.log.error({ err: error, storeId: saved.storeId }, 'credential form saved, but onSaved failed');
  }
}

// ——— Responses ———

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

function formErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = clientErrorStatus(error);
    if (status === undefined) log.error({ err: error }, 'credential form failed');
    else log.warn({ status }, 'credential form request refused by the body parser');
    sendPage(res, status ?? 500, renderMessagePage(resultCopy.failed));
  };
}

/** The 4xx status body-parser attaches to a body it refuses (too large, bad charset), if any. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
