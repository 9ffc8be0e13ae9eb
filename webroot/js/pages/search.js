// Search / browse: facets, sort, results grid, pagination. All state lives in the URL.
import { api, query } from '../api.js';
import { h, clear } from '../dom.js';
import { t, tNodes } from '../i18n.js';
import { number } from '../format.js';
import { navigate } from '../router.js';
import { gameCard } from '../components/card.js';
import { loading, errorState, empty } from '../components/state.js';

const SIZE = 24;
const MAX_WINDOW = 10000;
const SORTS = ['relevance', 'rating_desc', 'release_desc', 'release_asc', 'price_asc', 'price_desc', 'name_asc'];
const MULTI = ['genre', 'tag', 'platform', 'status', 'priceBand'];
const EXTRA = ['onSale', 'priceMin', 'priceMax', 'releasedFrom', 'releasedTo']; // single-valued filters
const STATUSES = ['released', 'pre-order', 'announced'];
const BANDS = ['free', 'under-5', '5-10', '10-20', '20-40', '40-plus'];
const FACET_SHOWN = 8;

/** URL → filter state. */
function parse(url) {
  const sp = url.searchParams;
  const s = { page: Math.max(1, parseInt(sp.get('page'), 10) || 1) };
  for (const k of ['q', 'sort', ...EXTRA]) s[k] = (sp.get(k) || '').trim();
  for (const k of MULTI) s[k] = [...new Set(sp.getAll(k).filter(Boolean))];
  if (!SORTS.includes(s.sort)) s.sort = '';
  if (s.onSale !== 'true') s.onSale = '';
  return s;
}

/** Filter state → URL (page omitted when 1). */
const href = (s) => `/search${query({ q: s.q, ...Object.fromEntries([...MULTI, ...EXTRA, 'sort'].map((k) => [k, s[k]])), page: s.page > 1 ? s.page : null })}`;
const filterCount = (s) => MULTI.reduce((n, k) => n + s[k].length, 0) + EXTRA.filter((k) => s[k]).length;
const cleared = (s) => ({ q: s.q, sort: s.sort, ...Object.fromEntries(MULTI.map((k) => [k, []])) });
const LABELS = { platform: 'platform', status: 'status', priceBand: 'band' };
const valueLabel = (facet, v) => (LABELS[facet] ? t(`${LABELS[facet]}.${v}`) : v);

export function mount(main, { url, signal }) {
  const expanded = new Set();
  let s = parse(url);
  let last = null; // last SearchResult
  let filtersOpen = false;

  const h1 = h('h1');
  const count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite', 'data-testid': 'result-count' });
  const correction = h('p', { class: 'correction' });
  const sortSel = h('select', { id: 'sort', 'data-testid': 'sort-select', onchange: () => go({ ...s, sort: sortSel.value, page: 1 }, true) });
  const toggle = h('button', {
    type: 'button', class: 'btn filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters',
    onclick: () => {
      filtersOpen = !filtersOpen;
      toggle.setAttribute('aria-expanded', String(filtersOpen));
      filters.classList.toggle('open', filtersOpen);
    },
  });
  const filters = h('aside', { id: 'filters', class: 'filters', 'aria-labelledby': 'filters-h' });
  const chips = h('div', { class: 'chips active-filters' });
  const results = h('div', { class: 'results', 'aria-busy': 'false' });
  const sortLabel = h('label', { for: 'sort' });

  clear(main, h('div', { class: 'search-page' },
    h('div', { class: 'search-head' }, h1, count, correction),
    h('div', { class: 'toolbar' }, toggle, h('div', { class: 'sort' }, sortLabel, sortSel)),
    h('div', { class: 'search-body' }, filters, h('section', { class: 'results-col', 'aria-labelledby': 'results-h' },
      h('h2', { id: 'results-h', class: 'sr-only' }, t('search.resultsHeading')), chips, results))));

  function go(next, keepFocus = true) {
    navigate(href(next), { keepFocus });
  }

  function toggleValue(facet, v, on) {
    const vals = new Set(s[facet]);
    if (on) vals.add(v); else vals.delete(v);
    go({ ...s, [facet]: [...vals], page: 1 });
  }

  function group(facet, title, values) {
    // Keep selected values visible even when the current results have none of them.
    const list = [...values];
    for (const v of s[facet]) if (!list.some((x) => x.value === v)) list.push({ value: v, count: 0 });
    if (!list.length) return null;
    const many = list.length > FACET_SHOWN + 2 && !expanded.has(facet);
    const shown = many ? list.filter((x, i) => i < FACET_SHOWN || s[facet].includes(x.value)) : list;
    return h('fieldset', { class: 'facet', 'data-facet': facet },
      h('legend', null, title),
      h('ul', null, shown.map((x) => h('li', null, h('label', { class: 'check' },
        h('input', {
          type: 'checkbox', value: x.value, checked: s[facet].includes(x.value), 'data-focus': `${facet}:${x.value}`,
          onchange: (e) => toggleValue(facet, x.value, e.target.checked),
        }),
        h('span', { class: 'check-label' }, valueLabel(facet, x.value)),
        x.count != null && h('span', { class: 'facet-count' }, h('span', { class: 'sr-only' }, '('), number(x.count), h('span', { class: 'sr-only' }, ')')))))),
      (many || expanded.has(facet)) && list.length > FACET_SHOWN + 2 && h('button', {
        type: 'button', class: 'link-btn', 'data-focus': `more:${facet}`,
        onclick: () => {
          if (expanded.has(facet)) expanded.delete(facet); else expanded.add(facet);
          renderFilters();
        },
      }, expanded.has(facet) ? t('search.showFewer') : t('search.showAll', { count: list.length })));
  }

  function renderFilters() {
    const focusKey = filters.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
    const f = last?.facets || {};
    const n = filterCount(s);
    toggle.textContent = n ? t('search.filtersN', { count: n }) : t('search.filters');
    const band = new Map((f.priceBand || []).map((x) => [x.value, x.count]));
    clear(filters, 
      h('div', { class: 'filters-head' },
        h('h2', { id: 'filters-h' }, t('search.filters')),
        n > 0 && h('a', { href: href(cleared(s)), class: 'small' }, t('search.clearAll'))),
      h('div', { class: 'facet toggle-facet' }, h('label', { class: 'check' },
        h('input', { type: 'checkbox', checked: !!s.onSale, 'data-focus': 'onSale', onchange: (e) => go({ ...s, onSale: e.target.checked ? 'true' : '', page: 1 }) }),
        h('span', { class: 'check-label' }, t('search.onSale')))),
      group('genre', t('facet.genre'), f.genre || []),
      group('tag', t('facet.tag'), f.tag || []),
      group('platform', t('facet.platform'), f.platform || []),
      group('priceBand', t('facet.priceBand'), BANDS.filter((b) => band.has(b) || s.priceBand.includes(b)).map((b) => ({ value: b, count: band.get(b) ?? 0 }))),
      s.priceBand.length || band.size ? h('p', { class: 'muted small' }, t('band.note')) : null,
      group('status', t('facet.status'), STATUSES.map((v) => ({ value: v, count: null }))));
    if (focusKey) filters.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function renderChips() {
    const items = [];
    for (const k of MULTI) {
      for (const v of s[k]) items.push([valueLabel(k, v), { ...s, [k]: s[k].filter((x) => x !== v), page: 1 }]);
    }
    if (s.onSale) items.push([t('search.onSale'), { ...s, onSale: '', page: 1 }]);
    if (s.priceMin || s.priceMax) items.push([t('search.priceRange'), { ...s, priceMin: '', priceMax: '', page: 1 }]);
    if (s.releasedFrom || s.releasedTo) items.push([t('search.released'), { ...s, releasedFrom: '', releasedTo: '', page: 1 }]);
    clear(chips, ...items.map(([label, next]) => h('a', { class: 'chip chip-remove', href: href(next) },
      label, h('span', { 'aria-hidden': 'true' }, ' ×'), h('span', { class: 'sr-only' }, ` — ${t('search.removeFilter')}`))));
  }

  function renderHead() {
    document.title = `${s.q ? t('search.titleFor', { q: s.q }) : t('search.titleAll')} — K Store`;
    h1.textContent = s.q ? t('search.titleFor', { q: s.q }) : t('search.titleAll');
    sortLabel.textContent = t('search.sort');
    const current = s.sort || (s.q ? 'relevance' : 'rating_desc');
    clear(sortSel, ...SORTS.map((k) => h('option', { value: k, selected: k === current }, t(`sort.${k}`))));
  }

  function pager(total, page) {
    const pages = Math.min(Math.ceil(total / SIZE), Math.floor(MAX_WINDOW / SIZE));
    if (pages <= 1) return null;
    const link = (p, label, cls, extra) => h('a', { href: href({ ...s, page: p }), class: cls, ...extra }, label);
    const nums = [];
    const add = (p) => nums.push(p === page
      ? h('li', null, h('a', { href: href({ ...s, page: p }), class: 'page current', 'aria-current': 'page' }, number(p)))
      : h('li', null, link(p, number(p), 'page', { 'aria-label': t('pager.page', { n: p }) })));
    let prev = 0;
    for (let p = 1; p <= pages; p++) {
      if (p === 1 || p === pages || Math.abs(p - page) <= 2) {
        if (p - prev > 1) nums.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
        add(p);
        prev = p;
      }
    }
    return h('nav', { class: 'pager', 'aria-label': t('pager.label'), 'data-testid': 'pagination' },
      page > 1 ? link(page - 1, t('pager.prev'), 'btn', { rel: 'prev' }) : h('span', { class: 'btn disabled', 'aria-disabled': 'true' }, t('pager.prev')),
      h('ul', null, nums),
      page < pages ? link(page + 1, t('pager.next'), 'btn', { rel: 'next' }) : h('span', { class: 'btn disabled', 'aria-disabled': 'true' }, t('pager.next')));
  }

  function renderResults(res) {
    const page = res.page || s.page;
    count.textContent = t('search.count', { count: res.total, n: number(res.total) });
    clear(correction);
    if (res.correctedQuery && res.correctedQuery !== s.q) {
      const link = h('a', { href: href({ ...s, q: res.correctedQuery, page: 1 }) }, res.correctedQuery);
      correction.append(...tNodes(res.items?.length ? 'search.showingFor' : 'search.didYouMean', { query: link }));
    }
    if (!res.items?.length) {
      const hasFilters = filterCount(s) > 0;
      clear(results, empty(t('search.empty'),
        h('p', null, t(hasFilters ? 'search.emptyFilters' : 'search.emptyHint')),
        hasFilters && h('p', null, h('a', { href: href(cleared(s)) }, t('search.clearAll')))));
      return;
    }
    clear(results, 
      h('ul', { class: 'grid', 'data-testid': 'results' }, res.items.map((g) => h('li', null, gameCard(g, 'result-card')))),
      pager(res.total, page));
  }

  async function load(sig) {
    renderHead();
    renderChips();
    renderFilters();
    results.setAttribute('aria-busy', 'true');
    results.classList.add('is-loading');
    count.textContent = t('state.loading');
    if (!last) clear(results, loading());
    try {
      const res = await api.games({
        q: s.q, page: s.page, size: SIZE, sort: s.sort || undefined,
        genre: s.genre, tag: s.tag, platform: s.platform, status: s.status, priceBand: s.priceBand,
        onSale: s.onSale, priceMin: s.priceMin, priceMax: s.priceMax, releasedFrom: s.releasedFrom, releasedTo: s.releasedTo,
      }, sig);
      last = res;
      renderFilters();
      renderResults(res);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      count.textContent = t('error.title');
      clear(correction);
      clear(results, errorState(e, () => load()));
    } finally {
      results.setAttribute('aria-busy', 'false');
      results.classList.remove('is-loading');
    }
  }

  return load(signal).then(() => ({
    update(u, sig) {
      s = parse(u);
      return load(sig);
    },
  }));
}
