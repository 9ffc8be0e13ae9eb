// Form building blocks for the account pages: labelled fields with hints, a password field with a
// show/hide toggle, live regions for progress and errors, localized validation and API error text.
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { moment } from '../format.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** A labelled field: returns {row, input}. opts: label, hint, input props (id and data-testid included). */
export function field({ label, hint, tag = 'input', children, ...props }) {
  const id = props.id || uid('f');
  const hintId = hint ? `${id}-hint` : null;
  const input = h(tag, { ...props, id, 'aria-describedby': hintId }, children);
  const row = h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint && h('p', { id: hintId, class: 'field-hint muted small' }, hint));
  return { row, input };
}

/** A password field with a "Show" toggle (aria-pressed); `hint` shows the length rule. */
export function passwordField({ label, hint, autocomplete = 'current-password', ...props }) {
  const f = field({ label, hint, type: 'password', autocomplete, required: true, maxlength: PASSWORD_MAX, spellcheck: 'false', autocapitalize: 'none', ...props });
  const toggle = h('button', {
    type: 'button', class: 'btn btn-small pw-toggle', 'aria-pressed': 'false', 'aria-controls': f.input.id,
    onclick: () => {
      const show = f.input.type === 'password';
      f.input.type = show ? 'text' : 'password';
      toggle.setAttribute('aria-pressed', String(show));
    },
  }, t('form.showPassword'));
  const wrap = h('div', { class: 'pw' });
  f.input.before(wrap);
  wrap.append(f.input, toggle);
  return f;
}

/**
 * Live regions for a form: `status` (polite: progress, success) and `error` (assertive). Both stay in
 * the DOM from the start so screen readers announce what is put in them.
 */
export function messages(testid = 'form-error') {
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const error = h('div', { class: 'form-error', role: 'alert', 'aria-live': 'assertive', 'data-testid': testid });
  return {
    status,
    error,
    nodes: [status, error],
    progress(text) { error.replaceChildren(); status.textContent = text || ''; },
    ok(text) { error.replaceChildren(); status.textContent = text || ''; },
    fail(err) {
      status.textContent = '';
      error.replaceChildren(...errorLines(err));
    },
    clear() { status.textContent = ''; error.replaceChildren(); },
  };
}

function waitText(err) {
  const s = err?.retryAfter;
  if (s == null) return null;
  if (s < 90) return t('error.retryInSeconds', { count: Math.max(1, Math.round(s)) });
  if (s < 3600) return t('error.retryInMinutes', { count: Math.ceil(s / 60) });
  return t('error.retryAt', { time: moment(new Date(Date.now() + s * 1000).toISOString()) });
}

// Codes with their own localized explanation; the server's message is still shown under it when it adds
// something (ACCOUNT_LOCKED: when to retry; CONFLICT on residence: the limit).
const FRIENDLY = ['ACCOUNT_LOCKED', 'EMAIL_TAKEN', 'REGION_BLOCKED', 'CSRF_FAILED', 'RATE_LIMITED', 'UNAUTHENTICATED', 'NETWORK'];

/** Text nodes for an API error: the friendly localized line for known codes, then the server's message. */
export function errorLines(err, context = '') {
  if (typeof err === 'string') return [h('p', null, err)];
  const code = err?.code;
  const friendly = FRIENDLY.includes(code) ? t(context && code === 'UNAUTHENTICATED' ? `error.${context}.UNAUTHENTICATED` : `error.${code}`) : null;
  const server = code === 'NETWORK' ? null : err?.message;
  const lines = [];
  if (friendly) lines.push(h('p', { class: 'form-error-title' }, friendly));
  if (server && server !== friendly && !(friendly && code === 'UNAUTHENTICATED')) lines.push(h('p', null, server));
  const wait = waitText(err);
  if (wait && (code === 'ACCOUNT_LOCKED' || code === 'RATE_LIMITED')) lines.push(h('p', null, wait));
  if (!lines.length) lines.push(h('p', null, t('error.title')));
  if (code && !friendly) lines.push(h('p', { class: 'muted small' }, t('error.code', { code })));
  return lines;
}

/**
 * Localized client-side validation (the form has novalidate): marks invalid fields with aria-invalid,
 * returns the messages, focuses the first invalid field. Empty array = valid.
 */
export function validate(form) {
  const problems = [];
  for (const el of form.querySelectorAll('input, select, textarea')) {
    if (!el.willValidate) continue;
    const v = el.validity;
    const name = form.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent || el.name;
    let msg = null;
    if (v.valueMissing) msg = t('form.required', { field: name });
    else if (v.typeMismatch && el.type === 'email') msg = t('form.email');
    else if ((v.tooShort || v.tooLong) && el.dataset.rule === 'password') msg = t('form.passwordRule', { min: PASSWORD_MIN, max: PASSWORD_MAX });
    else if (v.tooShort || v.tooLong) msg = t('form.length', { field: name, min: el.minLength > 0 ? el.minLength : 1, max: el.maxLength });
    else if (v.customError || v.patternMismatch) msg = el.validationMessage || t('form.invalid', { field: name });
    if (msg) {
      el.setAttribute('aria-invalid', 'true');
      problems.push({ el, msg });
    } else {
      el.removeAttribute('aria-invalid');
    }
  }
  problems[0]?.el.focus();
  return problems.map((p) => p.msg);
}

/**
 * Wires a form: validates, shows `progressText` while `action()` runs (submit disabled, aria-busy),
 * shows errors in the live region. action returns nothing or throws an ApiError.
 */
export function onSubmit(form, msg, progressText, action, errorContext = '') {
  form.setAttribute('novalidate', '');
  form.addEventListener('input', (e) => e.target.removeAttribute?.('aria-invalid'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const problems = validate(form);
    if (problems.length) {
      msg.status.textContent = '';
      msg.error.replaceChildren(...problems.map((p) => h('p', null, p)));
      return;
    }
    const buttons = [...form.querySelectorAll('button[type=submit]')];
    form.setAttribute('aria-busy', 'true');
    buttons.forEach((b) => { b.disabled = true; });
    msg.progress(progressText);
    try {
      await action();
    } catch (err) {
      if (err?.name === 'AbortError') return;
      msg.status.textContent = '';
      msg.error.replaceChildren(...errorLines(err, errorContext));
    } finally {
      form.setAttribute('aria-busy', 'false');
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

/** A notice box (info / warn / ok) like the game page's region message. */
export const notice = (kind, title, ...body) => h('div', { class: `notice notice-${kind}` },
  title && h('p', { class: 'notice-title' }, title), ...body);
