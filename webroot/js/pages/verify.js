// Verify email (/verify-email?token=...): sends the token from the mail once, says how it went.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { session, setSession, loadSession } from '../session.js';
import { loading } from '../components/state.js';
import { notice, errorLines } from '../components/form.js';

export async function mount(main, { url, signal }) {
  const token = url.searchParams.get('token');
  document.title = `${t('verify.title')} — K Store`;
  const h1 = h('h1', null, t('verify.title'));
  if (!token) {
    clear(main, h('div', { class: 'auth' }, h1, notice('warn', t('token.missingTitle'), h('p', null, t('token.missing')))));
    return;
  }
  const live = h('div', { 'aria-live': 'polite' }, loading(t('verify.progress')));
  clear(main, h('div', { class: 'auth' }, h1, live));
  try {
    const reply = await api.verifyEmail(token, signal);
    if (reply?.id) setSession(reply);
    else if (session.me) loadSession().catch(() => {});
    live.replaceChildren(h('div', { class: 'notice notice-ok', role: 'status', 'data-testid': 'verify-done' },
      h('p', { class: 'notice-title' }, t('verify.doneTitle')), h('p', null, t('verify.done'))),
    h('p', { class: 'actions-left' }, h('a', { class: 'btn btn-primary', href: '/' }, t('signup.continue')),
      h('a', { class: 'btn', href: session.me ? '/account' : '/signin' }, session.me ? t('user.account') : t('user.signIn'))));
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    live.replaceChildren(h('div', { class: 'notice notice-warn', role: 'alert', 'data-testid': 'verify-error' },
      h('p', { class: 'notice-title' }, t('verify.failedTitle')), ...errorLines(e), h('p', null, t('verify.failedHint'))));
  }
}
