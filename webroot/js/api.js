// JSON client for /api/v1. Catalog reads carry the viewer's country and lang; account calls send the
// session cookie (same origin) and, on every write, the session's X-CSRF-Token.
import { state } from './prefs.js';

export class ApiError extends Error {
  constructor(status, code, message, body = null, retryAfter = null) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || (status ? `HTTP_${status}` : 'NETWORK');
    /** the whole error body (may carry extra fields), and Retry-After in seconds when the server sent it */
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;
let onStaleCsrf = async () => null;

/** The CSRF token of the current cookie session (from /me, login or register); null when signed out. */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** The current session's CSRF token (null when signed out or not known yet). */
export const currentCsrfToken = () => csrfToken;

/** fn() → a fresh csrfToken (or null): called once when a write fails with CSRF_FAILED, then the write is retried. */
export function onCsrfFailure(fn) {
  onStaleCsrf = fn;
}

/** Builds a query string; arrays become repeated params, empty values are dropped. */
export function query(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x != null && x !== '' && x !== false) sp.append(k, String(x));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

function retryAfterSeconds(res) {
  const v = res.headers.get('Retry-After');
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/**
 * One call to /api/v1. opts: params (query), body (JSON), signal, empty (a 2xx without a body is fine →
 * null), headers (extra request headers). Writes carry X-CSRF-Token; a CSRF_FAILED answer reloads the session's token and retries once.
 */
export async function request(method, path, opts = {}, retried = false) {
  const write = method !== 'GET' && method !== 'HEAD';
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (write && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1${path}${query(opts.params || {})}`, {
      method,
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '');
  }
  let body = null;
  if (res.status !== 204) {
    try { body = await res.json(); } catch { /* not JSON */ }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, body?.error, body?.message, body, retryAfterSeconds(res));
    if (write && err.code === 'CSRF_FAILED' && !retried) {
      const fresh = await onStaleCsrf().catch(() => null);
      if (fresh) {
        csrfToken = fresh;
        return request(method, path, opts, true);
      }
    }
    throw err;
  }
  if (body == null && !(opts.empty || res.status === 204 || res.status === 202)) throw new ApiError(res.status, 'BAD_RESPONSE', '');
  return body;
}

export async function get(path, params = {}, signal) {
  const all = { ...params };
  if (state.country) all.country = state.country;
  if (state.lang) all.lang = state.lang;
  return request('GET', path, { params: all, signal });
}

const post = (path, body = {}, signal) => request('POST', path, { body, signal, empty: true });
const id = encodeURIComponent;

export const api = {
  context: (signal) => get('/context', {}, signal),
  home: (signal) => get('/home', {}, signal),
  games: (params, signal) => get('/games', params, signal),
  game: (idOrSlug, signal) => get(`/games/${encodeURIComponent(idOrSlug)}`, {}, signal),
  suggest: (q, signal) => get('/search/suggest', { q, size: 8 }, signal),

  // identity: sessions, account, friends
  providers: (country, signal) => request('GET', '/auth/providers', { params: { country }, signal }),
  register: (body, signal) => post('/auth/register', body, signal),
  login: (email, password, signal) => post('/auth/login', { email, password }, signal),
  logout: (everywhere) => post('/auth/logout', everywhere ? { everywhere: true } : {}),
  forgotPassword: (email, signal) => post('/auth/password/forgot', { email }, signal),
  resetPassword: (token, password, signal) => post('/auth/password/reset', { token, password }, signal),
  verifyEmail: (token, signal) => post('/auth/verify-email', { token }, signal),
  link: (linkToken, signal) => post('/auth/link', { linkToken }, signal),
  me: (signal) => request('GET', '/me', { signal }),
  updateMe: (changes, signal) => request('PATCH', '/me', { body: changes, signal }),
  notifications: (signal) => request('GET', '/me/notifications', { signal }),
  markNotificationsRead: () => post('/me/notifications/read', {}),
  searchUsers: (q, signal) => request('GET', '/users/search', { params: { q }, signal }),
  friends: (signal) => request('GET', '/friends', { signal }),
  requestFriend: (target) => post('/friends/requests', target),
  acceptRequest: (requestId) => post(`/friends/requests/${id(requestId)}/accept`),
  declineRequest: (requestId) => post(`/friends/requests/${id(requestId)}/decline`),
  cancelRequest: (requestId) => request('DELETE', `/friends/requests/${id(requestId)}`, { empty: true }),
  removeFriend: (userId) => request('DELETE', `/friends/${id(userId)}`, { empty: true }),
  block: (userId) => post('/friends/blocks', { userId }),
  unblock: (userId) => request('DELETE', `/friends/blocks/${id(userId)}`, { empty: true }),

  // checkout: the buyer's residence decides methods and prices (the session says which), so no country/lang params
  paymentMethods: (signal) => request('GET', '/payment-methods', { signal }),
  quote: (items, points, signal) => request('POST', '/orders/quote', { body: { items, points }, signal }),
  /** {quoteToken, method, instrument?}; the same idempotencyKey for a retry of the same attempt (one order, one charge) */
  placeOrder: (body, idempotencyKey, signal) => request('POST', '/orders', { body, signal, headers: { 'Idempotency-Key': idempotencyKey } }),
  order: (orderId, signal) => request('GET', `/orders/${id(orderId)}`, { signal }),
  confirmOrder: (orderId, params, signal) => request('POST', `/orders/${id(orderId)}/confirm`, { body: { params }, signal }),
  refund: (orderId, signal) => request('POST', `/orders/${id(orderId)}/refund`, { body: {}, signal }),
  library: (signal) => request('GET', '/library', { signal }),
  /** {url, file, expiresAt}: a signed link (outside /api/v1) that works ten minutes; 403 FORBIDDEN with the reason */
  download: (gameId, signal) => request('GET', `/library/${id(gameId)}/download`, { signal }),
  points: (signal) => request('GET', '/me/points', { signal }),
};
