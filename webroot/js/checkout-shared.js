// Bits shared by the checkout, return, order and library pages.
import { h } from './dom.js';
import { t, getLang } from './i18n.js';
import { money, number } from './format.js';

/** A random UUID (v4); crypto.randomUUID only exists on secure origins, getRandomValues everywhere. */
export function uuid() {
  if (globalThis.crypto?.randomUUID) {
    try { return crypto.randomUUID(); } catch { /* insecure context */ }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Money of a quote or order (amounts in minor units with the object's currency and digits). */
export const m = (o, amount) => money(amount, o.currency, o.digits);

/** A payment method's name in the UI language (names: {en, ko, ja, zh}). */
export function methodName(method) {
  if (!method) return '';
  return method.names?.[getLang()] || method.names?.en || method.name || method.id;
}

/** The order id the browser last sent to a provider (the return page's fallback when ?order= is missing). */
const LAST = 'kstore.checkout.order';
export function rememberOrder(id) {
  try { sessionStorage.setItem(LAST, id); } catch { /* private mode */ }
}
export function lastOrder() {
  try { return sessionStorage.getItem(LAST); } catch { return null; }
}

/** A <dl> row with a test hook on the value (data-amount in minor units when money). */
export function sumRow(label, value, testid, amount, cls) {
  return h('div', { class: `sum-row${cls ? ` ${cls}` : ''}` },
    h('dt', null, label),
    h('dd', { 'data-testid': testid || null, 'data-amount': amount ?? null }, value));
}

/** The lines of a quote or order: title, list price, discount, amount. */
export function lines(o) {
  return h('ul', { class: 'plain-list lines', 'data-testid': 'order-lines' }, (o.items || []).map((it) => {
    const off = it.discountPercent > 0 && it.list > it.amount;
    return h('li', { class: 'row line', 'data-testid': 'order-line', 'data-game-id': it.gameId, 'data-amount': it.amount },
      h('div', { class: 'row-main' },
        h('a', { class: 'row-name', href: `/games/${it.gameId}` }, it.title || `#${it.gameId}`),
        off && h('span', { class: 'badge badge-discount' }, t('price.discount', { percent: it.discountPercent })),
        off && it.discountKind === 'pre-order' && h('span', { class: 'badge status status-pre-order' }, t('price.preorderDiscount'))),
      h('div', { class: 'line-price' },
        off && h('s', { class: 'price-list' }, h('span', { class: 'sr-only' }, t('price.listLabel')), m(o, it.list)),
        h('span', { class: 'price-now' }, it.amount === 0 ? t('price.free') : m(o, it.amount))));
  }));
}

/** Subtotal, discount, points, tax (included or added), total, points earned. */
export function totals(o, { spent = o.points ?? o.pointsSpent ?? 0, earned = true } = {}) {
  const taxText = o.taxIncluded ? t('checkout.taxIncluded', { amount: m(o, o.tax) }) : `+${m(o, o.tax)}`;
  return h('dl', { class: 'sums', 'data-testid': 'order-sums' },
    sumRow(t('checkout.subtotal'), m(o, o.subtotal), 'sum-subtotal', o.subtotal),
    o.discount > 0 && sumRow(t('checkout.discount'), `−${m(o, o.discount)}`, 'sum-discount', o.discount),
    spent > 0 && sumRow(t('checkout.pointsUsed', { count: spent, n: number(spent) }), `−${m(o, o.pointsValue)}`, 'sum-points', o.pointsValue),
    o.tax > 0 || !o.taxIncluded ? sumRow(o.taxIncluded ? t('checkout.taxIncludedLabel') : t('checkout.taxAdded'), taxText, 'sum-tax', o.tax) : null,
    sumRow(t('checkout.total'), m(o, o.total), 'order-total', o.total, 'sum-total'),
    earned && o.pointsEarned > 0 && sumRow(t('checkout.pointsEarnedLabel'), t('checkout.pointsValue', { count: o.pointsEarned, n: number(o.pointsEarned) }), 'points-earned', o.pointsEarned));
}

const FAILURES = ['insufficient_funds', 'declined', 'authentication_failed', 'cancelled_by_buyer', 'expired', 'EXPIRED',
  'card_country_unavailable'];

/** Why a payment failed: a localized line for the known codes, then the provider's own words (often English). */
export function failureLines(o) {
  const code = o.failure?.code || '';
  const own = o.failure?.message;
  const text = FAILURES.includes(code) ? t(`payment.failure.${code}`) : (own || t('checkout.failedText'));
  return [
    h('p', { 'data-testid': 'payment-failure', 'data-code': code }, text),
    own && own !== text && h('p', { class: 'small', lang: 'en' }, own),
  ];
}
