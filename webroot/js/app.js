// Entry point: load preferences, context and UI strings, then start the router.
import { api } from './api.js';
import { state, setCountry, setResidence, setLang, browserLang, LANGS } from './prefs.js';
import { setLanguage, preload, t } from './i18n.js';
import { route, start, refresh } from './router.js';
import { renderHeader, renderFooter, syncHeader } from './components/header.js';
import { loadSession, session, subscribe } from './session.js';

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
route(/^\/cart\/?$/, () => import('./pages/cart.js'));
route(/^\/checkout\/?$/, () => import('./pages/checkout.js'));
route(/^\/checkout\/return\/?$/, () => import('./pages/checkout-return.js'));
route(/^\/orders\/([^/]+)\/?$/, () => import('./pages/order.js'));
route(/^\/library\/?$/, () => import('./pages/library.js'));
const notFound = () => import('./pages/notfound.js');
// Pages whose data depends on the viewing country (re-fetched when it changes).
const COUNTRY_PAGES = /^\/($|search\/?$|games\/|cart\/?$)/;
let phase = 0; // 0: booting, 1: header drawn, 2: router started

function chrome() {
  renderHeader(header, { country: onCountry, lang: onLang });
  renderFooter(footer);
  document.getElementById('skip-link').textContent = t('skip');
}

async function onCountry(code) {
  // Picking your own residence means "follow my residence" again (also after it changes on /account).
  setCountry(state.residence && code === state.residence ? null : code);
  chrome(); // the switch's hint and the footer say where the country comes from
  await refresh();
}

async function onLang(l) {
  if (!LANGS.includes(l)) return;
  setLang(l);
  state.lang = await setLanguage(l);
  chrome();
  await refresh();
}

/** Takes the signed-in account's residence (R12) from the session; true when it changed. */
function followResidence() {
  const code = session.me ? session.me.residenceCountry || null : null;
  if (code === state.residence) return false;
  setResidence(code);
  return true;
}

// Sign in / out, or a residence change on /account: the header shows the new residence, and without an
// explicit pick in this browser the viewing country (prices, availability) follows it.
subscribe((what) => {
  if (what !== 'me') return;
  const before = state.country;
  if (!followResidence()) return;
  if (phase >= 1) chrome();
  if (phase >= 2 && state.country !== before && COUNTRY_PAGES.test(location.pathname)) refresh();
});

async function boot() {
  const guess = state.lang || browserLang();
  preload(guess);
  // the header shows the account area when /me answers; pages that need it wait
  const sessionReady = loadSession().catch(() => null);

  const ctxReady = api.context().catch(() => null).then((ctx) => {
    state.context = ctx;
    const known = ctx?.countries?.map((c) => c.code);
    if (state.picked && known?.length && !known.includes(state.picked)) setCountry(null);
    return ctx; // state.country falls back to ctx.country
  });
  // Without a pick in this browser a signed-in viewer sees the residence's prices: wait (briefly) for /me.
  if (!state.picked) {
    await Promise.race([sessionReady, new Promise((ok) => { setTimeout(ok, 1500); })]);
    followResidence();
  }
  // A returning viewer (country and language known) doesn't wait for the context: it only fills the selector.
  const waitForContext = !state.country || !state.lang;
  const ctx = waitForContext ? await ctxReady : null;
  // A stored choice wins; else the server's detection (Accept-Language / geo), else the browser's.
  const l = await setLanguage(state.lang || (LANGS.includes(ctx?.lang) ? ctx.lang : guess)).catch(() => 'en');
  state.lang = l;
  chrome();
  phase = 1;
  if (!waitForContext) {
    const stored = state.country;
    ctxReady.then(() => {
      chrome();
      if (stored !== state.country) refresh(); // the stored country is no longer offered
    });
  }
  const started = start({ root: main, notFound, rendered: (url) => syncHeader(header, url) });
  phase = 2;
  await started;
}

boot().catch((e) => {
  console.error(e);
  main.setAttribute('aria-busy', 'false');
  main.textContent = 'K Store could not start. Please reload the page.';
});
