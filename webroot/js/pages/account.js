// Your account (/account): display name and language, email status, friend code, country of residence
// (decides prices and availability; changeable only every N days), linked sign-in methods, sign out.
import { api, currentCsrfToken } from '../api.js';
import { h, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { regionName, moment } from '../format.js';
import { session, ready, setSession, loadSession } from '../session.js';
import { loading } from '../components/state.js';
import { field, messages, onSubmit, notice } from '../components/form.js';
import { signOut } from '../components/usermenu.js';
import { countryOptions, langOptions, NAME_MAX } from './signup.js';

/** Signed-out view for pages that need an account. */
export function signInFirst(main, titleKey, path) {
  document.title = `${t(titleKey)} — K Store`;
  clear(main, h('div', { class: 'auth', 'data-testid': 'signin-required' },
    h('h1', null, t(titleKey)),
    notice('info', null, h('p', null, t('account.signInFirst'))),
    h('p', { class: 'actions-left' },
      h('a', { class: 'btn btn-primary', href: `/signin?returnTo=${encodeURIComponent(path)}` }, t('user.signIn')),
      h('a', { class: 'btn', href: `/signup?returnTo=${encodeURIComponent(path)}` }, t('signin.createAccount')))));
}

/** A copyable friend code. */
export function friendCode(code) {
  const out = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const copy = navigator.clipboard && h('button', {
    type: 'button', class: 'btn btn-small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(code);
        out.textContent = t('friends.copied');
      } catch {
        out.textContent = t('friends.copyFailed');
      }
    },
  }, t('friends.copy'));
  return h('p', { class: 'friend-code' }, h('code', { 'data-testid': 'my-friend-code' }, code || '—'), ' ', copy, out);
}

function section(id, title, ...kids) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...kids);
}

function profileForm(me) {
  const msg = messages('profile-error');
  const name = field({ label: t('form.displayName.label'), hint: t('form.displayName.hint'), name: 'displayName', autocomplete: 'nickname', required: true, maxlength: NAME_MAX, value: me.displayName || '', 'data-testid': 'account-name' });
  const lang = field({ label: t('form.lang.label'), hint: t('form.lang.hint'), tag: 'select', name: 'lang', children: langOptions(me.lang || getLang()), 'data-testid': 'account-lang' });
  const form = h('form', { class: 'form' }, name.row, lang.row,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'account-save' }, t('account.save')), ...msg.nodes);
  onSubmit(form, msg, t('account.saving'), async () => {
    const changes = {};
    const dn = name.input.value.trim();
    if (dn !== session.me.displayName) changes.displayName = dn;
    if (lang.input.value !== session.me.lang) changes.lang = lang.input.value;
    if (Object.keys(changes).length) setSession(await api.updateMe(changes));
    msg.ok(t('account.saved'));
  });
  return form;
}

function residenceForm(me, countries) {
  const msg = messages('residence-error');
  const allowedAt = me.residenceChangeAllowedAt ? new Date(me.residenceChangeAllowedAt) : null;
  const locked = allowedAt && allowedAt.getTime() > Date.now();
  const days = me.residenceChangeDays;
  const country = field({
    label: t('form.residence.label'), tag: 'select', name: 'residenceCountry', children: countries, disabled: locked,
    hint: locked ? t('account.residence.nextChange', { date: moment(allowedAt.toISOString()) }) : null,
    'data-testid': 'account-residence',
  });
  const form = h('form', { class: 'form' },
    h('p', null, t('account.residence.explain')),
    h('p', { class: 'muted small' }, days ? t('account.residence.limitDays', { count: days }) : t('account.residence.limit')),
    country.row,
    h('button', { type: 'submit', class: 'btn', disabled: locked, 'data-testid': 'account-residence-save' }, t('account.residence.save')),
    ...msg.nodes);
  onSubmit(form, msg, t('account.saving'), async () => {
    const code = country.input.value;
    if (code === session.me.residenceCountry) {
      msg.ok(t('account.saved'));
      return;
    }
    // eslint-disable-next-line no-alert
    if (!window.confirm(t('account.residence.confirm', { country: regionName(code) }))) {
      msg.clear();
      return;
    }
    setSession(await api.updateMe({ residenceCountry: code }));
    const next = session.me.residenceChangeAllowedAt ? new Date(session.me.residenceChangeAllowedAt) : null;
    const text = t('account.residence.changed', { country: regionName(code) });
    if (next && next.getTime() > Date.now()) {
      country.input.disabled = true;
      form.querySelector('button[type=submit]').hidden = true; // onSubmit re-enables it when done
      msg.ok(`${text} ${t('account.residence.nextChange', { date: moment(next.toISOString()) })}`);
    } else {
      msg.ok(text);
    }
  });
  return form;
}

/**
 * The providers offered for the account's residence ({id, name, kind}), and every known provider's name by
 * id ("dev" → "K Store Dev ID"; Me carries only the ids). A linked provider the residence's list lacks is
 * looked up in the default list.
 */
async function providerInfo(me, signal) {
  const res = await api.providers(me.residenceCountry || undefined, signal).catch(() => null);
  const offered = res?.providers || [];
  const names = new Map(offered.map((p) => [p.id, p.name || p.id]));
  if ((me.providers || []).some((p) => !names.has(p.provider))) {
    const all = await api.providers(undefined, signal).catch(() => null);
    for (const p of all?.providers || []) if (!names.has(p.id)) names.set(p.id, p.name || p.id);
  }
  return { offered, names };
}

function methods(me, names) {
  const list = me.providers || [];
  return list.length
    ? h('ul', { class: 'plain-list', 'data-testid': 'linked-providers' }, list.map((p) => h('li', { class: 'row', 'data-provider': p.provider },
      h('span', { class: 'row-main' }, h('strong', null, names.get(p.provider) || p.provider), p.email && h('span', { class: 'muted' }, ` · ${p.email}`)),
      p.linkedAt && h('span', { class: 'muted small' }, t('account.linkedAt', { date: moment(p.linkedAt) })))))
    : h('p', { class: 'muted' }, t('account.noProviders'));
}

const RETURN_LINKED = '/account?linked=1';

function connectHref(id, token) {
  return `/api/v1/auth/oauth/${encodeURIComponent(id)}/start?link=true&returnTo=${encodeURIComponent(RETURN_LINKED)}`
    + `&csrf=${encodeURIComponent(token || '')}`;
}

/**
 * "Connect <name>" for every provider of the residence's list not linked yet. Each is a real link (the
 * server runs the provider's flow, links it to this account and comes back to /account?linked=1; a provider
 * account that belongs to someone else comes back to /signin?error=CONFLICT). The session's CSRF token is
 * in the link (the server refuses a link started without it); a click re-reads it from /me first, in case
 * the session rotated it.
 */
function connectList(me, offered) {
  const linked = new Set((me.providers || []).map((p) => p.provider));
  const todo = offered.filter((p) => p.id && !linked.has(p.id));
  if (!todo.length) return null;
  const token = currentCsrfToken() || me.csrfToken;
  return h('div', { class: 'connect' },
    h('h3', { class: 'providers-title' }, t('account.connectTitle')),
    h('p', { class: 'muted small' }, t('account.connectHint')),
    h('ul', { class: 'provider-list', 'data-testid': 'connect-providers' }, todo.map((p) => {
      const name = p.name || p.id;
      return h('li', null, h('a', {
        class: `btn provider provider-${String(p.id).replace(/[^a-z0-9_-]/gi, '')}`,
        href: connectHref(p.id, token), 'data-native': '', 'data-testid': `connect-${p.id}`, 'data-kind': p.kind,
        onclick: async (e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab: the href as is
          e.preventDefault();
          const a = e.currentTarget;
          a.setAttribute('aria-disabled', 'true');
          const fresh = await loadSession().then((m) => m?.csrfToken || currentCsrfToken(), () => null);
          location.assign(fresh ? connectHref(p.id, fresh) : a.href);
        },
      }, h('span', { class: 'provider-mark', 'aria-hidden': 'true' }, String(name).slice(0, 1)),
      t('account.connect', { provider: name })));
    })));
}

function signOutBox() {
  const msg = messages('signout-error');
  const btn = (everywhere, testid) => h('button', {
    type: 'button', class: 'btn', 'data-testid': testid,
    onclick: async (e) => {
      // eslint-disable-next-line no-alert
      if (everywhere && !window.confirm(t('account.everywhereConfirm'))) return;
      const b = e.currentTarget;
      b.disabled = true;
      msg.progress(t('account.signingOut'));
      try {
        await signOut(everywhere);
      } catch (err) {
        b.disabled = false;
        msg.fail(err);
      }
    },
  }, everywhere ? t('account.signOutEverywhere') : t('user.signOut'));
  return [h('p', { class: 'muted small' }, t('account.everywhereHint')),
    h('p', { class: 'actions-left' }, btn(false, 'account-signout'), btn(true, 'signout-everywhere')), ...msg.nodes];
}

export async function mount(main, { url, signal }) {
  document.title = `${t('account.title')} — K Store`;
  clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
  const me = await ready();
  if (signal.aborted) return;
  if (!me) {
    signInFirst(main, 'account.title', '/account');
    return;
  }
  const [countries, { offered, names }] = await Promise.all([countryOptions(me.residenceCountry, signal), providerInfo(me, signal)]);
  if (signal.aborted) return;

  // An account made through a provider that shared no verified address has no email at all: say so,
  // rather than "not verified" next to nothing.
  const emailState = !me.email ? 'none' : me.emailVerified ? 'verified' : 'unverified';
  const verified = emailState === 'verified'
    ? h('span', { class: 'badge badge-ok', 'data-testid': 'email-verified' }, t('account.verified'))
    : h('span', { class: 'badge badge-warn', 'data-testid': 'email-unverified' }, t('account.unverified'));
  const emailRow = h('p', { class: 'email-row', 'data-testid': 'account-email', 'data-state': emailState },
    ...(me.email ? [h('span', null, me.email), ' ', verified] : [h('span', { class: 'muted' }, t('account.noEmail'))]));
  // A new account made by a social sign-in lands here (?welcome=1).
  const welcome = url.searchParams.get('welcome') && notice('ok', t('account.welcomeTitle', { name: me.displayName || '' }),
    h('p', null, t('account.welcomeText')),
    h('p', { class: 'actions-left' }, h('a', { class: 'btn btn-small btn-primary', href: '/friends' }, t('account.welcomeFriends')),
      h('a', { class: 'btn btn-small', href: '/' }, t('account.welcomeBrowse'))));
  if (welcome) {
    welcome.setAttribute('role', 'status');
    welcome.dataset.testid = 'account-welcome';
  }

  // Back from connecting another provider (?linked=1).
  const linked = url.searchParams.get('linked') && notice('ok', null, h('p', null, t('account.linkedNow')));
  if (linked) {
    linked.setAttribute('role', 'status');
    linked.dataset.testid = 'account-linked';
  }

  clear(main, h('div', { class: 'account', 'data-testid': 'account' },
    h('h1', null, t('account.title')),
    welcome,
    linked,
    section('acc-profile', t('account.profile'), emailRow,
      emailState === 'unverified' && h('p', { class: 'muted small' }, t('account.verifyHint')),
      profileForm(me)),
    section('acc-code', t('friends.yourCode'), h('p', { class: 'muted small' }, t('friends.codeHint')), friendCode(me.friendCode)),
    section('acc-residence', t('account.residence.title'), residenceForm(me, countries)),
    section('acc-methods', t('account.methods'), methods(me, names), connectList(me, offered)),
    section('acc-signout', t('account.sessions'), ...signOutBox())));
}
