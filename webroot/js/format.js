// Intl formatting in the UI language.
import { getLang } from './i18n.js';

const nf = new Map();
function cached(key, make) {
  if (!nf.has(key)) nf.set(key, make());
  return nf.get(key);
}

/** Money in minor units → localized currency text, e.g. {amount: 66000, digits: 0, currency: 'KRW'}. */
export function money(amount, currency, digits) {
  const lang = getLang();
  const d = Number.isInteger(digits) ? digits : 2;
  try {
    const f = cached(`m|${lang}|${currency}|${d}`, () => new Intl.NumberFormat(lang, {
      style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d,
    }));
    return f.format(amount / 10 ** d);
  } catch {
    return `${(amount / 10 ** d).toFixed(d)} ${currency}`;
  }
}

export function number(n) {
  return cached(`n|${getLang()}`, () => new Intl.NumberFormat(getLang())).format(n);
}

/** A release date: the instant is UTC midnight-ish, so format it in UTC to keep the calendar day. */
export function releaseDate(iso, style = 'long') {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return cached(`d|${getLang()}|${style}`, () => new Intl.DateTimeFormat(getLang(), { dateStyle: style, timeZone: 'UTC' })).format(d);
}

/** A moment (e.g. when a discount ends), in the viewer's own time zone. */
export function moment(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return cached(`t|${getLang()}`, () => new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

export function regionName(code) {
  try {
    return cached(`r|${getLang()}`, () => new Intl.DisplayNames([getLang()], { type: 'region' })).of(code) || code;
  } catch {
    return code;
  }
}

/** A language's own name for itself: 한국어, 日本語, … */
export function languageName(code) {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}
