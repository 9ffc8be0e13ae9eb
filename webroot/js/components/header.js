// Site header (logo, nav, search with suggestions, country and language selectors, account area) and footer.
import { h, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { state, LANGS } from '../prefs.js';
import { regionName, languageName } from '../format.js';
import { navigate } from '../router.js';
import { combobox } from './suggest.js';
import { userMenu, syncUserMenu } from './usermenu.js';
import { cartLink } from './cartlink.js';

let combo = null;

function logo() {
  return h('a', { class: 'logo', href: '/' },
    h('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }),
    h('span', null, 'K Store'));
}

function countryOptions() {
  const list = state.context?.countries?.length
    ? state.context.countries
    : (state.country ? [{ code: state.country, currency: state.currency || '' }] : []);
  const coll = new Intl.Collator(getLang());
  return list
    .map((c) => ({ ...c, name: regionName(c.code) }))
    .sort((a, b) => coll.compare(a.name, b.name))
    .map((c) => {
      const label = c.currency ? `${c.name} (${c.currency})` : c.name;
      // the signed-in account's residence (R12): what the store follows unless another country is picked here
      const mine = c.code === state.residence;
      return h('option', { value: c.code, selected: c.code === state.country, 'data-residence': mine ? '' : null },
        mine ? t('prefs.residenceOption', { country: label }) : label);
    });
}

/** (Re)renders the header; `on.country(code)` / `on.lang(code)` are called on changes. */
export function renderHeader(root, on) {
  const keep = { q: root.querySelector('#q')?.value ?? '', focus: document.activeElement?.id };
  const input = h('input', {
    id: 'q', name: 'q', type: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': 'q-list', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', maxlength: 200,
    placeholder: t('search.placeholder'), 'data-testid': 'search-input', value: keep.q,
  });
  const list = h('ul', { id: 'q-list', role: 'listbox', class: 'suggestions', 'aria-label': t('suggest.label'), 'data-testid': 'suggestions', hidden: true });
  const status = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  const form = h('form', {
    class: 'search-form', role: 'search', action: '/search', method: 'get',
    onsubmit: (e) => {
      e.preventDefault();
      const q = input.value.trim();
      navigate(`/search${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    },
  },
  h('label', { for: 'q', class: 'sr-only' }, t('search.label')),
  h('div', { class: 'combo' }, input, list, status),
  h('button', { type: 'submit', class: 'btn btn-search' }, t('search.submit')));
  combo = combobox(input, list, status, { onPick: (s) => navigate(`/games/${encodeURIComponent(s.slug || s.id)}`) });

  const fromResidence = state.countrySource === 'residence';
  const country = h('select', {
    id: 'country-select', 'data-testid': 'country-select', 'data-source': state.countrySource,
    disabled: !state.country, onchange: (e) => on.country(e.target.value),
    title: state.residence ? t(fromResidence ? 'prefs.followsResidence' : 'prefs.pickedNotResidence') : null,
  }, countryOptions());
  const lang = h('select', { id: 'lang-select', 'data-testid': 'lang-select', onchange: (e) => on.lang(e.target.value) },
    LANGS.map((l) => h('option', { value: l, lang: l, selected: l === getLang() }, languageName(l))));

  clear(root, h('div', { class: 'header-inner' },
    logo(),
    form,
    h('div', { class: 'prefs' },
      h('label', { class: 'pref' }, h('span', { class: 'pref-label' }, t('prefs.country')), country),
      h('label', { class: 'pref' }, h('span', { class: 'pref-label' }, t('prefs.language')), lang)),
    h('div', { class: 'header-actions' }, cartLink(), userMenu())),
  h('nav', { class: 'site-nav', 'aria-label': t('nav.label') },
    h('ul', null,
      h('li', null, h('a', { href: '/' }, t('nav.home'))),
      h('li', null, h('a', { href: '/search?sort=release_desc' }, t('nav.browse'))),
      h('li', null, h('a', { href: '/search?onSale=true' }, t('nav.sale'))),
      h('li', null, h('a', { href: '/search?status=pre-order&status=announced&sort=release_asc' }, t('nav.upcoming'))))));
  markNav(root, new URL(location.href));
  if (keep.focus && root.querySelector(`#${keep.focus}`)) root.querySelector(`#${keep.focus}`).focus();
}

function markNav(root, url) {
  const here = url.pathname + url.search;
  for (const a of root.querySelectorAll('.site-nav a')) {
    if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** After each navigation: mirror the search query in the box, mark the current nav link. */
export function syncHeader(root, url) {
  combo?.reset(url.pathname === '/search' ? url.searchParams.get('q') || '' : '');
  markNav(root, url);
  syncUserMenu();
}

export function renderFooter(root) {
  const c = state.country;
  const r = state.residence;
  const prices = c && t(state.countrySource === 'residence' ? 'footer.pricesInResidence' : 'footer.pricesIn',
    { country: regionName(c), currency: state.currency || '—' });
  clear(root, h('div', { class: 'footer-inner' },
    h('p', null, t('footer.tagline')),
    c && h('p', { class: 'muted', 'data-testid': 'footer-prices' }, prices,
      r && r !== c ? ` ${t('footer.residenceNote', { country: regionName(r) })}` : ''),
    h('p', { class: 'muted small' }, t('footer.copy', { year: new Date().getFullYear() }))));
}
