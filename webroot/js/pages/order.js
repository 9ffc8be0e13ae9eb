// One order (/orders/{id}): the confirmation when paid (summary, points spent and earned, the mail on its way,
// a link to the library); "waiting for the payment" while pending (polls GET /orders/{id}); the reason when it
// failed; refunded orders say so.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { number, moment } from '../format.js';
import { ready, session } from '../session.js';
import * as cart from '../cart.js';
import { loading, errorState } from '../components/state.js';
import { notice } from '../components/form.js';
import { renderNotFound } from './notfound.js';
import { signInFirst } from './account.js';
import { m, lines, totals, failureLines } from '../checkout-shared.js';

const POLL_MS = 2000;
const POLL_FOR_MS = 10 * 60 * 1000;

function heading(o) {
  if (o.status === 'paid') return t(o.kind === 'pre-order' ? 'order.paidPreorder' : 'order.paid');
  if (o.status === 'failed') return t('order.failed');
  if (o.status === 'refunded') return t('order.refunded');
  return t('order.waiting');
}

/** The order view; `waiting` is the live status line while it polls. */
export function renderOrder(main, o, { focus = false, waiting = null } = {}) {
  document.title = `${heading(o)} — K Store`;
  const settled = o.status === 'paid' || o.status === 'refunded';
  const email = session.me?.email;
  clear(main, h('article', { class: 'order', 'data-testid': 'order', 'data-status': o.status, 'data-order-id': o.id },
    h('h1', { tabindex: '-1' }, heading(o)),
    o.status === 'paid' && notice('ok', null,
      h('p', { 'data-testid': 'order-confirmed' }, t(o.kind === 'pre-order' ? 'order.paidPreorderText' : 'order.paidText')),
      h('p', { 'data-testid': 'mail-note' }, email ? t('order.mailTo', { email }) : t('order.mail'))),
    o.status === 'failed' && h('div', { class: 'notice notice-warn', role: 'alert', 'data-testid': 'order-failed' },
      h('p', { class: 'notice-title' }, t('checkout.failedTitle')),
      failureLines(o),
      h('p', null, t('order.failedNext'))),
    o.status === 'refunded' && notice('info', null, h('p', null, t('order.refundedText', { amount: m(o, o.total) }))),
    (o.status === 'pending' || o.status === 'requires_action') && h('div', { class: 'notice notice-info', 'data-testid': 'order-waiting' },
      waiting,
      h('p', null, t(o.status === 'requires_action' ? 'order.waitingAction' : 'order.waitingText')),
      o.nextActionUrl && h('p', null, h('a', { href: o.nextActionUrl, 'data-native': '', 'data-testid': 'next-action' },
        t(o.status === 'requires_action' ? 'order.continueAction' : 'order.instructions')))),
    h('section', { class: 'panel', 'aria-labelledby': 'order-sum-h' },
      h('h2', { id: 'order-sum-h' }, t('order.summary')),
      h('p', { class: 'muted small' }, t('order.number', { id: o.id }),
        o.paidAt && ` · ${t('order.paidAt', { date: moment(o.paidAt) })}`),
      lines(o),
      totals(o, { spent: o.pointsSpent, earned: o.status !== 'paid' }),
      settled && o.pointsSpent > 0 && h('p', { class: 'small', 'data-testid': 'points-spent' },
        t('order.pointsSpent', { count: o.pointsSpent, n: number(o.pointsSpent) })),
      o.status === 'paid' && o.pointsEarned > 0 && h('p', { class: 'small', 'data-testid': 'points-earned', 'data-amount': o.pointsEarned },
        t('order.pointsEarned', { count: o.pointsEarned, n: number(o.pointsEarned) }))),
    h('p', { class: 'actions-left' },
      o.status === 'failed'
        ? h('a', { class: 'btn btn-primary', href: '/checkout', 'data-testid': 'try-again' }, t('order.tryAgain'))
        : h('a', { class: o.status === 'paid' ? 'btn btn-primary' : 'btn', href: '/library', 'data-testid': 'go-library' }, t('order.toLibrary')),
      h('a', { class: 'btn', href: '/search' }, t('cart.browse')))));
  if (o.status === 'paid') cart.remove(...(o.items || []).map((i) => i.gameId));
  if (focus) main.querySelector('h1')?.focus({ preventScroll: true });
}

export async function mount(main, { params, signal }) {
  const id = params[0];
  document.title = `${t('order.title')} — K Store`;
  clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
  const me = await ready();
  if (!me) {
    signInFirst(main, 'order.title', `/orders/${encodeURIComponent(id)}`);
    return;
  }
  let o;
  try {
    o = await api.order(id, signal);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    if (e.status === 404 || e.status === 400) {
      renderNotFound(main, 'page');
      return;
    }
    clear(main, h('h1', null, t('error.title')), errorState(e, () => mount(main, { params, signal })));
    return;
  }
  const waiting = () => h('p', { class: 'state-loading', role: 'status', 'aria-live': 'polite', 'data-testid': 'waiting-status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('order.checking'));
  const open = (x) => x.status === 'pending' || x.status === 'requires_action';
  renderOrder(main, o, { waiting: open(o) ? waiting() : null });
  if (!open(o)) return;
  // waiting for the provider (a voucher, a webhook, reconciliation): poll until it settles, then say so
  const started = Date.now();
  const poll = async () => {
    if (signal.aborted) return;
    if (Date.now() - started > POLL_FOR_MS) {
      const again = h('button', { type: 'button', class: 'btn', onclick: () => mount(main, { params, signal }) }, t('order.checkAgain'));
      main.querySelector('[data-testid=waiting-status]')?.replaceWith(h('p', { role: 'status' }, t('order.stillWaiting')), again);
      return;
    }
    try {
      const next = await api.order(id, signal);
      if (!open(next)) {
        renderOrder(main, next, { focus: true });
        return;
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}
