// Viewer preferences (country, language) kept in localStorage, plus the detected context.
export const LANGS = ['en', 'ko', 'ja', 'zh'];

const KEY = { country: 'kstore.country', lang: 'kstore.lang' };

function read(k) {
  try { return localStorage.getItem(KEY[k]) || null; } catch { return null; }
}
function write(k, v) {
  try { v ? localStorage.setItem(KEY[k], v) : localStorage.removeItem(KEY[k]); } catch { /* private mode */ }
}

export const state = {
  /** what /api/v1/context said (null until loaded, or when it failed) */
  context: null,
  country: read('country'),
  lang: LANGS.includes(read('lang')) ? read('lang') : null,
  /** the currency of the current country, when known */
  get currency() {
    const c = this.context?.countries?.find((x) => x.code === this.country);
    return c?.currency || (this.context?.country === this.country ? this.context?.currency : null);
  },
};

export function setCountry(code) {
  state.country = code;
  write('country', code);
}

export function setLang(lang) {
  state.lang = lang;
  write('lang', lang);
}

/** Best supported language from the browser's list. */
export function browserLang() {
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}
