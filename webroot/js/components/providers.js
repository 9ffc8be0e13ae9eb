// Social sign-in buttons for the viewer's country: the popular ones first and large, then the rest.
// Each is a plain link: the server redirects through the provider and back, setting the session cookie.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { regionName } from '../format.js';
import { state } from '../prefs.js';

function button(p, returnTo, big) {
  const href = `/api/v1/auth/oauth/${encodeURIComponent(p.id)}/start?returnTo=${encodeURIComponent(returnTo)}`;
  return h('li', null, h('a', {
    class: `btn provider provider-${String(p.id).replace(/[^a-z0-9_-]/gi, '')}${big ? ' provider-first' : ''}`,
    href, 'data-native': '', 'data-testid': `provider-${p.id}`, 'data-kind': p.kind,
  }, h('span', { class: 'provider-mark', 'aria-hidden': 'true' }, String(p.name || p.id).slice(0, 1)),
  t('signin.with', { provider: p.name || p.id })));
}

/**
 * The providers section (fills in when /auth/providers answers). `returnTo`: the app path to come back
 * to. `onPassword(allowed)` is told whether the country allows email + password.
 */
export function providerSection(returnTo, signal, onPassword = () => {}) {
  const box = h('section', { class: 'providers', 'aria-labelledby': 'providers-h', 'aria-busy': 'true' },
    h('h2', { id: 'providers-h', class: 'sr-only' }, t('signin.providers')));
  api.providers(state.country || undefined, signal).then((res) => {
    const list = res?.providers || [];
    onPassword(res?.password !== false);
    const first = list.filter((p) => p.first);
    const more = list.filter((p) => !p.first);
    box.setAttribute('aria-busy', 'false');
    if (!list.length) {
      box.hidden = true;
      return;
    }
    box.append(
      first.length > 0 && h('div', { class: 'providers-group' },
        h('h3', { class: 'providers-title' }, t('signin.popular', { country: regionName(res.country || state.country || '') })),
        h('ul', { class: 'provider-list provider-list-first' }, first.map((p) => button(p, returnTo, true)))),
      more.length > 0 && h('div', { class: 'providers-group' },
        h('h3', { class: 'providers-title' }, first.length ? t('signin.moreWays') : t('signin.providers')),
        h('ul', { class: 'provider-list' }, more.map((p) => button(p, returnTo, false)))),
      h('p', { class: 'or', 'aria-hidden': 'true' }, h('span', null, t('signin.or'))));
  }, (e) => {
    if (e.name === 'AbortError') return;
    box.setAttribute('aria-busy', 'false');
    box.hidden = true; // email + password still works
    onPassword(true);
  });
  return box;
}
