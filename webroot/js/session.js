// The signed-in viewer (GET /api/v1/me), kept in memory; the session itself is an HttpOnly cookie.
// Also the unread-notification count, polled every 30 s while the tab is visible (the storefront
// doesn't open the SockJS bridge yet).
import { api, setCsrfToken, onCsrfFailure } from './api.js';

const POLL_MS = 30000;
const listeners = new Set();

export const session = {
  /** Me, or null when signed out; undefined until the first /me answer */
  me: undefined,
  unread: 0,
};

let loading = null;
let pollTimer = null;
let polling = null;

function emit(what) {
  for (const fn of listeners) {
    try { fn(what); } catch (e) { console.error(e); }
  }
}

/** fn(what) on every change: 'me' (signed in, out, or profile edited) or 'notifications'. Returns unsubscribe. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Takes a Me (from /me, PATCH /me, link) or a {user, csrfToken} login/register reply. */
export function setSession(reply) {
  const me = reply?.user ?? reply ?? null;
  const token = reply?.csrfToken ?? me?.csrfToken;
  if (token) setCsrfToken(token);
  const changedUser = session.me?.id !== me?.id;
  session.me = me;
  if (!me) {
    setCsrfToken(null);
    session.unread = 0;
  }
  emit('me');
  if (changedUser) schedulePoll(0);
}

export const clearSession = () => setSession(null);

/** (Re)loads /me. Signed out (401) → null; the store without the identity service (404) counts as signed out. */
export function loadSession() {
  loading = api.me().then((me) => {
    setSession(me);
    return me;
  }, (e) => {
    if (e.status === 401 || e.status === 404 || e.status === 403) {
      if (e.body?.csrfToken) setCsrfToken(e.body.csrfToken);
      if (session.me !== null) setSession(null);
      return null;
    }
    if (session.me === undefined) setSession(null);
    throw e;
  }).finally(() => { loading = null; });
  return loading;
}

/** The current Me (waits for the first /me), or null when signed out. */
export function ready() {
  if (session.me !== undefined) return Promise.resolve(session.me);
  return (loading || loadSession()).catch(() => null);
}

// A stale CSRF token (the session rotated it): ask /me for the current one once, then retry the write.
onCsrfFailure(async () => {
  const me = await loadSession();
  return me?.csrfToken || null;
});

async function poll() {
  if (!session.me || document.visibilityState === 'hidden') return;
  if (polling) return polling;
  polling = api.notifications().then((n) => {
    const unread = Number(n?.unread) || 0;
    if (unread !== session.unread) {
      session.unread = unread;
      emit('notifications');
    }
  }, (e) => {
    if (e.status === 401) loadSession().catch(() => {});
  }).finally(() => { polling = null; });
  return polling;
}

function schedulePoll(delay = POLL_MS) {
  clearTimeout(pollTimer);
  pollTimer = null;
  if (!session.me || document.visibilityState === 'hidden') return;
  pollTimer = setTimeout(async () => {
    await poll();
    schedulePoll();
  }, delay);
}

/** Asks for the unread count now (e.g. after acting on a friend request). */
export const refreshNotifications = () => poll();

/** Marks every notification read (the Friends page does when it shows them). */
export async function markAllRead() {
  if (!session.me || !session.unread) return;
  await api.markNotificationsRead();
  session.unread = 0;
  emit('notifications');
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') schedulePoll(0);
  else schedulePoll(); // clears the timer while hidden
});

/** A same-origin app path safe to return to after signing in (never an API or external address). */
export function safeReturn(path, fallback = '/') {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  if (path.startsWith('/api/') || /^\/(signin|signup)\b/.test(path)) return fallback;
  return path;
}
