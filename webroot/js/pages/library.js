// Your library (/library): pre-orders ("Pre-ordered — available on …", Refund), owned games (a "Download
// (coming soon)" placeholder, Refund while the policy allows, else why not), and the points balance.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { money, number, releaseDate } from '../format.js';
import { ready } from '../session.js';
import { loading, errorState, empty } from '../components/state.js';
import { messages } from '../components/form.js';
import { signInFirst } from './account.js';

export async function mount(main, { signal }) {
  document.title = `${t('library.title')} — K Store`;
  clear(main, h('h1', null, t('library.title')), loading());
  const me = await ready();
  if (!me) {
    signInFirst(main, 'library.title', '/library');
    return;
  }
  let lib;
  let points;
  try {
    [lib, points] = await Promise.all([api.library(signal), api.points(signal).catch((e) => {
      if (e.name === 'AbortError') throw e;
      return null;
    })]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    if (e.status === 401) {
      signInFirst(main, 'library.title', '/library');
      return;
    }
    clear(main, h('h1', null, t('library.title')), errorState(e, () => mount(main, { signal })));
    return;
  }
  let items = lib?.items || [];
  const msg = messages('library-error');
  const balance = h('p', { class: 'points-balance', 'data-testid': 'library-points', 'data-balance': points?.balance ?? '' });
  const showBalance = (b) => {
    balance.dataset.balance = b ?? '';
    balance.textContent = b == null ? '' : t('library.points', { count: b, n: number(b) });
  };
  showBalance(points?.balance);

  // one confirm dialog for every refund button (focus goes back to the button on cancel)
  const dialogText = h('p', { id: 'refund-text' });
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'refund-h', 'aria-describedby': 'refund-text', 'data-testid': 'refund-dialog' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'refund-h' }, t('library.refundTitle')),
      dialogText,
      h('p', { class: 'actions-left' },
        h('button', { type: 'submit', value: 'refund', class: 'btn btn-primary', 'data-testid': 'refund-confirm' }, t('library.refundYes')),
        h('button', { type: 'submit', value: 'cancel', class: 'btn', 'data-testid': 'refund-cancel', autofocus: true }, t('library.refundNo')))));
  const ask = (text) => new Promise((done) => {
    dialogText.textContent = text;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => done(dialog.returnValue === 'refund'), { once: true });
    dialog.showModal();
  });

  async function refund(item, button) {
    const amount = item.paid ? money(item.paid.amount, item.paid.currency, item.paid.digits) : '';
    if (!await ask(t('library.refundAsk', { title: item.title, amount }))) {
      button.focus();
      return;
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    msg.progress(t('library.refunding', { title: item.title }));
    try {
      await api.refund(item.orderId);
      items = items.filter((x) => x.orderId !== item.orderId);
      draw();
      msg.ok(t('library.refunded', { title: item.title, amount }));
      (main.querySelector('.lib-row button[data-testid^="refund-"]:not([disabled])') || main.querySelector('h1'))?.focus();
      api.points().then((p) => showBalance(p?.balance), () => {});
    } catch (e) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      msg.fail(e);
    }
  }

  function row(item) {
    const pre = item.status === 'pre-ordered';
    const refundable = item.refund?.allowed === true;
    const button = refundable && h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': `refund-${item.orderId}`,
      'aria-label': t('library.refundLabel', { title: item.title }),
      onclick: (e) => refund(item, e.currentTarget),
    }, t('library.refund'));
    return h('li', { class: 'row lib-row', 'data-testid': 'library-item', 'data-game-id': item.gameId, 'data-order-id': item.orderId, 'data-status': item.status },
      h('div', { class: 'row-main' },
        h('a', { class: 'row-name', href: `/games/${item.gameId}` }, item.title),
        h('span', { class: `badge status ${pre ? 'status-pre-order' : 'status-released'}` }, t(pre ? 'library.preordered' : 'library.owned')),
        h('span', { class: 'row-sub muted small', 'data-testid': 'library-when' },
          pre ? t('library.preorderedOn', { date: releaseDate(item.releaseAt) }) : t('library.ownedNote')),
        !refundable && item.refund?.reason && h('span', { class: 'row-sub muted small', 'data-testid': 'refund-reason' },
          t('library.noRefund', { reason: item.refund.reason }))),
      h('div', { class: 'row-actions' },
        !pre && h('button', { type: 'button', class: 'btn btn-small', disabled: true, 'data-testid': `download-${item.gameId}` }, t('library.download')),
        button));
  }

  const body = h('div');
  function draw() {
    const pre = items.filter((x) => x.status === 'pre-ordered');
    const owned = items.filter((x) => x.status !== 'pre-ordered');
    clear(body,
      !items.length && empty(t('library.empty'), h('p', null, h('a', { href: '/search' }, t('cart.browse')))),
      pre.length > 0 && h('section', { class: 'panel', 'aria-labelledby': 'lib-pre-h' },
        h('h2', { id: 'lib-pre-h' }, t('library.preorders')),
        h('ul', { class: 'plain-list', 'data-testid': 'library-preorders' }, pre.map(row))),
      owned.length > 0 && h('section', { class: 'panel', 'aria-labelledby': 'lib-owned-h' },
        h('h2', { id: 'lib-owned-h' }, t('library.games')),
        h('ul', { class: 'plain-list', 'data-testid': 'library-owned' }, owned.map(row))));
  }
  draw();
  clear(main, h('div', { class: 'library', 'data-testid': 'library' },
    h('h1', null, t('library.title')), balance, ...msg.nodes, body, dialog));
}
