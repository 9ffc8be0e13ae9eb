// Game page.
import { api, query } from '../api.js';
import { h, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { releaseDate, number, regionName } from '../format.js';
import { state } from '../prefs.js';
import { cover } from '../cover.js';
import { titleLang } from '../components/card.js';
import { priceBlock, statusBadge } from '../components/price.js';
import { loading, errorState } from '../components/state.js';
import { renderNotFound } from './notfound.js';
import * as cart from '../cart.js';
import { CART_MAX } from '../cart.js';

const chips = (facet, values) => h('ul', { class: 'chips' },
  values.map((v) => h('li', null, h('a', { class: 'chip', href: `/search${query({ [facet]: v })}` }, v))));

function row(label, ...value) {
  const kids = value.filter((v) => v != null && v !== '' && !(Array.isArray(v) && !v.length));
  return kids.length ? [h('dt', null, label), h('dd', null, ...kids)] : null;
}

const REASONS = ['NOT_IN_SERVICE_COUNTRIES', 'BLOCKED_IN_COUNTRY', 'NOT_RELEASED_NO_PREORDER'];

function regionMessage(g) {
  const a = g.availability;
  if (!a || a.purchasable !== false) return null;
  const reason = REASONS.includes(a.reason) ? a.reason : 'UNKNOWN';
  const text = t(`availability.${reason}.text`, { country: regionName(state.country || '') });
  return h('div', { class: `notice notice-${reason === 'NOT_RELEASED_NO_PREORDER' ? 'info' : 'warn'}`, role: 'note', 'data-testid': 'region-message', 'data-reason': reason },
    h('p', { class: 'notice-title' }, t(`availability.${reason}`)),
    h('p', null, text),
    a.message && a.message !== text && h('p', { class: 'small' }, a.message));
}

function buyBox(g) {
  const can = g.availability?.purchasable !== false && !!g.price && g.status !== 'announced';
  if (!can) {
    return h('div', { class: 'buy' },
      h('button', { type: 'button', class: 'btn btn-primary', disabled: true, 'aria-describedby': 'buy-note', 'data-testid': 'buy-button' }, t('buy.unavailable')),
      h('p', { id: 'buy-note', class: 'muted small' }, t('buy.notNow')));
  }
  const pre = g.status === 'pre-order';
  const p = g.price;
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-testid': 'cart-status' });
  const box = h('div');
  const fill = (announce) => {
    const inCart = cart.has(g.id);
    const full = !inCart && cart.count() >= CART_MAX;
    clear(box,
      inCart
        ? h('a', { class: 'btn btn-primary', href: '/cart', 'data-testid': 'go-to-cart' }, t('cart.inCartGo'))
        : h('button', {
          type: 'button', class: 'btn btn-primary', 'data-testid': 'buy-button', 'data-action': 'add', disabled: full,
          'aria-describedby': 'buy-note',
          onclick: () => {
            if (cart.add(g)) fill(t('cart.added', { title: g.title }));
          },
        }, pre ? t('buy.preorder') : t('buy.addToCart')),
      pre && h('p', { id: 'buy-note', class: 'small preorder-note', 'data-testid': 'preorder-note' },
        (p.discountKind || g.discount?.kind) === 'pre-order' && p.discountPercent > 0
          ? t('buy.preorderDiscountNote', { percent: p.discountPercent, date: g.releaseAt ? releaseDate(g.releaseAt) : '—' })
          : t('buy.preorderNote', { date: g.releaseAt ? releaseDate(g.releaseAt) : '—' })),
      !pre && h('p', { id: 'buy-note', class: 'muted small' }, full ? t('cart.full', { max: CART_MAX }) : t('buy.note')));
    if (announce) {
      status.textContent = announce;
      box.querySelector('a, button')?.focus();
    }
  };
  fill();
  // the live region stays in place while the button turns into the cart link, so the change is announced
  return h('div', { class: 'buy', 'data-testid': 'buy-box' }, box, status);
}

function render(main, g) {
  const lang = getLang();
  const tl = titleLang(g);
  const en = g.titles?.en;
  document.title = `${g.title} — K Store`;
  const rating = g.rating && (g.rating.positive + g.rating.negative) > 0
    ? h('span', { class: `rating rating-${g.rating.percent >= 70 ? 'good' : g.rating.percent >= 40 ? 'mixed' : 'bad'}` },
      t('game.ratingValue', { percent: g.rating.percent, n: number(g.rating.positive + g.rating.negative) }))
    : t('game.noRating');
  clear(main, h('article', { class: 'game', 'data-testid': 'game', 'data-id': g.id, 'data-slug': g.slug },
    h('nav', { class: 'crumbs', 'aria-label': t('game.crumbs') }, h('a', { href: '/' }, t('nav.home')), ' / ', h('a', { href: '/search' }, t('nav.browse'))),
    h('div', { class: 'game-top' },
      h('div', { class: 'game-cover' }, cover(g, { label: t('game.coverAlt', { title: g.title }), lang: tl })),
      h('div', { class: 'game-info' },
        h('h1', { class: 'game-title', 'data-testid': 'game-title', lang: tl }, g.title),
        en && en !== g.title && h('p', { class: 'game-title-en', lang: 'en', 'data-testid': 'game-title-en' }, en),
        h('p', { class: 'badges' }, statusBadge(g.status, true)),
        regionMessage(g),
        priceBlock(g) || ((g.status === 'announced' || g.availability?.purchasable !== false) && h('p', { class: 'price price-none' }, t(g.status === 'announced' ? 'price.tba' : 'price.unavailable'))),
        buyBox(g),
        h('dl', { class: 'facts' },
          row(t('game.developer'), g.developer),
          row(t('game.publisher'), g.publisher),
          row(t('game.release'), g.releaseAt && h('time', { datetime: g.releaseAt }, releaseDate(g.releaseAt))),
          row(t('game.platforms'), (g.platforms || []).map((p) => t(`platform.${p}`)).join(', ')),
          row(t('game.rating'), rating),
          g.ageRating > 0 && row(t('game.age'), t('game.ageValue', { age: g.ageRating })),
          g.achievements > 0 && row(t('game.achievements'), number(g.achievements)))),
    ),
    h('div', { class: 'game-body' },
      h('section', { class: 'game-desc', 'aria-labelledby': 'about-h' },
        h('h2', { id: 'about-h' }, t('game.about')),
        ...(g.description ? String(g.description).split(/\n{2,}/).map((p) => h('p', { lang: lang === tl ? null : tl }, p)) : [h('p', { class: 'muted' }, t('game.noDescription'))])),
      h('aside', { class: 'game-side', 'aria-label': t('game.details') },
        g.genres?.length > 0 && [h('h2', null, t('facet.genre')), chips('genre', g.genres)],
        g.tags?.length > 0 && [h('h2', null, t('facet.tag')), chips('tag', g.tags)],
        g.categories?.length > 0 && [h('h2', null, t('game.categories')), h('ul', { class: 'chips' }, g.categories.map((c) => h('li', { class: 'chip chip-static' }, c)))]))));
}

export async function mount(main, { params, signal }) {
  const slug = params[0];
  const load = async () => {
    clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
    try {
      render(main, await api.game(slug, signal));
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      if (e.status === 404 || e.code === 'NOT_FOUND') {
        renderNotFound(main, 'game');
      } else if (e.code === 'REGION_BLOCKED') { // should not happen (get answers with availability), but be kind
        document.title = `${t('availability.BLOCKED_IN_COUNTRY')} — K Store`;
        clear(main, h('h1', null, t('availability.BLOCKED_IN_COUNTRY')),
          regionMessage({ availability: { purchasable: false, reason: 'BLOCKED_IN_COUNTRY', message: e.message } }));
      } else {
        document.title = `${t('error.title')} — K Store`;
        clear(main, h('h1', null, t('error.title')), errorState(e, load));
      }
    }
  };
  await load();
}
