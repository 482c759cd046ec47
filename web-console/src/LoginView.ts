import { api, type Session } from './api.js';
import { h } from './dom.js';
import { errorLabel } from './labels.js';

/** What a staff page says above its login form. */
export interface LoginTexts {
  /** The page's heading. */
  heading: string;
  /** The sentence below it: what the account is for. */
  intro: string;
}

/**
 * The login form of a staff page, under the page's heading and introduction; calls `done` with the session once the
 * staff member is logged in. `notice` is shown in the error line from the start (why the login is back).
 */
export function loginView(texts: LoginTexts, done: (session: Session) => void, notice = ''): HTMLElement {
  return h(
    'main',
    { class: 'login' },
    h('h1', { id: 'login-title' }, texts.heading),
    h('p', {}, texts.intro),
    loginForm(done, { notice, labelledBy: 'login-title' }),
  );
}

export interface LoginFormOptions {
  /** Prefix of the fields' ids and of the error line's test id (default `login`). */
  idPrefix?: string;
  /** Shown in the error line from the start. */
  notice?: string;
  /** The id of the heading that names the form. */
  labelledBy?: string;
  /** The user name filled in (logging in again after the session ended). */
  name?: string;
}

/**
 * The name and password form with its error line, on the login page and in the dialog after a session ended; calls
 * `done` with the new session.
 */
export function loginForm(done: (session: Session) => void, options: LoginFormOptions = {}): HTMLFormElement {
  const prefix = options.idPrefix ?? 'login';
  const name = h('input', {
    id: `${prefix}-name`,
    name: 'name',
    autocomplete: 'username',
    required: true,
    maxlength: 64,
    value: options.name ?? '',
  });
  const password = h('input', {
    id: `${prefix}-password`,
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Anmelden');
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': `${prefix}-error` }, options.notice ?? '');
  const form = h(
    'form',
    { class: 'login-form', ...(options.labelledBy ? { 'aria-labelledby': options.labelledBy } : {}) },
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Benutzername'), name),
    h('div', { class: 'field' }, h('label', { for: password.id }, 'Passwort'), password),
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    void api.login(name.value.trim(), password.value).then((result) => {
      submit.disabled = false;
      if (result.ok) {
        done(result.value);
        return;
      }
      password.value = '';
      error.textContent =
        result.status === 401
          ? 'Benutzername oder Passwort ist falsch.'
          : result.status === 423
            ? 'Das Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt. Bitte versuchen Sie es in 15 Minuten erneut.'
            : `Anmeldung nicht möglich: ${errorLabel(result.error)}`;
      password.focus();
    });
  });
  return form;
}
