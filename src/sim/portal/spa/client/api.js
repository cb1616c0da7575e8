// fetch() wrappers for the JSON API. Every refusal comes back as an ApiError carrying the
// server's code ('refused', 'expired', 'maintenance', 'server', 'bot-check', …) and its text.
import { texts } from './config.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body.message === 'string' ? body.message : texts.errors.serverError);
    this.name = 'ApiError';
    this.status = status;
    this.code = body && typeof body.code === 'string' ? body.code : 'server';
    this.detail = body && typeof body.detail === 'string' ? body.detail : null;
  }
}

export function apiGet(path, query = {}) {
  const search = new URLSearchParams(query).toString();
  return send(search === '' ? path : `${path}?${search}`, { method: 'GET' });
}

export function apiPost(path, body = {}) {
  return send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, { code: 'server', message: texts.errors.serverError });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
