// Deterministic generated cover art: same game → same picture, every game looks different.
// Seeded by id + slug (not the localized title), so colours stay put when the language changes.
const NS = 'http://www.w3.org/2000/svg';
const W = 400;
const H = 225;
const PAD = 22;
const MAX = W - 2 * PAD;
let n = 0;

function rng(str) { // FNV-1a seed → mulberry32
  let a = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) a = Math.imul(a ^ str.charCodeAt(i), 0x01000193);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return parent ? parent.appendChild(e) : e;
}

// Ideographs and kana may break anywhere (one token each); other scripts break at spaces.
const TOKENS = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g;
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
// Rough advance widths (em) of a bold sans; fitLater() squeezes what this misjudges.
const cw = (c) => (WIDE.test(c) ? 1.02 : c === ' ' ? 0.3 : /[iljtf.,:;'!|]/.test(c) ? 0.34
  : /[MWmw@%]/.test(c) ? 0.92 : /[A-Z0-9&]/.test(c) ? 0.74 : 0.62);
const width = (s, size) => [...s].reduce((w, c) => w + cw(c), 0) * size;

function wrap(title, size) {
  const lines = [];
  let line = '';
  const push = () => line.trim() && lines.push(line.trim());
  for (const tok of title.match(TOKENS) || []) {
    if (!tok.trim()) line += line ? ' ' : '';
    else if (width(line + tok, size) <= MAX) line += tok;
    else if (width(tok, size) <= MAX) { push(); line = tok; } else {
      for (const c of tok) { // a word longer than a line: break inside it
        if (width(line + c, size) > MAX) { push(); line = ''; }
        line += c;
      }
    }
  }
  push();
  return lines;
}

function fit(title) {
  for (const size of [38, 33, 29, 25, 22]) {
    const lines = wrap(title, size);
    if (lines.length <= 3) return { size, lines };
  }
  const lines = wrap(title, 19).slice(0, 3);
  while (lines[2].length > 1 && width(`${lines[2]}…`, 19) > MAX) lines[2] = lines[2].slice(0, -1);
  lines[2] = `${lines[2].trim()}…`;
  return { size: 19, lines };
}

/** game {id, slug, title}; opts.label: accessible name (none = decorative), opts.lang: the title's language. */
export function cover(game, opts = {}) {
  const title = String(game.title || game.slug || '?');
  const r = rng(`${game.id}|${game.slug || title}`);
  const id = `cv${++n}`;
  const hue = Math.floor(r() * 360);
  const sat = 55 + Math.floor(r() * 25);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'cover', preserveAspectRatio: 'xMidYMid slice', focusable: 'false' });
  if (opts.label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', opts.label);
  } else svg.setAttribute('aria-hidden', 'true');

  const defs = el('defs', {}, svg);
  const flip = r() < 0.5 ? 1 : 0;
  const g = el('linearGradient', { id: `${id}g`, x1: flip, y1: 0, x2: 1 - flip, y2: 1 }, defs);
  el('stop', { offset: 0, 'stop-color': `hsl(${hue} ${sat}% ${30 + Math.floor(r() * 14)}%)` }, g);
  el('stop', { offset: 1, 'stop-color': `hsl(${(hue + 40 + Math.floor(r() * 140)) % 360} ${sat}% ${16 + Math.floor(r() * 12)}%)` }, g);
  const shade = el('linearGradient', { id: `${id}s`, x1: 0, y1: 0, x2: 0, y2: 1 }, defs);
  el('stop', { offset: 0.35, 'stop-opacity': 0 }, shade);
  el('stop', { offset: 1, 'stop-opacity': 0.62 }, shade);
  el('rect', { width: W, height: H, fill: `url(#${id}g)` }, svg);

  // Motif: circles, slabs, ridges or rings.
  const ink = () => (r() < 0.5 ? '#fff' : `hsl(${(hue + 180 + Math.floor(r() * 60)) % 360} 85% 65%)`);
  const motif = Math.floor(r() * 4);
  for (let i = 0, count = 5 + Math.floor(r() * 5); i < count; i++) {
    const op = (0.08 + r() * 0.26).toFixed(2);
    const x = Math.round(r() * W);
    const y = Math.round(r() * H * 0.8);
    const s = Math.round(12 + r() * 90);
    if (motif === 0) el('circle', { cx: x, cy: y, r: s, fill: ink(), 'fill-opacity': op }, svg);
    else if (motif === 1) el('rect', { x, y: -40, width: s + 10, height: H + 80, fill: ink(), 'fill-opacity': op, transform: `rotate(${20 + (y % 30)} ${x} ${H / 2})` }, svg);
    else if (motif === 2) el('polygon', { points: `${x - 2 * s - 60},${H + 60} ${x},${H - 40 - y / 2 - s} ${x + 2 * s + 60},${H + 60}`, fill: ink(), 'fill-opacity': op }, svg);
    else el('circle', { cx: x, cy: y, r: s + 8, fill: 'none', stroke: ink(), 'stroke-opacity': op * 2, 'stroke-width': 3 + (s % 14) }, svg);
  }
  el('rect', { width: W, height: H, fill: `url(#${id}s)` }, svg);

  const { size, lines } = fit(title);
  const text = el('text', { class: 'cover-title', 'font-size': size, 'font-weight': 700, fill: '#fff' }, svg);
  if (opts.lang) text.setAttribute('lang', opts.lang);
  const y0 = H - PAD - (lines.length - 1) * size * 1.15;
  lines.forEach((line, i) => {
    el('tspan', { x: PAD, y: Math.round(y0 + i * size * 1.15) }, text).textContent = line;
  });
  fitLater(text);
  return svg;
}

// Once in the document, squeeze any line the estimate let overflow (fonts differ per machine).
const pending = [];
function fitLater(text) {
  if (pending.push(text) > 1) return;
  requestAnimationFrame(() => {
    for (const span of pending.splice(0).flatMap((tx) => (tx.isConnected ? [...tx.children] : []))) {
      if (span.getComputedTextLength() > MAX) {
        span.setAttribute('textLength', MAX);
        span.setAttribute('lengthAdjust', 'spacingAndGlyphs');
      }
    }
  });
}
