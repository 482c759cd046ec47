import { api, type Session } from '../api.js';
import { type LoginTexts, loginView } from '../LoginView.js';
import { EditorApp } from './EditorApp.js';

/** Roles that may use the workbench (docs/editor.md). */
const EDITOR_ROLES = new Set(['editor', 'publisher', 'admin']);
const TITLE = 'Redaktion des Chat-Assistenten';
const LOGIN: LoginTexts = {
  heading: `Anmeldung: ${TITLE}`,
  intro: 'Melden Sie sich an, um Anliegen, Katalog und Training des Chat-Assistenten zu bearbeiten.',
};

/** The workbench page: resumes a session (`/api/auth/me`) or shows the staff login form, then the workbench. */
function start(root: HTMLElement): void {
  let app: EditorApp | undefined;
  const showLogin = (notice?: string) => {
    app?.stop();
    app = undefined;
    root.replaceChildren(loginView(LOGIN, enter, notice));
    document.title = `Anmeldung – ${TITLE}`;
    root.querySelector<HTMLInputElement>('#login-name')?.focus();
  };
  const enter = (session: Session) => {
    if (!EDITOR_ROLES.has(session.user.role)) {
      showLogin(
        `Das Konto „${session.user.name}“ hat keinen Zugang zur Redaktion (nur Redaktion, Freigabe und Administration).`,
      );
      return;
    }
    app?.stop();
    app = new EditorApp(session, showLogin);
    root.replaceChildren(app.element);
    void app.start();
    root.querySelector<HTMLElement>('main')?.focus();
  };
  void api.me().then((result) => (result.ok ? enter(result.value) : showLogin()));
}

const root = document.getElementById('app');
if (root) start(root);
