// The header's account area: "Sign in" when signed out; the display name (→ /account), Friends with the
// unread badge, and "Sign out" when signed in. One persistent element, refilled on session changes.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { navigate, refresh } from '../router.js';
import { session, subscribe, clearSession } from '../session.js';

const slot = h('div', { class: 'user-menu', 'data-testid': 'user-menu' });
const status = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
let lastUnread = 0;

// Pages that only make sense signed in: leave them after signing out.
const PRIVATE = /^\/(account|friends|library|checkout|orders)(\/|$)/;

export async function signOut(everywhere = false) {
  try {
    await api.logout(everywhere);
  } catch (e) {
    // Already signed out (401) is fine; anything else: say so and stay signed in.
    if (e.status !== 401) {
      status.textContent = t('account.signOutFailed');
      throw e;
    }
  }
  clearSession();
  status.textContent = t('account.signedOut');
  if (PRIVATE.test(location.pathname)) {
    await navigate('/');
  } else {
    await refresh();
    slot.querySelector('a')?.focus(); // the Sign out button is gone: keep the keyboard user in the header
  }
}

function fill() {
  const me = session.me;
  const here = location.pathname;
  if (me === undefined) {
    clear(slot, status);
    return;
  }
  if (!me) {
    const back = here === '/signin' || here === '/signup' ? '' : `?returnTo=${encodeURIComponent(here + location.search)}`;
    clear(slot, h('a', { class: 'btn btn-small btn-primary', href: `/signin${back}`, 'data-testid': 'signin-link' }, t('user.signIn')), status);
    return;
  }
  const unread = session.unread || 0;
  if (unread > lastUnread) status.textContent = t('user.unread', { count: unread });
  lastUnread = unread;
  clear(slot,
    h('a', { class: 'user-link', href: '/library', 'data-testid': 'library-link' }, t('user.library')),
    h('a', { class: 'user-link', href: '/friends', 'data-testid': 'friends-link' },
      t('user.friends'),
      unread > 0 && h('span', { class: 'badge badge-count', 'data-testid': 'unread-badge' },
        h('span', { 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)),
        h('span', { class: 'sr-only' }, t('user.unread', { count: unread })))),
    h('a', { class: 'user-link user-name', href: '/account', title: t('user.account'), 'data-testid': 'user-name' },
      h('span', { class: 'sr-only' }, `${t('user.account')}: `), me.displayName || me.email),
    h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': 'signout',
      onclick: (e) => {
        e.currentTarget.disabled = true;
        const b = e.currentTarget;
        signOut(false).catch(() => { b.disabled = false; });
      },
    }, t('user.signOut')),
    status);
}

subscribe(fill);

/** The account area for the header (the same node on every header render, filled for the language). */
export function userMenu() {
  fill();
  return slot;
}

/** After a navigation: the "Sign in" link carries the current path as returnTo. */
export const syncUserMenu = () => { if (session.me === null) fill(); };
