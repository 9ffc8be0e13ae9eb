// The cart (/cart): the games in this browser's cart with today's prices for the viewing country, remove,
// and checkout (signed in; signed out it sends to /signin?returnTo=/cart). Pre-orders and purchases are
// separate orders, so a mixed cart offers one checkout per kind.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { releaseDate, regionName } from '../format.js';
import { state } from '../prefs.js';
import { ready } from '../session.js';
import * as cart from '../cart.js';
import { priceTag, statusBadge } from '../components/price.js';
import { loading, empty } from '../components/state.js';

const kindOf = (g) => (g?.status === 'pre-order' ? 'pre-order' : 'purchase');

function line(item, game, status, onRemove) {
  const g = game || item;
  const sellable = game && game.price && game.availability?.purchasable !== false && game.status !== 'announced';
  return h('li', { class: 'row cart-row', 'data-testid': 'cart-item', 'data-game-id': item.id },
    h('div', { class: 'row-main' },
      h('a', { class: 'row-name', href: `/games/${encodeURIComponent(g.slug || g.id)}` }, g.title || `#${item.id}`),
      statusBadge(g.status),
      g.status === 'pre-order' && g.releaseAt && h('span', { class: 'muted small row-sub' }, t('library.availableOn', { date: releaseDate(g.releaseAt) })),
      game && !sellable && h('span', { class: 'row-sub notice-inline', 'data-testid': 'cart-unavailable' }, t('cart.unavailable'))),
    h('div', { class: 'row-actions' },
      game && priceTag(game),
      h('button', {
        type: 'button', class: 'btn btn-small', 'data-testid': `cart-remove-${item.id}`,
        'aria-label': t('cart.removeLabel', { title: g.title || `#${item.id}` }),
        onclick: () => {
          cart.remove(item.id);
          status.textContent = t('cart.removed', { title: g.title || `#${item.id}` });
          onRemove();
        },
      }, t('cart.remove'))));
}

export async function mount(main, { signal }) {
  document.title = `${t('cart.title')} — K Store`;
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-testid': 'cart-live' });
  const list = cart.items();
  clear(main, h('h1', null, t('cart.title')), loading());
  // today's prices and availability for the viewing country (a game may have gone since it was added)
  const games = await Promise.all(list.map((x) => api.game(x.id, signal).catch((e) => {
    if (e.name === 'AbortError') throw e;
    return null;
  })));
  const me = await ready();
  const byId = new Map(list.map((x, i) => [x.id, games[i]]));

  const render = () => {
    const now = cart.items();
    const rows = now.map((x) => line(x, byId.get(x.id), status, () => {
      main.querySelector('[data-testid^="cart-remove-"], .cart-empty a, h1')?.focus();
    }));
    const kinds = [...new Set(now.map((x) => kindOf(byId.get(x.id) || x)))];
    const checkoutLink = (kind) => {
      const path = `/checkout${kinds.length > 1 ? `?kind=${kind}` : ''}`;
      const href = me ? path : `/signin?returnTo=${encodeURIComponent('/cart')}`;
      const label = kinds.length > 1 ? t(kind === 'pre-order' ? 'cart.checkoutPreorders' : 'cart.checkoutPurchases') : t('cart.checkout');
      return h('a', { class: 'btn btn-primary', href, 'data-testid': kinds.length > 1 ? `checkout-${kind}` : 'checkout-button' }, label);
    };
    clear(main, h('section', { class: 'cart', 'data-testid': 'cart' },
      h('h1', null, t('cart.title')),
      now.length === 0
        ? h('div', { class: 'cart-empty' }, empty(t('cart.empty'), h('p', null, h('a', { href: '/search' }, t('cart.browse')))))
        : [
          h('ul', { class: 'plain-list panel' }, rows),
          kinds.length > 1 && h('p', { class: 'muted' }, t('cart.separate')),
          me?.residenceCountry && state.country && state.country !== me.residenceCountry
            && h('p', { class: 'muted', 'data-testid': 'cart-residence-note' }, t('cart.residenceNote', { country: regionName(me.residenceCountry) })),
          !me && h('p', { class: 'muted', 'data-testid': 'cart-signin-note' }, t('cart.signInToCheckout')),
          h('p', { class: 'actions-left' }, kinds.map(checkoutLink)),
        ],
      status));
  };
  render();
  const off = cart.onChange(() => { if (!signal.aborted) render(); });
  signal.addEventListener('abort', off, { once: true });
}
