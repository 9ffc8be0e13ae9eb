// History-API router: real paths, real <a href> links, pushState navigation.
const routes = [];
let current = null; // {route, page instance}
let renderSeq = 0;

/**
 * A route: pattern (RegExp on the pathname), load() → module with
 *   mount(main, {url, params, signal}) → optional instance {update(url, signal)?}
 */
export function route(pattern, load) {
  routes.push({ pattern, load });
}

function match(pathname) {
  for (const r of routes) {
    const m = pathname.match(r.pattern);
    if (m) return { route: r, params: m.slice(1).map((x) => { try { return decodeURIComponent(x); } catch { return x; } }) };
  }
  return null;
}

let main;
let fallback;
let onRendered = () => {};
let controller = null;
let shown = ''; // path + query of what is on screen (hash-only changes don't re-render)

export function start({ root, notFound, rendered }) {
  main = root;
  fallback = notFound;
  onRendered = rendered || onRendered;
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', (e) => {
    if (location.pathname + location.search !== shown) render({ pop: true, scroll: e.state?.scroll });
  });
  return render({ initial: true });
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.dataset.native != null) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page anchor
  e.preventDefault();
  navigate(url.pathname + url.search);
}

/** Go to a path. opts.replace: replace the history entry; opts.keepFocus: don't move focus to the heading. */
export function navigate(path, opts = {}) {
  const here = location.pathname + location.search;
  history.replaceState({ ...(history.state || {}), scroll: window.scrollY }, '');
  if (path === here && !opts.force) opts.replace = true;
  history[opts.replace ? 'replaceState' : 'pushState']({}, '', path);
  return render(opts);
}

/** Re-renders the current URL from scratch (e.g. after a language or country change). */
export const refresh = () => render({ remount: true, keepFocus: true, scroll: window.scrollY });

async function render(opts = {}) {
  const seq = ++renderSeq;
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const url = new URL(location.href);
  shown = url.pathname + url.search;
  const m = match(url.pathname);
  const load = m ? m.route.load : fallback;
  const mod = await load();
  if (seq !== renderSeq) return;
  const sameRoute = current && m && current.route === m.route && current.params.join('/') === m.params.join('/');
  main.setAttribute('aria-busy', 'true');
  try {
    if (sameRoute && !opts.remount && current.instance?.update) {
      await current.instance.update(url, signal);
    } else {
      current = { route: m?.route ?? null, params: m?.params ?? [], instance: null };
      current.instance = (await mod.mount(main, { url, params: current.params, signal })) || null;
    }
  } catch (e) {
    if (e.name !== 'AbortError') console.error(e);
  }
  if (seq !== renderSeq) return;
  main.setAttribute('aria-busy', 'false');
  if (opts.scroll != null) window.scrollTo(0, opts.scroll);
  else if (!opts.initial && !opts.keepFocus) window.scrollTo(0, 0);
  if (!opts.initial && !opts.keepFocus && !opts.pop) {
    const h1 = main.querySelector('h1');
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }
  onRendered(url);
}
