// Entry point: load preferences, context and UI strings, then start the router.
import { api } from './api.js';
import { state, setCountry, setLang, browserLang, LANGS } from './prefs.js';
import { setLanguage, preload, t } from './i18n.js';
import { route, start, refresh } from './router.js';
import { renderHeader, renderFooter, syncHeader } from './components/header.js';
import { loadSession } from './session.js';

const header = document.getElementById('site-header');
const footer = document.getElementById('site-footer');
const main = document.getElementById('main');

route(/^\/$/, () => import('./pages/home.js'));
route(/^\/search\/?$/, () => import('./pages/search.js'));
route(/^\/games\/([^/]+)\/?$/, () => import('./pages/game.js'));
route(/^\/signin\/?$/, () => import('./pages/signin.js'));
route(/^\/signup\/?$/, () => import('./pages/signup.js'));
route(/^\/forgot-password\/?$/, () => import('./pages/forgot.js'));
route(/^\/reset-password\/?$/, () => import('./pages/reset.js'));
route(/^\/verify-email\/?$/, () => import('./pages/verify.js'));
route(/^\/account\/?$/, () => import('./pages/account.js'));
route(/^\/friends\/?$/, () => import('./pages/friends.js'));
const notFound = () => import('./pages/notfound.js');

function chrome() {
  renderHeader(header, { country: onCountry, lang: onLang });
  renderFooter(footer);
  document.getElementById('skip-link').textContent = t('skip');
}

async function onCountry(code) {
  setCountry(code);
  renderFooter(footer);
  await refresh();
}

async function onLang(l) {
  if (!LANGS.includes(l)) return;
  setLang(l);
  state.lang = await setLanguage(l);
  chrome();
  await refresh();
}

async function boot() {
  const guess = state.lang || browserLang();
  preload(guess);
  loadSession().catch(() => {}); // the header shows the account area when /me answers; pages that need it wait

  const ctxReady = api.context().catch(() => null).then((ctx) => {
    state.context = ctx;
    const known = ctx?.countries?.map((c) => c.code);
    if (state.country && known?.length && !known.includes(state.country)) setCountry(null);
    if (!state.country && ctx?.country) state.country = ctx.country;
    return ctx;
  });
  // A returning viewer (country and language stored) doesn't wait for the context: it only fills the selector.
  const waitForContext = !state.country || !state.lang;
  const ctx = waitForContext ? await ctxReady : null;
  // A stored choice wins; else the server's detection (Accept-Language / geo), else the browser's.
  const l = await setLanguage(state.lang || (LANGS.includes(ctx?.lang) ? ctx.lang : guess)).catch(() => 'en');
  state.lang = l;
  chrome();
  if (!waitForContext) {
    const stored = state.country;
    ctxReady.then(() => {
      chrome();
      if (stored !== state.country) refresh(); // the stored country is no longer offered
    });
  }
  await start({ root: main, notFound, rendered: (url) => syncHeader(header, url) });
}

boot().catch((e) => {
  console.error(e);
  main.setAttribute('aria-busy', 'false');
  main.textContent = 'K Store could not start. Please reload the page.';
});
