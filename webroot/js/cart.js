// The cart: game ids (plus what the cart page shows before prices load) kept in localStorage, per browser.
// Prices are never stored: the cart page reads them from the catalog, the checkout from a quote.
const KEY = 'kstore.cart';
export const CART_MAX = 20; // the quote takes at most 20 games
const listeners = new Set();

function read() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(v) ? v.filter((x) => x && Number.isSafeInteger(x.id) && x.id > 0) : [];
  } catch {
    return [];
  }
}

function write(items) {
  try { localStorage.setItem(KEY, JSON.stringify(items)); } catch { /* private mode: the cart lives as long as the page */ }
  memory = items;
  emit();
}

let memory = read();

function emit() {
  for (const fn of listeners) {
    try { fn(memory); } catch (e) { console.error(e); }
  }
}

/** The cart's lines: [{id, slug, title, status}] (oldest first). */
export const items = () => memory.slice();
export const count = () => memory.length;
export const has = (id) => memory.some((x) => x.id === Number(id));

/** Adds a game (a GameDetail or summary); false when it was there already or the cart is full. */
export function add(game) {
  const id = Number(game.id);
  if (has(id) || memory.length >= CART_MAX) return false;
  write([...memory, { id, slug: game.slug || null, title: game.title || '', status: game.status || null }]);
  return true;
}

export function remove(...ids) {
  const drop = new Set(ids.map(Number));
  const left = memory.filter((x) => !drop.has(x.id));
  if (left.length !== memory.length) write(left);
}

/** fn(items) on every change (also from another tab). Returns unsubscribe. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

window.addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  memory = read();
  emit();
});
