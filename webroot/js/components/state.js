// Loading, error and empty states.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export const loading = (label) => h('p', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label || t('state.loading'));

export function errorState(err, retry) {
  const msg = err?.message && err.code !== 'NETWORK' ? err.message : t('error.network');
  return h('div', { class: 'state state-error', role: 'alert', 'data-testid': 'error' },
    h('p', { class: 'state-title' }, t('error.title')),
    h('p', null, msg),
    err?.code && h('p', { class: 'muted small' }, t('error.code', { code: err.code })),
    retry && h('button', { type: 'button', class: 'btn', onclick: retry }, t('error.retry')));
}

export const empty = (title, ...rest) => h('div', { class: 'state state-empty' }, h('p', { class: 'state-title' }, title), ...rest);
