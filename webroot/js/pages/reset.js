// Reset password (/reset-password?token=...): choose a new password with the token from the mail.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { loadSession } from '../session.js';
import { passwordField, messages, onSubmit, notice, PASSWORD_MIN, PASSWORD_MAX } from '../components/form.js';

export function mount(main, { url }) {
  const token = url.searchParams.get('token');
  document.title = `${t('reset.title')} — K Store`;
  if (!token) {
    clear(main, h('div', { class: 'auth' }, h('h1', null, t('reset.title')),
      notice('warn', t('token.missingTitle'), h('p', null, t('token.missing'))),
      h('p', null, h('a', { class: 'btn', href: '/forgot-password' }, t('reset.askAgain')))));
    return;
  }
  const msg = messages('reset-error');
  const password = passwordField({
    label: t('reset.newPassword'), hint: t('form.passwordRule', { min: PASSWORD_MIN, max: PASSWORD_MAX }), autocomplete: 'new-password',
    name: 'password', minlength: PASSWORD_MIN, 'data-rule': 'password', 'data-testid': 'reset-password',
  });
  const again = passwordField({ label: t('reset.repeat'), autocomplete: 'new-password', name: 'repeat', 'data-testid': 'reset-repeat' });
  const match = () => again.input.setCustomValidity(again.input.value && again.input.value !== password.input.value ? t('reset.mismatch') : '');
  password.input.addEventListener('input', match);
  again.input.addEventListener('input', match);
  const form = h('form', { class: 'form', 'aria-labelledby': 'reset-h' },
    password.row, again.row,
    h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'reset-submit' }, t('reset.submit')),
    ...msg.nodes);
  onSubmit(form, msg, t('reset.progress'), async () => {
    try {
      await api.resetPassword(token, password.input.value);
    } catch (e) {
      if (e.code === 'NOT_FOUND' || e.code === 'VALIDATION' && /token/i.test(e.message || '')) {
        e.message = `${e.message || ''} ${t('token.expired')}`.trim();
      }
      throw e;
    }
    loadSession().catch(() => {}); // the server may have ended every session
    const ok = notice('ok', t('reset.doneTitle'), h('p', null, t('reset.done')), h('p', null, h('a', { class: 'btn btn-primary', href: '/signin' }, t('user.signIn'))));
    ok.setAttribute('role', 'status');
    ok.setAttribute('data-testid', 'reset-done');
    form.replaceWith(ok);
  });
  clear(main, h('div', { class: 'auth' }, h('h1', { id: 'reset-h' }, t('reset.title')), form));
}
