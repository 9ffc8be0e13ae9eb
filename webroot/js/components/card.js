// A game card: cover, title, status, price. The whole card is one link.
import { h, highlight } from '../dom.js';
import { cover } from '../cover.js';
import { getLang } from '../i18n.js';
import { priceTag, statusBadge } from './price.js';

/** The language the game's `title` is in: the UI language when translated, else English. */
export const titleLang = (game) => (game.titles?.[getLang()] && game.titles[getLang()] === game.title ? getLang() : 'en');

export function gameCard(game, testid) {
  const lang = titleLang(game);
  const title = h('span', { class: 'card-title', lang }, game.highlight?.title ? highlight(game.highlight.title, game.title) : game.title);
  return h('a', { class: 'card', href: `/games/${encodeURIComponent(game.slug || game.id)}`, 'data-testid': testid, 'data-slug': game.slug },
    h('span', { class: 'card-cover' }, cover(game, { lang })),
    h('span', { class: 'card-body' },
      title,
      h('span', { class: 'card-meta' }, statusBadge(game.status), priceTag(game))));
}
