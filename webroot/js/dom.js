// Tiny DOM helpers. Text always goes in through text nodes (never innerHTML).

/** h('a', {href, class, onclick, dataset}, ...children) */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  add(el, kids);
  return el;
}

export function add(el, kids) {
  for (const k of kids) {
    if (k == null || k === false) continue;
    if (Array.isArray(k)) add(el, k);
    else el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

/** Empties el, then appends kids (null/false skipped, arrays flattened). */
export function clear(el, ...kids) {
  el.replaceChildren();
  return add(el, kids);
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e) => ENTITIES[e]);
const MARK = /<(\/?)mark>/gi;

/**
 * Safe-renders a search highlight: only <mark>…</mark> becomes markup, everything else is text.
 * `plain` (the unhighlighted title) decides whether the server entity-escaped the rest.
 */
export function highlight(hl, plain) {
  const frag = document.createDocumentFragment();
  if (typeof hl !== 'string' || !hl) {
    frag.append(plain ?? '');
    return frag;
  }
  const stripped = hl.replace(MARK, '');
  const unescape = stripped !== plain && decode(stripped) === plain;
  let cur = frag;
  let last = 0;
  const text = (s) => s && cur.append(unescape ? decode(s) : s);
  for (const m of hl.matchAll(MARK)) {
    text(hl.slice(last, m.index));
    last = m.index + m[0].length;
    if (!m[1] && cur === frag) cur = frag.appendChild(document.createElement('mark'));
    else if (m[1] && cur !== frag) cur = frag;
  }
  text(hl.slice(last));
  return frag;
}

export function debounce(fn, ms) {
  let t;
  const d = (...a) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

let seq = 0;
export const uid = (p = 'k') => `${p}-${++seq}`;
