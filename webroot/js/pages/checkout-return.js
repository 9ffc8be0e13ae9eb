// Back from a provider's page (/checkout/return?order=<id>&pg_token=…|payment_intent=…|result=cancel|fail):
// hands what the provider put in the URL to POST /orders/{id}/confirm, then shows the order (confirmation,
// failure, or still waiting). The URL is replaced by /orders/{id}, so Back or a reload never confirms twice.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { ready } from '../session.js';
import { navigate } from '../router.js';
import { loading, errorState } from '../components/state.js';
import { signInFirst } from './account.js';
import { lastOrder } from '../checkout-shared.js';
import { renderOrder } from './order.js';

const MAX_PARAMS = 10;
const MAX_LEN = 512;

export async function mount(main, { url, signal }) {
  document.title = `${t('return.title')} — K Store`;
  const id = url.searchParams.get('order') || lastOrder();
  const params = {};
  for (const [k, v] of url.searchParams) {
    if (k === 'order' || k in params || Object.keys(params).length >= MAX_PARAMS) continue;
    params[k] = v.slice(0, MAX_LEN);
  }
  clear(main, h('div', { 'data-testid': 'checkout-return' }, h('h1', null, t('return.title')), loading(t('return.confirming'))));
  const me = await ready();
  if (!me) {
    signInFirst(main, 'return.title', url.pathname + url.search);
    return;
  }
  if (!id) {
    clear(main, h('h1', null, t('return.title')), errorState({ code: 'NOT_FOUND', message: t('return.noOrder') }));
    return;
  }
  try {
    const o = await api.confirmOrder(id, params, signal);
    history.replaceState({}, '', `/orders/${encodeURIComponent(o.id || id)}`);
    if (o.status === 'pending' || o.status === 'requires_action') {
      await navigate(`/orders/${encodeURIComponent(o.id || id)}`, { replace: true }); // the waiting page polls
    } else {
      renderOrder(main, o, { focus: true });
    }
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    clear(main, h('h1', null, t('return.title')), errorState(e, () => mount(main, { url, signal })),
      h('p', null, h('a', { href: `/orders/${encodeURIComponent(id)}` }, t('return.seeOrder'))));
  }
}
