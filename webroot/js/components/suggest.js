// Live search suggestions: ARIA 1.2 combobox (input) + listbox, debounced fetch as you type.
import { api } from '../api.js';
import { h, clear, debounce, highlight } from '../dom.js';
import { t } from '../i18n.js';

export function combobox(input, list, status, { onPick }) {
  let items = [];
  let active = -1;
  let ctrl = null;

  const isOpen = () => !list.hidden;
  function open() {
    if (!items.length) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }
  function setActive(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }
  function pick(i) {
    const s = items[i];
    close();
    if (s) onPick(s);
  }
  function show(q, suggestions) {
    items = suggestions;
    clear(list);
    items.forEach((s, i) => list.append(h('li', {
      id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', class: 'suggestion', 'data-testid': 'suggestion', 'data-slug': s.slug,
      onmousedown: (e) => e.preventDefault(), // keep focus in the input
      onclick: () => pick(i),
    }, highlight(s.highlight, s.title))));
    status.textContent = items.length ? t('suggest.count', { count: items.length }) : t('suggest.none');
    if (items.length) {
      open();
      setActive(-1);
    } else {
      close();
    }
  }

  const run = debounce(async (q) => {
    ctrl?.abort();
    ctrl = new AbortController();
    try {
      const res = await api.suggest(q, ctrl.signal);
      if (input.value.trim() === q) show(q, res.suggestions || []);
    } catch (e) {
      if (e.name !== 'AbortError') show(q, []);
    }
  }, 120);

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (!q) {
      run.cancel();
      ctrl?.abort();
      items = [];
      clear(list);
      close();
      return;
    }
    run(q);
  });

  input.addEventListener('keydown', (e) => {
    const n = items.length;
    switch (e.key) {
      case 'ArrowDown':
        if (!n) return;
        e.preventDefault();
        if (!isOpen()) open();
        setActive((active + 1) % n);
        break;
      case 'ArrowUp':
        if (!n) return;
        e.preventDefault();
        if (!isOpen()) open();
        setActive(active <= 0 ? n - 1 : active - 1);
        break;
      case 'Enter':
        if (isOpen() && active >= 0) {
          e.preventDefault();
          pick(active);
        } else {
          close();
        }
        break;
      case 'Escape':
        run.cancel(); // a late answer must not reopen what the user closed
        ctrl?.abort();
        if (isOpen()) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
        }
        break;
      case 'Tab':
        close();
        break;
      default:
    }
  });
  input.addEventListener('blur', () => close());
  input.addEventListener('focus', () => {
    if (items.length && input.value.trim()) open();
  });

  return {
    reset(value) {
      run.cancel();
      ctrl?.abort();
      items = [];
      clear(list);
      close();
      input.value = value;
    },
  };
}
