// Create an account: social providers, or email + password + display name + country of residence +
// language. Afterwards: "check your mail to verify your address".
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { regionName, languageName } from '../format.js';
import { state, LANGS } from '../prefs.js';
import { navigate } from '../router.js';
import { ready, setSession, safeReturn } from '../session.js';
import { loading } from '../components/state.js';
import { field, passwordField, messages, onSubmit, notice, PASSWORD_MIN, PASSWORD_MAX } from '../components/form.js';
import { providerSection } from '../components/providers.js';

export const NAME_MAX = 40;

/** The store's countries for a <select>, named in the UI language and sorted by that name. */
export async function countryOptions(selected, signal) {
  let list = state.context?.countries;
  if (!list?.length) list = (await api.context(signal).catch(() => null))?.countries;
  const codes = list?.length ? list.map((c) => c.code) : [selected].filter(Boolean);
  if (selected && !codes.includes(selected)) codes.push(selected);
  const coll = new Intl.Collator(getLang());
  return codes.map((code) => ({ code, name: regionName(code) }))
    .sort((a, b) => coll.compare(a.name, b.name))
    .map((c) => h('option', { value: c.code, selected: c.code === selected }, c.name));
}

export const langOptions = (selected) => LANGS.map((l) => h('option', { value: l, lang: l, selected: l === selected }, languageName(l)));

function done(main, email, next) {
  document.title = `${t('signup.doneTitle')} — K Store`;
  clear(main, h('div', { class: 'auth', 'data-testid': 'signup-done' },
    h('h1', { tabindex: '-1' }, t('signup.doneTitle')),
    notice('ok', null, h('p', null, t('signup.checkMail', { email }))),
    h('p', { class: 'muted' }, t('signup.checkMailHint')),
    h('p', { class: 'actions-left' },
      h('a', { class: 'btn btn-primary', href: next }, t('signup.continue')),
      h('a', { class: 'btn', href: '/account' }, t('user.account')))));
  main.querySelector('h1').focus();
}

export async function mount(main, { url, signal }) {
  const next = safeReturn(url.searchParams.get('returnTo'), '/');
  document.title = `${t('signup.title')} — K Store`;
  clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
  const [me, countries] = await Promise.all([ready(), countryOptions(state.country, signal)]);
  if (signal.aborted) return;
  if (me) {
    navigate(next, { replace: true });
    return;
  }

  const msg = messages('signup-error');
  const name = field({ label: t('form.displayName.label'), hint: t('form.displayName.hint'), name: 'displayName', autocomplete: 'nickname', required: true, maxlength: NAME_MAX, 'data-testid': 'signup-name' });
  const email = field({ label: t('form.email.label'), hint: t('signup.emailHint'), type: 'email', name: 'email', autocomplete: 'email', required: true, maxlength: 254, spellcheck: 'false', autocapitalize: 'none', 'data-testid': 'signup-email' });
  const password = passwordField({
    label: t('form.password.label'), hint: t('form.passwordRule', { min: PASSWORD_MIN, max: PASSWORD_MAX }), autocomplete: 'new-password',
    name: 'password', minlength: PASSWORD_MIN, 'data-rule': 'password', 'data-testid': 'signup-password',
  });
  const country = field({ label: t('form.residence.label'), hint: t('form.residence.hint'), tag: 'select', name: 'country', required: true, children: countries, 'data-testid': 'signup-country' });
  const lang = field({ label: t('form.lang.label'), hint: t('form.lang.hint'), tag: 'select', name: 'lang', children: langOptions(getLang()), 'data-testid': 'signup-lang' });

  const form = h('form', { class: 'form', 'aria-labelledby': 'signup-h' },
    name.row, email.row, password.row, country.row, lang.row,
    h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'signup-submit' }, t('signup.submit')),
    ...msg.nodes);

  onSubmit(form, msg, t('signup.progress'), async () => {
    const addr = email.input.value.trim();
    const reply = await api.register({
      email: addr,
      password: password.input.value,
      displayName: name.input.value.trim(),
      country: country.input.value,
      lang: lang.input.value,
    });
    setSession(reply);
    done(main, reply?.user?.email || addr, next);
  });

  const providers = providerSection(next, signal, (allowed) => { form.hidden = !allowed; });
  const signinHref = `/signin${next !== '/' ? `?returnTo=${encodeURIComponent(next)}` : ''}`;
  clear(main, h('div', { class: 'auth' },
    h('h1', { id: 'signup-h' }, t('signup.title')),
    providers,
    form,
    h('p', { class: 'auth-switch' }, t('signup.haveAccount'), ' ', h('a', { href: signinHref }, t('signup.signIn')))));
}
