// 404 view for unknown routes and unknown games.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';

export function renderNotFound(main, kind = 'page') {
  document.title = `${t(`notFound.${kind}.title`)} — K Store`;
  clear(main, h('section', { class: 'not-found', 'data-testid': 'not-found' },
    h('p', { class: 'big', 'aria-hidden': 'true' }, '404'),
    h('h1', null, t(`notFound.${kind}.title`)),
    h('p', null, t(`notFound.${kind}.text`)),
    h('p', { class: 'actions' },
      h('a', { class: 'btn btn-primary', href: '/' }, t('notFound.home')),
      h('a', { class: 'btn', href: '/search' }, t('notFound.browse')))));
}

export function mount(main) {
  renderNotFound(main, 'page');
}
