// 「正在執行安全驗證」: a stand-in for the bot protection in front of the redesigned site. A visitor
// without clearance gets an interstitial whose script waits about a second, answers the
// challenge and reloads; only a browser that runs scripts gets through. API calls without
// clearance are refused. Clearance lasts as long as the browser keeps its cookie.
import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { readCookie } from '../http.ts';
import { escapeHtml } from '../html.ts';
import { SITE_TITLE, spa } from '../texts.ts';
import { sendError } from './api-http.ts';
import { CHALLENGE_PATH, isApiPath } from './routes.ts';
import { BOT_CHECK_MS, botCheckActive } from './settings.ts';
import type { SpaContext } from './settings.ts';

export const CLEARANCE_COOKIE = 'sim_clearance';
// Answers faster than a person's browser could are not accepted.
const MIN_SOLVE_MS = BOT_CHECK_MS * 0.8;
const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_PENDING_CHALLENGES = 1_000;

const answerSchema = z.strictObject({ challenge: z.string().max(100) });

export interface BotCheck {
  readonly gate: RequestHandler;
  readonly verifier: Router;
}

export function createBotCheck(ctx: SpaContext): BotCheck {
  const challenges = new Map<string, number>();
  const cleared = new Set<string>();
  const verifier = Router();
  verifier.post(CHALLENGE_PATH, express.json(), (req, res) => {
    const parsed = answerSchema.safeParse(req.body);
    const issuedAt = parsed.success ? challenges.get(parsed.data.challenge) : undefined;
    const age = issuedAt === undefined ? -1 : Date.now() - issuedAt;
    if (!parsed.success || age < MIN_SOLVE_MS || age > CHALLENGE_TTL_MS) {
      sendError(res, 403, { code: 'bot-check', message: spa.botCheckRefused });
      return;
    }
    challenges.delete(parsed.data.challenge);
    const token = randomBytes(18).toString('base64url');
    cleared.add(token);
    res.cookie(CLEARANCE_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.status(204).end();
  });
  const gate: RequestHandler = (req, res, next) => {
    if (!botCheckActive(ctx) || cleared.has(readCookie(req, CLEARANCE_COOKIE) ?? '')) return next();
    if (isApiPath(req.path) || req.method !== 'GET') {
      sendError(res, 403, { code: 'bot-check', message: spa.botCheckRefused });
      return;
    }
    sendInterstitial(res, issue(challenges));
  };
  return { gate, verifier };
}

function issue(challenges: Map<string, number>): string {
  const id = randomBytes(12).toString('hex');
  challenges.set(id, Date.now());
  if (challenges.size > MAX_PENDING_CHALLENGES) {
    const oldest = challenges.keys().next();
    if (oldest.done !== true) challenges.delete(oldest.value);
  }
  return id;
}

function sendInterstitial(res: Response, challenge: string): void {
  res.status(200).type('html').set('Cache-Control', 'no-store').send(interstitialHtml(challenge));
}

function interstitialHtml(challenge: string): string {
  const script = `setTimeout(function () {
  fetch(${JSON.stringify(CHALLENGE_PATH)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge: ${JSON.stringify(challenge)} }) })
    .then(function (r) { if (r.ok) location.reload(); else document.getElementById('note').textContent = ${JSON.stringify(spa.botCheckRefused)}; });
}, ${BOT_CHECK_MS});`;
  return `<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spa.botCheckHeading)} - ${escapeHtml(SITE_TITLE)}</title>
<style>
body{font-family:"Noto Sans TC",sans-serif;display:flex;flex-direction:column;align-items:center;padding-top:15vh;color:#313131}
.spinner{width:36px;height:36px;border:4px solid #d9d9d9;border-top-color:#f38020;border-radius:50%;animation:spin 0.8s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
</style>
</head>
<body>
<h1>${escapeHtml(spa.botCheckHeading)}</h1>
<div class="spinner" role="progressbar" aria-busy="true" aria-label="${escapeHtml(spa.botCheckHeading)}"></div>
<p id="note">${escapeHtml(spa.botCheckNote)}</p>
<script>${script}</script>
</body>
</html>
`;
}
