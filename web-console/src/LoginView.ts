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
  const name = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Anmelden');
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'login-error' }, notice);
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('div', { class: 'field' }, h('label', { for: 'login-name' }, 'Benutzername'), name),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Passwort'), password),
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
  return h('main', { class: 'login' }, h('h1', { id: 'login-title' }, texts.heading), h('p', {}, texts.intro), form);
}
