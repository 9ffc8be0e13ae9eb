// The header's cart link: an icon, the number of games in the cart (updated on every change, also from
// another tab), and a screen-reader label with the count.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import * as cart from '../cart.js';

const SVG = 'http://www.w3.org/2000/svg';
const link = h('a', { class: 'user-link cart-link', href: '/cart', 'data-testid': 'cart-link' });

function icon() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M3 4h2.2l2.3 10.2a1.5 1.5 0 0 0 1.5 1.2h8.3a1.5 1.5 0 0 0 1.4-1.1L21 8H6.3M9.5 20.5a1.2 1.2 0 1 0 0-.01M17 20.5a1.2 1.2 0 1 0 0-.01');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

function fill() {
  const n = cart.count();
  link.setAttribute('aria-label', t('cart.linkLabel', { count: n }));
  clear(link, icon(), h('span', { class: 'cart-text' }, t('cart.title')),
    h('span', { class: `badge badge-count${n ? '' : ' badge-zero'}`, 'data-testid': 'cart-count', 'data-count': n, 'aria-hidden': 'true' }, String(n)));
}

cart.onChange(fill);

/** The cart link for the header (the same node on every render, filled for the current language). */
export function cartLink() {
  fill();
  return link;
}
