// Forgot password: ask for a reset link by email (the answer is the same whether or not the address has an account).
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { field, messages, onSubmit, notice } from '../components/form.js';

export function mount(main) {
  document.title = `${t('forgot.title')} — K Store`;
  const msg = messages('forgot-error');
  const email = field({ label: t('form.email.label'), type: 'email', name: 'email', autocomplete: 'email', required: true, maxlength: 254, spellcheck: 'false', autocapitalize: 'none', 'data-testid': 'forgot-email' });
  const form = h('form', { class: 'form', 'aria-labelledby': 'forgot-h' },
    email.row,
    h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'forgot-submit' }, t('forgot.submit')),
    ...msg.nodes);
  const box = h('div', { class: 'auth' },
    h('h1', { id: 'forgot-h' }, t('forgot.title')),
    h('p', { class: 'muted' }, t('forgot.intro')),
    form,
    h('p', { class: 'auth-switch' }, h('a', { href: '/signin' }, t('forgot.back'))));
  onSubmit(form, msg, t('forgot.progress'), async () => {
    const addr = email.input.value.trim();
    await api.forgotPassword(addr);
    const sent = notice('ok', t('forgot.sentTitle'), h('p', null, t('forgot.sent', { email: addr })));
    sent.setAttribute('role', 'status');
    sent.setAttribute('data-testid', 'forgot-sent');
    form.replaceWith(sent);
  });
  clear(main, box);
}
