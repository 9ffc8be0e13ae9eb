// UI strings: one JSON file per language under /i18n/. t('key', {vars}) with {name} placeholders;
// a value may be {one, other, …} picked by Intl.PluralRules on vars.count.
import { LANGS } from './prefs.js';

let lang = 'en';
let msgs = {};
let fallback = null;
const cache = new Map();

function fetchMessages(l) {
  if (!cache.has(l)) {
    cache.set(l, fetch(`/i18n/${l}.json`).then((r) => {
      if (!r.ok) throw new Error(`i18n ${l}: HTTP ${r.status}`);
      return r.json();
    }).catch((e) => {
      cache.delete(l);
      throw e;
    }));
  }
  return cache.get(l);
}

/** Starts loading a language early (no wait). */
export function preload(l) {
  if (LANGS.includes(l)) fetchMessages(l).catch(() => {});
}

export async function setLanguage(l) {
  if (!LANGS.includes(l)) l = 'en';
  try {
    msgs = await fetchMessages(l);
  } catch (e) {
    if (l === 'en') throw e;
    msgs = await fetchMessages('en');
    l = 'en';
  }
  lang = l;
  fallback = null;
  document.documentElement.lang = l;
  return l;
}

export const getLang = () => lang;

// English fills in a key a translation lacks; it is fetched only when that first happens
// (that render shows the key, later ones the English text).
function lookup(key) {
  let v = msgs[key];
  if (v == null && lang !== 'en') {
    if (fallback && typeof fallback === 'object') v = fallback[key];
    else if (!fallback) fallback = fetchMessages('en').then((m) => (fallback = m), () => null);
  }
  return v;
}

export function t(key, vars) {
  let v = lookup(key);
  if (v == null) return key;
  if (typeof v === 'object') {
    const n = Number(vars?.count ?? 0);
    v = v[n === 0 && v.zero ? 'zero' : new Intl.PluralRules(lang).select(n)] ?? v.other ?? '';
  }
  if (!vars) return v;
  return v.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** Like t(), but placeholders may be DOM nodes: returns an array for h()/append. */
export function tNodes(key, vars) {
  const s = t(key, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v instanceof Node ? `\u0000${k}\u0000` : v])));
  return s.split('\u0000').map((part, i) => (i % 2 ? vars[part] : part)).filter((p) => p !== '');
}
