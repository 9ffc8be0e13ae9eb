// Price and status badges shared by cards and the game page.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { money, moment } from '../format.js';

export function statusBadge(status, testid) {
  if (!status) return null;
  return h('span', { class: `badge status status-${status}`, 'data-status': status, 'data-testid': testid ? 'status-badge' : null },
    t(`status.${status}`));
}

function amount(p) {
  const text = p.free || p.amount === 0 ? t('price.free') : money(p.amount, p.currency, p.digits);
  return h('span', {
    class: 'price-now', 'data-testid': 'price-amount', 'data-currency': p.currency, 'data-amount': p.amount, 'data-digits': p.digits,
  }, text);
}

/** Compact price for cards. `game.price` may be null (no price yet). */
export function priceTag(game) {
  const p = game.price;
  if (!p) return h('span', { class: 'price price-none' }, t(game.status === 'announced' ? 'price.tba' : 'price.unavailable'));
  const off = p.discountPercent > 0;
  return h('span', { class: 'price' },
    off && h('span', { class: 'badge badge-discount' }, t('price.discount', { percent: p.discountPercent })),
    off && h('s', { class: 'price-list' }, h('span', { class: 'sr-only' }, t('price.listLabel')), money(p.list, p.currency, p.digits)),
    amount(p));
}

/** Full price block for the game page. */
export function priceBlock(game) {
  const p = game.price;
  if (!p) return null;
  const off = p.discountPercent > 0;
  const ends = p.discountEndsAt || game.discount?.endsAt;
  const kind = p.discountKind || game.discount?.kind;
  return h('div', { class: 'price-block' },
    h('div', { class: 'price price-lg' },
      off && h('span', { class: 'badge badge-discount' }, t('price.discount', { percent: p.discountPercent })),
      off && h('s', { class: 'price-list' }, h('span', { class: 'sr-only' }, t('price.listLabel')), money(p.list, p.currency, p.digits)),
      amount(p)),
    off && h('p', { class: 'price-note' },
      kind === 'pre-order' && h('span', { class: 'badge status status-pre-order' }, t('price.preorderDiscount')),
      ends && h('span', null, t('price.ends', { date: moment(ends) }))));
}
