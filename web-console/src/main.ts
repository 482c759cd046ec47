import { api, type Session } from './api.js';
import { ConsoleApp } from './ConsoleApp.js';
import { type LoginTexts, loginView } from './LoginView.js';

/** Roles that may use the agent console. */
const CONSOLE_ROLES = new Set(['agent', 'admin']);
const LOGIN: LoginTexts = {
  heading: 'Anmeldung Service-Center',
  intro: 'Melden Sie sich mit Ihrem Konto an, um Chats aus der Warteschlange zu übernehmen.',
};

/** The console page: resumes a session (`/api/auth/me`) or shows the login form, then the console. */
function start(root: HTMLElement): void {
  let app: ConsoleApp | undefined;
  const showLogin = (notice?: string) => {
    app = undefined;
    root.replaceChildren(loginView(LOGIN, enter, notice));
    document.title = 'Anmeldung – Chat-Konsole des Service-Centers';
    root.querySelector<HTMLInputElement>('#login-name')?.focus();
  };
  const enter = (session: Session) => {
    if (!CONSOLE_ROLES.has(session.user.role)) {
      showLogin(
        `Das Konto „${session.user.name}“ hat keinen Zugang zur Chat-Konsole (nur Service-Center und Administration).`,
      );
      return;
    }
    app?.stop();
    app = new ConsoleApp(session, showLogin);
    root.replaceChildren(app.element);
    document.title = 'Chat-Konsole des Service-Centers';
    root.querySelector<HTMLElement>('main')?.focus();
  };
  void api.me().then((result) => (result.ok ? enter(result.value) : showLogin()));
}

const root = document.getElementById('app');
if (root) start(root);
