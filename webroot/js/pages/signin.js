// Sign in: social providers for the viewer's country, then email + password. Also the end of a social
// sign-in that found an existing account (?link=TOKEN&provider=NAME: sign in, then link) and of a failed
// one (?error=CODE&message=...); signed in, that is a "Connect" from /account that failed (CONFLICT: the
// provider account belongs to someone else), shown with a way back to the account.
import { api, ApiError } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { ready, setSession, safeReturn } from '../session.js';
import { loading } from '../components/state.js';
import { field, passwordField, messages, onSubmit, notice, errorLines } from '../components/form.js';
import { providerSection } from '../components/providers.js';

export async function mount(main, { url, signal }) {
  const sp = url.searchParams;
  const linkToken = sp.get('link');
  const provider = sp.get('provider') || t('signin.theService');
  const next = safeReturn(sp.get('returnTo'), '/');
  document.title = `${t('signin.title')} — K Store`;
  clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
  const me = await ready();
  if (signal.aborted) return;

  const msg = messages('signin-error');
  const serverError = sp.get('error') && notice('warn', null, ...errorLines(new ApiError(400, sp.get('error'), sp.get('message') || '')));
  if (serverError) serverError.setAttribute('role', 'alert');
  const linkNote = linkToken && notice('info', t('signin.linkTitle'), h('p', { 'data-testid': 'link-notice' }, t('signin.linkText', { provider })));

  if (me && linkToken) { // already signed in: only the confirmation is left
    const btn = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'link-confirm' }, t('signin.linkNow', { provider }));
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      msg.progress(t('signin.linking'));
      try {
        setSession(await api.link(linkToken));
        navigate('/account?linked=1', { replace: true });
      } catch (e) {
        btn.disabled = false;
        msg.fail(e);
      }
    });
    clear(main, h('div', { class: 'auth' }, h('h1', null, t('signin.linkTitle')),
      notice('info', null, h('p', null, t('signin.linkSignedIn', { provider, name: me.displayName || me.email }))),
      h('p', { class: 'actions-left' }, btn, h('a', { class: 'btn', href: '/account' }, t('signin.notNow'))), ...msg.nodes));
    return;
  }
  if (me && sp.get('error')) {
    // Signed in: this is the end of connecting another provider from /account that failed (CONFLICT: that
    // provider account already signs in to another K Store account). Say so and lead back to the account.
    const code = sp.get('error');
    const server = sp.get('message') || '';
    const lines = code === 'CONFLICT'
      ? [h('p', { class: 'form-error-title' }, t('signin.connectConflict')), server && h('p', { class: 'small' }, server),
        h('p', null, t('signin.connectConflictHelp'))]
      : errorLines(new ApiError(400, code, server));
    const box = notice('warn', null, ...lines);
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'connect-error';
    box.dataset.code = code;
    document.title = `${t('signin.connectFailed')} — K Store`;
    clear(main, h('div', { class: 'auth' }, h('h1', null, t('signin.connectFailed')), box,
      h('p', { class: 'actions-left' },
        h('a', { class: 'btn btn-primary', href: '/account', 'data-testid': 'back-to-account' }, t('signin.toAccount')))));
    return;
  }
  if (me) {
    navigate(next, { replace: true });
    return;
  }

  const email = field({ label: t('form.email.label'), type: 'email', name: 'email', autocomplete: 'username', required: true, maxlength: 254, spellcheck: 'false', autocapitalize: 'none', 'data-testid': 'signin-email' });
  const password = passwordField({ label: t('form.password.label'), name: 'password', 'data-testid': 'signin-password' });
  const form = h('form', { class: 'form', 'aria-labelledby': 'signin-h' },
    email.row,
    password.row,
    h('p', { class: 'form-aside small' }, h('a', { href: '/forgot-password' }, t('signin.forgot'))),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'signin-submit' }, linkToken ? t('signin.submitLink', { provider }) : t('signin.submit')),
    ...msg.nodes);

  onSubmit(form, msg, t('signin.progress'), async () => {
    const reply = await api.login(email.input.value.trim(), password.input.value);
    setSession(reply);
    if (linkToken) {
      msg.progress(t('signin.linking'));
      try {
        setSession(await api.link(linkToken));
      } catch (e) {
        // Signed in, but the link failed (expired token, ...): say so, let them continue.
        msg.error.replaceChildren(h('p', { class: 'form-error-title' }, t('signin.linkFailed', { provider })), ...errorLines(e),
          h('p', null, h('a', { href: '/account' }, t('signin.toAccount'))));
        msg.status.textContent = '';
        return;
      }
      navigate('/account?linked=1', { replace: true });
      return;
    }
    navigate(next, { replace: true });
  }, 'signin');

  const providers = !linkToken && providerSection(next, signal, (allowed) => {
    form.hidden = !allowed; // a country may offer social sign-in only
  });
  const signupHref = `/signup${next !== '/' ? `?returnTo=${encodeURIComponent(next)}` : ''}`;
  clear(main, h('div', { class: 'auth' },
    h('h1', { id: 'signin-h' }, linkToken ? t('signin.linkTitle') : t('signin.title')),
    serverError,
    linkNote,
    providers,
    form,
    !linkToken && h('p', { class: 'auth-switch' }, t('signin.noAccount'), ' ', h('a', { href: signupHref, 'data-testid': 'to-signup' }, t('signin.createAccount')))));
}
