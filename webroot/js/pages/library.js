// Your library (/library): pre-orders (when they release, in the viewer's time zone; Refund), owned games
// (Download: a signed link that works ten minutes, started at once and also offered as a link; Refund while the
// policy allows, else why not), and the points balance. A pre-order whose release passes while the page is open
// turns into an owned game without a reload.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t, tNodes } from '../i18n.js';
import { money, number, moment } from '../format.js';
import { ready } from '../session.js';
import { loading, errorState, empty } from '../components/state.js';
import { messages } from '../components/form.js';
import { signInFirst } from './account.js';

/** After a release instant, how often and how long to ask whether the release job has run. */
const RELEASE_POLL_MS = 2000;
const RELEASE_POLL_FOR_MS = 60_000;
/** Releases further away are not watched (the page is reloaded long before; setTimeout's limit is ~24.8 days). */
const RELEASE_WATCH_MAX_MS = 24 * 3600 * 1000;

const when = (iso) => h('time', { datetime: iso }, moment(iso));

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

  /**
   * Asks for a signed link, then starts the download with it (the browser's own download manager shows the
   * progress; a game is far too big to pass through page memory). The link stays on the row for a retry.
   */
  async function download(item, button, status) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status.dataset.state = 'busy';
    delete status.dataset.code;
    clear(status, h('p', null, t('library.preparing', { title: item.title })));
    try {
      const link = await api.download(item.gameId, signal);
      const a = h('a', {
        href: link.url, download: link.file || '', 'data-native': '', 'data-testid': 'download-link', 'data-file': link.file || null,
      }, link.file || t('library.download'));
      status.dataset.state = 'ready';
      clear(status, h('p', null, ...tNodes('library.downloadStarted', {
        title: item.title, link: a, time: link.expiresAt ? moment(link.expiresAt) : '—',
      })));
      a.click();
    } catch (e) {
      if (e.name === 'AbortError') return;
      // 403: not yet released, not owned, or not usable in this country; the server says which (in English)
      const server = e.code !== 'NETWORK' && typeof e.body?.message === 'string' ? e.body.message : null;
      status.dataset.state = 'failed';
      status.dataset.code = e.code || '';
      clear(status,
        h('p', { class: 'form-error-title' }, t(e.status === 403 ? 'library.downloadRefused' : 'library.downloadFailed')),
        server && h('p', { 'data-testid': 'download-reason' }, server));
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
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
    const status = !pre && h('div', { class: 'row-sub small download-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'download-status' });
    const downloadButton = !pre && h('button', {
      type: 'button', class: 'btn btn-small btn-primary', 'data-testid': `download-${item.gameId}`,
      'aria-label': t('library.downloadLabel', { title: item.title }),
      disabled: item.downloadable === false,
      onclick: (e) => download(item, e.currentTarget, status),
    }, t('library.download'));
    return h('li', { class: 'row lib-row', 'data-testid': 'library-item', 'data-game-id': item.gameId, 'data-order-id': item.orderId, 'data-status': item.status },
      h('div', { class: 'row-main' },
        h('a', { class: 'row-name', href: `/games/${item.gameId}` }, item.title),
        h('span', { class: `badge status ${pre ? 'status-pre-order' : 'status-released'}` }, t(pre ? 'library.preordered' : 'library.owned')),
        h('span', { class: 'row-sub muted small', 'data-testid': 'library-when' },
          pre ? tNodes('library.preorderedOn', { date: when(item.releaseAt) }) : t('library.ownedNote')),
        pre && h('span', { class: 'row-sub muted small', 'data-testid': 'download-at-release' }, t('library.downloadAtRelease')),
        !refundable && item.refund?.reason && h('span', { class: 'row-sub muted small', 'data-testid': 'refund-reason' },
          t('library.noRefund', { reason: item.refund.reason }))),
      h('div', { class: 'row-actions' }, downloadButton, button),
      status);
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

  // Release day while the page is open: at the next release instant, ask the library again (the release job runs
  // within seconds) until the pre-order is owned, then redraw, keeping focus on the same control.
  let watch = null;
  const stopWatching = () => clearTimeout(watch);
  signal.addEventListener('abort', stopWatching, { once: true });
  const due = () => items.some((x) => x.status === 'pre-ordered' && Date.parse(x.releaseAt) <= Date.now());
  function watchReleases() {
    stopWatching();
    const now = Date.now();
    const next = Math.min(...items.filter((x) => x.status === 'pre-ordered').map((x) => Date.parse(x.releaseAt))
      .filter((at) => at > now));
    if (!Number.isFinite(next) || next - now > RELEASE_WATCH_MAX_MS) return;
    watch = setTimeout(() => checkReleases(next), next - now + 250);
  }
  async function checkReleases(started) {
    if (signal.aborted) return;
    try {
      const fresh = (await api.library(signal))?.items || [];
      const was = new Map(items.map((x) => [x.orderId, x.status]));
      const released = fresh.filter((x) => x.status === 'owned' && was.get(x.orderId) === 'pre-ordered');
      if (released.length) {
        const focused = document.activeElement?.closest?.('.library') && document.activeElement.dataset.testid;
        items = fresh;
        draw();
        if (focused) main.querySelector(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
        msg.ok(released.map((x) => t('library.released', { title: x.title })).join(' '));
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
    if (due() && Date.now() - started < RELEASE_POLL_FOR_MS) watch = setTimeout(() => checkReleases(started), RELEASE_POLL_MS);
    else watchReleases();
  }

  draw();
  clear(main, h('div', { class: 'library', 'data-testid': 'library' },
    h('h1', null, t('library.title')), balance, ...msg.nodes, body, dialog));
  if (due()) checkReleases(Date.now());
  else watchReleases();
}
