// Friends (/friends): your friend code, find people (by name or friend code) and add them, incoming and
// sent requests, your friends, blocked people. Refreshes when a new notification arrives.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { moment } from '../format.js';
import { session, ready, subscribe, markAllRead, refreshNotifications } from '../session.js';
import { loading, errorState } from '../components/state.js';
import { messages, onSubmit } from '../components/form.js';
import { signInFirst, friendCode } from './account.js';

const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/i;
const PRESENCE = ['online', 'away', 'in-game', 'offline'];

const day = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium' }).format(d);
};
const who = (u) => [h('span', { class: 'row-name' }, u?.displayName || '—'), u?.friendCode && h('span', { class: 'muted small code' }, ` ${u.friendCode}`)];

export async function mount(main, { signal }) {
  document.title = `${t('friends.title')} — K Store`;
  clear(main, h('h1', { class: 'sr-only' }, t('state.loading')), loading());
  const me = await ready();
  if (signal.aborted) return;
  if (!me) {
    signInFirst(main, 'friends.title', '/friends');
    return;
  }

  let lastQuery = '';
  const listMsg = messages('friends-error');
  const lists = h('div', { class: 'friend-lists', 'aria-busy': 'true' }, loading());

  // --- actions on a row: run, announce, reload the lists (and the search, whose relations changed)
  async function act(button, action, doneText) {
    const heading = button.closest('section')?.querySelector('h2')?.id;
    button.disabled = true;
    listMsg.progress(t('friends.working'));
    try {
      await action();
      listMsg.ok(doneText);
      await Promise.all([reload(), lastQuery && runSearch(lastQuery, true)]);
      refreshNotifications();
    } catch (e) {
      button.disabled = false;
      listMsg.fail(e);
    }
    // The button went away with its row: keep keyboard focus in the same section, not on <body>.
    if (!button.isConnected && heading) document.getElementById(heading)?.focus();
  }
  const confirmAct = (question, ...args) => (e) => {
    // eslint-disable-next-line no-alert
    if (window.confirm(question)) act(e.currentTarget, ...args);
  };

  // --- search
  const searchMsg = messages('friends-search-error');
  const results = h('ul', { class: 'plain-list results-list', 'aria-labelledby': 'fr-results-h' });
  const resultsBox = h('div', { class: 'search-results', hidden: true },
    h('h3', { id: 'fr-results-h', class: 'sr-only' }, t('friends.results')), results);
  const input = h('input', {
    id: 'friends-q', type: 'search', name: 'q', required: true, minlength: 2, maxlength: 64, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'friends-q-hint', 'data-testid': 'friends-search',
  });
  const searchForm = h('form', { class: 'form form-inline', role: 'search', 'aria-label': t('friends.find') },
    h('div', { class: 'field' },
      h('label', { for: 'friends-q' }, t('friends.searchLabel')),
      h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.submit'))),
      h('p', { id: 'friends-q-hint', class: 'field-hint muted small' }, t('friends.searchHint'))),
    ...searchMsg.nodes);

  function relationCell(u) {
    switch (u.relation) {
      case 'none':
      case undefined:
      case null:
        return h('button', {
          type: 'button', class: 'btn btn-small btn-primary', 'data-testid': `add-friend-${u.userId}`,
          onclick: (e) => act(e.currentTarget, () => api.requestFriend({ userId: u.userId }), t('friends.requestSent', { name: u.displayName })),
        }, t('friends.add'), h('span', { class: 'sr-only' }, `: ${u.displayName}`));
      case 'incoming':
        return h('a', { href: '#fr-incoming-h', class: 'small' }, t('friends.rel.incoming'));
      default:
        return h('span', { class: `badge rel rel-${u.relation}` }, t(`friends.rel.${u.relation}`));
    }
  }

  async function runSearch(q, quiet = false) {
    if (!quiet) searchMsg.progress(t('friends.searching'));
    const res = await api.searchUsers(q, signal);
    const users = (res?.users || []).filter((u) => u.userId !== me.id);
    const byCode = CODE.test(q) && !users.some((u) => (u.friendCode || '').toUpperCase() === q.toUpperCase());
    clear(results,
      users.map((u) => h('li', { class: 'row', 'data-testid': 'friends-result', 'data-user-id': u.userId }, h('span', { class: 'row-main' }, ...who(u)), h('span', { class: 'row-actions' }, relationCell(u)))),
      byCode && h('li', { class: 'row' },
        h('span', { class: 'row-main' }, t('friends.byCode', { code: q.toUpperCase() })),
        h('span', { class: 'row-actions' }, h('button', {
          type: 'button', class: 'btn btn-small btn-primary', 'data-testid': 'add-friend-code',
          onclick: (e) => act(e.currentTarget, () => api.requestFriend({ friendCode: q.toUpperCase() }), t('friends.requestSentCode', { code: q.toUpperCase() })),
        }, t('friends.add')))));
    resultsBox.hidden = false;
    if (!quiet) searchMsg.ok(users.length ? t('friends.found', { count: users.length }) : t('friends.noneFound'));
  }

  onSubmit(searchForm, searchMsg, t('friends.searching'), async () => {
    lastQuery = input.value.trim();
    await runSearch(lastQuery);
  });

  // --- lists
  function listSection(id, title, items, render, emptyText) {
    return h('section', { class: 'panel', 'aria-labelledby': id },
      h('h2', { id, tabindex: '-1' }, title, items.length > 0 && h('span', { class: 'count' }, ` (${items.length})`)),
      items.length ? h('ul', { class: 'plain-list' }, items.map(render)) : h('p', { class: 'muted' }, emptyText));
  }

  const incomingRow = (r) => h('li', { class: 'row', 'data-testid': 'incoming-request', 'data-request-id': r.id },
    h('span', { class: 'row-main' }, ...who(r.from), r.createdAt && h('span', { class: 'muted small' }, ` · ${moment(r.createdAt)}`)),
    h('span', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-testid': `accept-${r.id}`, onclick: (e) => act(e.currentTarget, () => api.acceptRequest(r.id), t('friends.accepted', { name: r.from?.displayName })) },
        t('friends.accept'), h('span', { class: 'sr-only' }, `: ${r.from?.displayName}`)),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `decline-${r.id}`, onclick: (e) => act(e.currentTarget, () => api.declineRequest(r.id), t('friends.declined', { name: r.from?.displayName })) },
        t('friends.decline'), h('span', { class: 'sr-only' }, `: ${r.from?.displayName}`)),
      r.from?.userId && h('button', { type: 'button', class: 'link-btn small', onclick: confirmAct(t('friends.blockConfirm', { name: r.from.displayName }), () => api.block(r.from.userId), t('friends.blocked', { name: r.from.displayName })) },
        t('friends.block'), h('span', { class: 'sr-only' }, `: ${r.from.displayName}`))));

  const outgoingRow = (r) => h('li', { class: 'row', 'data-testid': 'outgoing-request', 'data-request-id': r.id },
    h('span', { class: 'row-main' }, ...who(r.to), r.createdAt && h('span', { class: 'muted small' }, ` · ${moment(r.createdAt)}`)),
    h('span', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `cancel-${r.id}`, onclick: (e) => act(e.currentTarget, () => api.cancelRequest(r.id), t('friends.cancelled', { name: r.to?.displayName })) },
        t('friends.cancel'), h('span', { class: 'sr-only' }, `: ${r.to?.displayName}`))));

  const friendRow = (f) => {
    const p = PRESENCE.includes(f.presence) ? f.presence : null;
    return h('li', { class: 'row', 'data-testid': 'friend-row', 'data-user-id': f.userId },
      h('span', { class: 'row-main' },
        p && h('span', { class: `presence presence-${p}`, 'aria-hidden': 'true' }),
        ...who(f),
        h('span', { class: 'muted small row-sub' }, [p && t(`presence.${p}`), f.since && t('friends.since', { date: day(f.since) })].filter(Boolean).join(' · '))),
      h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `remove-${f.userId}`, onclick: confirmAct(t('friends.removeConfirm', { name: f.displayName }), () => api.removeFriend(f.userId), t('friends.removed', { name: f.displayName })) },
          t('friends.remove'), h('span', { class: 'sr-only' }, `: ${f.displayName}`)),
        h('button', { type: 'button', class: 'link-btn small', onclick: confirmAct(t('friends.blockConfirm', { name: f.displayName }), () => api.block(f.userId), t('friends.blocked', { name: f.displayName })) },
          t('friends.block'), h('span', { class: 'sr-only' }, `: ${f.displayName}`))));
  };

  const blockedRow = (b) => h('li', { class: 'row', 'data-testid': 'blocked-row' },
    h('span', { class: 'row-main' }, ...who(b)),
    h('span', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => act(e.currentTarget, () => api.unblock(b.userId), t('friends.unblocked', { name: b.displayName })) },
        t('friends.unblock'), h('span', { class: 'sr-only' }, `: ${b.displayName}`))));

  async function reload() {
    lists.setAttribute('aria-busy', 'true');
    try {
      const d = await api.friends(signal);
      clear(lists,
        listSection('fr-incoming-h', t('friends.incoming'), d.incoming || [], incomingRow, t('friends.noIncoming')),
        listSection('fr-friends-h', t('friends.yours'), d.friends || [], friendRow, t('friends.noFriends')),
        listSection('fr-outgoing-h', t('friends.outgoing'), d.outgoing || [], outgoingRow, t('friends.noOutgoing')),
        (d.blocked || []).length > 0 && listSection('fr-blocked-h', t('friends.blockedList'), d.blocked, blockedRow, ''));
      markAllRead().catch(() => {});
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      clear(lists, errorState(e, () => reload().catch(() => {})));
    } finally {
      lists.setAttribute('aria-busy', 'false');
    }
  }

  clear(main, h('div', { class: 'friends', 'data-testid': 'friends' },
    h('h1', null, t('friends.title')),
    h('section', { class: 'panel', 'aria-labelledby': 'fr-code-h' },
      h('h2', { id: 'fr-code-h' }, t('friends.yourCode')),
      h('p', { class: 'muted small' }, t('friends.codeHint')),
      friendCode(me.friendCode)),
    h('section', { class: 'panel', 'aria-labelledby': 'fr-find-h' },
      h('h2', { id: 'fr-find-h', tabindex: '-1' }, t('friends.find')),
      searchForm, resultsBox),
    ...listMsg.nodes,
    lists));

  // A new notification (friend request, acceptance, ...) → show the lists as they are now.
  const unsub = subscribe((what) => {
    if (what === 'notifications' && session.unread > 0) reload().catch(() => {});
    if (what === 'me' && session.me?.id !== me.id) unsub(); // signed out: the page goes away
  });
  signal.addEventListener('abort', unsub);
  await reload();
}
