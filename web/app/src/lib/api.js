// The service's JSON API (/api/v1). Errors come back as ApiError with the
// server's code, the field it concerns and its words in both languages, so
// a screen can show them next to the field in the student's language.
import { pick } from './i18n.js';

const TOKEN = 'gradphoto.token';

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.en || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'internal');
    this.field = e.field || '';
    this.zh = e.zh || (status === 0 ? '网络不可用，请检查网络后重试' : '出错了，请稍后重试');
    this.en = e.en || (status === 0 ? 'No network: check the connection and try again' : 'Something went wrong: try again later');
  }

  get text() { return pick({ zh: this.zh, en: this.en }); }
}

export const session = {
  get token() { return localStorage.getItem(TOKEN) || ''; },
  set token(v) { v ? localStorage.setItem(TOKEN, v) : localStorage.removeItem(TOKEN); },
};

// api calls method path with a JSON body (or FormData), and returns the
// decoded answer. opts.key sets the Idempotency-Key header.
export async function api(method, path, body, opts = {}) {
  const headers = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    // Only an ended session ends the session: a wrong old password is a
    // 401 too (wrong_password), and the student stays signed in.
    if (err.code === 'unauthorized') session.token = '';
    throw err;
  }
  return data;
}

// newKey makes an idempotency key for a request that may be retried.
export function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}
