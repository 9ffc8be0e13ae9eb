// JSON client for /api/v1. Every call carries the viewer's country and lang.
import { state } from './prefs.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || (status ? `HTTP_${status}` : 'NETWORK');
  }
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

export async function get(path, params = {}, signal) {
  const all = { ...params };
  if (state.country) all.country = state.country;
  if (state.lang) all.lang = state.lang;
  let res;
  try {
    res = await fetch(`/api/v1${path}${query(all)}`, {
      headers: { Accept: 'application/json' },
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '');
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, body?.error, body?.message);
  if (body == null) throw new ApiError(res.status, 'BAD_RESPONSE', '');
  return body;
}

export const api = {
  context: (signal) => get('/context', {}, signal),
  home: (signal) => get('/home', {}, signal),
  games: (params, signal) => get('/games', params, signal),
  game: (idOrSlug, signal) => get(`/games/${encodeURIComponent(idOrSlug)}`, {}, signal),
  suggest: (q, signal) => get('/search/suggest', { q, size: 8 }, signal),
};
