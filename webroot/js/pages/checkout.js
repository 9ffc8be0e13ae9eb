// Checkout (/checkout[?kind=pre-order|purchase]): a quote of the cart (lines, tax, points, total), the
// payment methods of the buyer's residence, sandbox test instruments, and "Pay" with an Idempotency-Key that
// stays the same for a retry of the same attempt (a double click or a lost answer never orders twice).
import { api } from '../api.js';
import { h, clear, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { number, regionName } from '../format.js';
import { ready } from '../session.js';
import { navigate } from '../router.js';
import * as cart from '../cart.js';
import { loading, errorState, empty } from '../components/state.js';
import { messages, errorLines, notice } from '../components/form.js';
import { signInFirst } from './account.js';
import { uuid, m, methodName, rememberOrder, lines, totals, failureLines } from '../checkout-shared.js';

/** The sandbox's test instruments (payment sandbox: no real money). */
export const TEST_CARDS = ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_insufficientFunds', 'pm_card_threeDSecureRequired',
  'pm_card_kr', 'pm_card_ir'];
export const TEST_WALLETS = ['wallet_ok', 'wallet_insufficient'];

const ATTEMPT = 'kstore.checkout.attempt';
function loadAttempt() {
  try { return JSON.parse(sessionStorage.getItem(ATTEMPT) || 'null'); } catch { return null; }
}
function saveAttempt(a) {
  try { a ? sessionStorage.setItem(ATTEMPT, JSON.stringify(a)) : sessionStorage.removeItem(ATTEMPT); } catch { /* private mode */ }
}

/** How many points may pay for this quote: the balance, and no more than the amount before points. */
function maxPoints(q) {
  if (Number.isInteger(q.maxPoints)) return Math.max(0, Math.min(q.maxPoints, q.pointsBalance ?? q.maxPoints));
  const unit = q.points > 0 && q.pointsValue > 0 ? q.pointsValue / q.points : 1; // minor units one point pays
  const gross = q.total + (q.pointsValue || 0);
  return Math.max(0, Math.min(Number(q.pointsBalance) || 0, Math.floor(gross / unit)));
}

function regionBlocked(err) {
  return h('div', { class: 'notice notice-warn', role: 'alert', 'data-testid': 'region-message', 'data-reason': 'REGION_BLOCKED' },
    h('p', { class: 'notice-title' }, t('checkout.regionTitle')),
    h('p', null, t('checkout.regionText')),
    err?.message && h('p', { class: 'small' }, err.message));
}

export async function mount(main, { url, signal }) {
  const here = url.pathname + url.search;
  document.title = `${t('checkout.title')} — K Store`;
  clear(main, h('h1', null, t('checkout.title')), loading());
  const me = await ready();
  if (!me) {
    signInFirst(main, 'checkout.title', here);
    return;
  }
  const kind = url.searchParams.get('kind');
  const inCart = cart.items().filter((x) => !kind || (kind === 'pre-order') === (x.status === 'pre-order'));
  if (!inCart.length) {
    clear(main, h('h1', null, t('checkout.title')),
      empty(t('cart.empty'), h('p', null, h('a', { href: '/cart' }, t('checkout.backToCart')))));
    return;
  }
  const ids = inCart.map((x) => x.id);

  let quote;
  let methods;
  try {
    [quote, methods] = await Promise.all([api.quote(ids, 0, signal), api.paymentMethods(signal)]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    if (e.status === 401) {
      signInFirst(main, 'checkout.title', here);
      return;
    }
    clear(main, h('h1', null, t('checkout.title')),
      e.status === 451 || e.code === 'REGION_BLOCKED' ? regionBlocked(e) : errorState(e, () => mount(main, { url, signal })),
      h('p', null, h('a', { href: '/cart' }, t('checkout.backToCart'))));
    return;
  }
  const list = methods?.methods || [];
  let method = list[0]?.id || null;
  const instrument = { card: TEST_CARDS[0], wallet: TEST_WALLETS[0] };
  let attempt = loadAttempt();
  let busy = false;
  let quoting = false;
  let quoteSeq = 0;
  let quoteCtl = null;

  const msg = messages('checkout-error');
  const live = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-testid': 'quote-live' });
  const summary = h('section', { class: 'panel checkout-summary', 'aria-labelledby': 'sum-h', 'data-testid': 'quote' },
    h('h2', { id: 'sum-h' }, t('checkout.summary')));
  const summaryBody = h('div');
  summary.append(summaryBody);

  // points: a slider and a number field kept in step; a re-quote after a short pause
  const range = h('input', { type: 'range', id: 'points-range', min: 0, step: 1, value: 0, 'data-testid': 'points-range' });
  const num = h('input', { type: 'number', id: 'points-input', min: 0, step: 1, value: 0, inputmode: 'numeric', 'data-testid': 'points-input', 'aria-describedby': 'points-hint' });
  const pointsHint = h('p', { id: 'points-hint', class: 'muted small', 'data-testid': 'points-balance' });
  const pointsBox = h('fieldset', { class: 'panel points', 'data-testid': 'points' },
    h('legend', null, t('checkout.points')),
    h('div', { class: 'points-row' },
      h('label', { for: 'points-range', class: 'sr-only' }, t('checkout.pointsToUse')),
      range,
      h('label', { for: 'points-input', class: 'points-num' }, h('span', { class: 'sr-only' }, t('checkout.pointsToUse')), num)),
    pointsHint);

  const payBtn = h('button', { type: 'submit', class: 'btn btn-primary btn-block pay', 'data-testid': 'pay-button' });
  const methodBox = h('fieldset', { class: 'panel methods', 'data-testid': 'payment-methods' });
  const form = h('form', { class: 'checkout-form', novalidate: true }, methodBox, payBtn, ...msg.nodes);

  const setPoints = (n, from) => {
    const max = maxPoints(quote);
    const v = Math.max(0, Math.min(max, Math.floor(Number(n) || 0)));
    if (from !== range) range.value = String(v);
    if (from !== num) num.value = String(v);
    range.setAttribute('aria-valuetext', t('checkout.pointsValue', { count: v, n: number(v) }));
    return v;
  };

  function drawSummary() {
    const max = maxPoints(quote);
    clear(summaryBody,
      quote.kind === 'pre-order' && notice('info', null, h('p', { 'data-testid': 'preorder-notice' }, t('checkout.preorderNotice'))),
      lines(quote),
      totals(quote));
    summaryBody.setAttribute('aria-busy', String(quoting));
    range.max = String(max);
    num.max = String(max);
    range.disabled = max === 0;
    num.disabled = max === 0;
    pointsHint.textContent = max === 0 && !(quote.pointsBalance > 0)
      ? t('checkout.noPoints')
      : t('checkout.pointsHint', { count: quote.pointsBalance ?? 0, n: number(quote.pointsBalance ?? 0), max: number(max) });
    payBtn.textContent = t(quote.kind === 'pre-order' ? 'checkout.payPreorder' : 'checkout.pay', { amount: m(quote, quote.total) });
    payBtn.disabled = busy || quoting || !method;
    payBtn.setAttribute('aria-busy', String(busy));
  }

  async function requote(points, announce = true) {
    const seq = ++quoteSeq;
    quoteCtl?.abort();
    quoteCtl = new AbortController();
    const stop = () => quoteCtl.abort();
    signal.addEventListener('abort', stop, { once: true });
    quoting = true;
    drawSummary();
    try {
      const q = await api.quote(ids, points, quoteCtl.signal);
      if (seq !== quoteSeq) return null;
      const before = quote;
      quote = q;
      if (announce) live.textContent = t('checkout.newTotal', { amount: m(q, q.total) });
      return before;
    } catch (e) {
      if (e.name === 'AbortError') return null;
      if (seq === quoteSeq) {
        setPoints(quote.points);
        if (e.status === 451 || e.code === 'REGION_BLOCKED') msg.error.replaceChildren(regionBlocked(e));
        else msg.fail(e);
      }
      return null;
    } finally {
      signal.removeEventListener('abort', stop);
      if (seq === quoteSeq) {
        quoting = false;
        drawSummary();
      }
    }
  }
  const requoteSoon = debounce((v) => requote(v), 350);
  signal.addEventListener('abort', () => requoteSoon.cancel(), { once: true });
  // while the slider moves or digits are typed the other control follows; leaving the number field (change)
  // writes the clamped value back into it
  const onPoints = (e) => {
    if (e.target === num && e.type === 'input' && num.value === '') return; // cleared to type anew
    const v = setPoints(e.target.value, e.type === 'input' ? e.target : null);
    msg.clear();
    if (v !== quote.points || quoting) requoteSoon(v);
    else requoteSoon.cancel();
  };
  range.addEventListener('input', onPoints);
  num.addEventListener('input', onPoints);
  num.addEventListener('change', onPoints);

  function instrumentField(m0) {
    if (m0.kind === 'card') {
      return h('div', { class: 'field instrument' },
        h('label', { for: 'test-card' }, t('checkout.testCard')),
        h('select', {
          id: 'test-card', 'data-testid': 'test-card', 'aria-describedby': 'sandbox-note',
          onchange: (e) => { instrument.card = e.target.value; },
        }, TEST_CARDS.map((c) => h('option', { value: c, selected: c === instrument.card }, `${t(`checkout.card.${c}`)} (${c})`))));
    }
    if (m0.kind === 'wallet') {
      return h('div', { class: 'field instrument' },
        h('label', { for: 'wallet-account' }, t('checkout.testWallet', { method: methodName(m0) })),
        h('select', {
          id: 'wallet-account', 'data-testid': 'wallet-account', 'aria-describedby': 'sandbox-note',
          onchange: (e) => { instrument.wallet = e.target.value; },
        }, TEST_WALLETS.map((w) => h('option', { value: w, selected: w === instrument.wallet }, `${t(`checkout.wallet.${w}`)} (${w})`))));
    }
    return h('p', { class: 'muted small' }, t(m0.kind === 'voucher' ? 'checkout.voucherNote' : 'checkout.redirectNote'));
  }

  function drawMethods() {
    const current = list.find((x) => x.id === method);
    clear(methodBox,
      h('legend', null, t('checkout.method')),
      list.length === 0
        ? h('p', { 'data-testid': 'no-methods' }, t('checkout.noMethods', { country: regionName(methods?.country || me.residenceCountry || '') }))
        : h('div', { class: 'method-list' }, list.map((x) => h('label', { class: 'method', 'data-kind': x.kind },
          h('input', {
            type: 'radio', name: 'method', value: x.id, checked: x.id === method, 'data-testid': `method-${x.id}`,
            onchange: () => {
              method = x.id;
              msg.clear();
              drawMethods();
              methodBox.querySelector(`input[value="${CSS.escape(x.id)}"]`)?.focus();
            },
          }),
          h('span', null, methodName(x))))),
      current && instrumentField(current),
      h('p', { id: 'sandbox-note', class: 'sandbox-note small', 'data-testid': 'sandbox-note' }, t('checkout.sandbox')));
    drawSummary();
  }

  /** What the server answered for an order: go where it says. */
  async function onOrder(o) {
    rememberOrder(o.id);
    if (o.status === 'failed') {
      attempt = null; // a new attempt is a new order: a new key
      saveAttempt(null);
      msg.status.textContent = '';
      msg.error.replaceChildren(h('p', { class: 'form-error-title' }, t('checkout.failedTitle')),
        ...failureLines(o).filter(Boolean),
        h('p', null, t('checkout.pickAgain')));
      methodBox.querySelector('input[name=method]:checked, input[name=method]')?.focus();
      return;
    }
    saveAttempt(null);
    if (o.status === 'requires_action' && o.nextActionUrl) {
      msg.progress(t('checkout.redirecting'));
      location.assign(o.nextActionUrl);
      return;
    }
    await navigate(`/orders/${encodeURIComponent(o.id)}`); // paid: the confirmation; pending: the waiting page
  }

  async function pay() {
    if (busy || quoting || !method) return;
    busy = true;
    drawSummary();
    msg.progress(t('checkout.paying'));
    try {
      if (Date.parse(quote.expiresAt) - Date.now() < 15_000) await requote(quote.points, false);
      const current = list.find((x) => x.id === method);
      const body = { quoteToken: quote.quoteToken, method };
      if (current?.kind === 'card') body.instrument = instrument.card;
      else if (current?.kind === 'wallet') body.instrument = instrument.wallet;
      const sig = JSON.stringify(body);
      if (!attempt || attempt.sig !== sig) attempt = { key: uuid(), sig };
      saveAttempt(attempt);
      const o = await api.placeOrder(body, attempt.key, signal);
      await onOrder(o);
    } catch (e) {
      if (e.name === 'AbortError') return;
      msg.status.textContent = '';
      if (e.status === 409) {
        // the price changed (or the quote expired, or the game is owned already): a new quote, a new attempt
        attempt = null;
        saveAttempt(null);
        const old = quote;
        busy = false;
        await requote(quote.points, false);
        const changed = old.total !== quote.total || old.currency !== quote.currency;
        msg.error.replaceChildren(...(changed
          ? [h('p', { class: 'form-error-title', 'data-testid': 'price-changed' }, t('checkout.priceChanged')),
            h('p', null, t('checkout.priceNow', { was: m(old, old.total), now: m(quote, quote.total) }))]
          : errorLines(e)));
      } else if (e.status === 451 || e.code === 'REGION_BLOCKED') {
        msg.error.replaceChildren(regionBlocked(e));
      } else if (e.status === 401) {
        signInFirst(main, 'checkout.title', here);
        return;
      } else {
        // no answer (network, 5xx): the same key on the next click, so a retry cannot order twice
        msg.error.replaceChildren(...errorLines(e), h('p', null, t('checkout.retrySafe')));
      }
    } finally {
      busy = false;
      if (main.contains(payBtn)) drawSummary();
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    pay();
  });

  clear(main, h('div', { class: 'checkout', 'data-testid': 'checkout' },
    h('h1', null, t(quote.kind === 'pre-order' ? 'checkout.titlePreorder' : 'checkout.title')),
    h('p', null, h('a', { href: '/cart' }, t('checkout.backToCart'))),
    h('div', { class: 'checkout-grid' },
      summary,
      h('div', { class: 'checkout-side' }, pointsBox, form)),
    live));
  setPoints(0);
  drawMethods();
}
