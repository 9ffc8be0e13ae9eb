// Home: three rails of games.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { gameCard } from '../components/card.js';
import { loading, errorState, empty } from '../components/state.js';

const RAILS = [
  ['newAndTrending', 'home.newAndTrending', '/search?sort=release_desc&status=released'],
  ['upcoming', 'home.upcoming', '/search?status=pre-order&status=announced&sort=release_asc'],
  ['onSale', 'home.onSale', '/search?onSale=true'],
];

function rail(key, titleKey, more, games) {
  const id = `rail-${key}`;
  return h('section', { class: 'rail', 'aria-labelledby': id, 'data-testid': `rail-${key}` },
    h('div', { class: 'rail-head' },
      h('h2', { id }, t(titleKey)),
      h('a', { class: 'more', href: more }, t('home.seeAll'), h('span', { class: 'sr-only' }, `: ${t(titleKey)}`))),
    games?.length
      ? h('ul', { class: 'rail-list' }, games.map((g) => h('li', null, gameCard(g, 'home-card'))))
      : empty(t('home.railEmpty')));
}

export async function mount(main, { signal }) {
  document.title = `K Store — ${t('home.title')}`;
  const heading = h('div', { class: 'hero' }, h('h1', null, t('home.heading')), h('p', null, t('home.subheading')));
  const live = h('div', { class: 'rails' }, loading());
  clear(main, heading, live);
  const load = async () => {
    live.replaceChildren(loading());
    try {
      const data = await api.home(signal);
      live.replaceChildren(...RAILS.map(([k, tk, more]) => rail(k, tk, more, data[k])));
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      live.replaceChildren(errorState(e, load));
    }
  };
  await load();
}
