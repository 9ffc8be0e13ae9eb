// Viewer preferences (country, language) kept in localStorage, plus the detected context.
// The viewing country (prices, availability) is: the country picked in the header switch in this browser,
// else the signed-in account's country of residence (R12: it decides a signed-in player's sale rules),
// else the server's detection (context.country).
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
  /** the country explicitly picked in the header switch (stored in this browser), or null */
  picked: read('country'),
  /** the signed-in account's country of residence, or null (signed out, or not known yet) */
  residence: null,
  /** the viewing country: picked, else residence (when the store still offers it), else detected */
  get country() {
    return this.picked || (this.residenceOffered ? this.residence : null) || this.context?.country || null;
  },
  /** where the viewing country comes from: 'picked' | 'residence' | 'detected' | null */
  get countrySource() {
    if (this.picked) return 'picked';
    if (this.residenceOffered) return 'residence';
    return this.context?.country ? 'detected' : null;
  },
  get residenceOffered() {
    const known = this.context?.countries?.map((c) => c.code);
    return !!this.residence && (!known?.length || known.includes(this.residence));
  },
  lang: LANGS.includes(read('lang')) ? read('lang') : null,
  /** the currency of the current country, when known */
  get currency() {
    const c = this.context?.countries?.find((x) => x.code === this.country);
    return c?.currency || (this.context?.country === this.country ? this.context?.currency : null);
  },
};

/** An explicit pick in the header switch (null: forget it and follow residence / detection again). */
export function setCountry(code) {
  state.picked = code || null;
  write('country', code || null);
}

/** The signed-in account's residence (null when signed out). */
export function setResidence(code) {
  state.residence = code || null;
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
