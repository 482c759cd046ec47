import { api, type Session } from './api.js';
import { button, h } from './dom.js';
import { loginForm } from './LoginView.js';
import { errorLabel } from './labels.js';

/**
 * How long before a staff session ends the warning comes: time to finish a sentence and click (WCAG 2.2.1 asks for at
 * least 20 seconds).
 */
export const WARNING_MS = 5 * 60_000;
/**
 * The longest single wait: a sleeping laptop's timers fire late, and a check at least once a minute notices the time
 * that passed meanwhile.
 */
const MAX_WAIT_MS = 60_000;
/** A renewal that would add less than this is not offered: the session is at its maximum. */
const MIN_RENEWAL_MS = 60_000;

export interface SessionWatchHandlers {
  /** The page goes on with this session (renewed, or logged in again: then with a new CSRF token). */
  changed(session: Session): void;
  /** The staff member chose to leave for the login page. */
  loggedOut(notice?: string): void;
}

type State = 'idle' | 'warning' | 'dismissed' | 'expired';

/**
 * Staff sessions end (8 hours after the login, `src/auth/AuthService.ts`). Some minutes before, this warns in a modal
 * alert dialog with "Sitzung verlängern" (WCAG 2.2.1, timing adjustable); once the session has ended, the same dialog
 * asks for the password again, so that the page (open chats, a half-written answer, an unsaved edit) stays as it is.
 * The times are the server's, compared with the browser's clock; a clock that is off shows the warning early or late,
 * and the server's 401 still brings the dialog (`expired`).
 */
export class SessionWatch {
  /** The dialog and a status line for screen readers; put it into the page once. */
  readonly element: HTMLElement;
  private readonly dialog: HTMLDialogElement;
  private readonly status: HTMLElement;
  private state: State = 'idle';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private returnFocus: HTMLElement | undefined;
  private stopped = false;

  constructor(
    private session: Session,
    private readonly handlers: SessionWatchHandlers,
    private readonly now: () => number = Date.now,
  ) {
    this.dialog = h('dialog', {
      class: 'session-dialog',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'session-title',
      'aria-describedby': 'session-text',
      'data-testid': 'session-dialog',
    });
    // Escape closes a warning (the session still ends at its time); an ended session leaves nothing to go back to.
    this.dialog.addEventListener('cancel', (event) => {
      if (this.state === 'expired') event.preventDefault();
      else this.state = 'dismissed';
    });
    this.dialog.addEventListener('close', () => {
      if (this.state === 'expired' && !this.stopped) this.dialog.showModal();
      else this.restoreFocus();
    });
    this.status = h('p', { class: 'sr-only', role: 'status', 'data-testid': 'session-status' });
    this.element = h('div', { class: 'session-watch' }, this.dialog, this.status);
    document.addEventListener('visibilitychange', this.check);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.check);
    if (this.dialog.open) this.dialog.close();
  }

  /** The server said the session is gone (a 401): ask for the password again. */
  expired(): void {
    if (this.stopped || this.state === 'expired') return;
    this.showExpired();
  }

  private readonly check = () => {
    if (this.stopped || this.state === 'expired') return;
    const left = this.left();
    if (left === undefined) return;
    if (left <= 0) this.showExpired();
    else if (left <= WARNING_MS && this.state === 'idle') void this.warn();
    else this.schedule();
  };

  /** Milliseconds until the session ends, or undefined when the server did not say. */
  private left(): number | undefined {
    const end = Date.parse(this.session.expiresAt ?? '');
    return Number.isNaN(end) ? undefined : end - this.now();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const left = this.left();
    if (left === undefined || this.stopped) return;
    const until = this.state === 'idle' ? left - WARNING_MS : left;
    this.timer = setTimeout(this.check, Math.min(Math.max(until, 0), MAX_WAIT_MS));
  }

  /** Warns, unless another tab renewed the session meanwhile (the cookie is shared) or it is gone already. */
  private async warn(): Promise<void> {
    this.state = 'warning';
    const me = await api.me();
    if (this.stopped || this.state !== 'warning') return;
    if (me.ok && me.value.user.name === this.session.user.name) {
      this.update(me.value);
      const left = this.left();
      if (left !== undefined && left > WARNING_MS) {
        this.state = 'idle';
        this.schedule();
        return;
      }
    } else if (!me.ok && me.status === 401) {
      this.showExpired();
      return;
    }
    this.showWarning();
    this.schedule();
  }

  private showWarning(): void {
    const end = new Date(Date.parse(this.session.expiresAt ?? ''));
    const renewable = Date.parse(this.session.maxExpiresAt ?? '') - end.getTime() >= MIN_RENEWAL_MS;
    const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'session-error' });
    const actions = renewable
      ? [
          button('Sitzung verlängern', (event) => {
            const renew = event.currentTarget;
            if (renew instanceof HTMLButtonElement) renew.disabled = true;
            void this.renew(error).finally(() => {
              if (renew instanceof HTMLButtonElement) renew.disabled = false;
            });
          }),
          button('Schließen', () => this.dismiss(), { class: 'button-secondary' }),
        ]
      : [button('Verstanden', () => this.dismiss())];
    this.render(
      'Ihre Sitzung läuft bald ab',
      'Your session is about to end',
      renewable
        ? [
            `Ohne Verlängerung werden Sie um ${clock(end, 'de-DE')} Uhr abgemeldet. Verlängern Sie die Sitzung, um weiterzuarbeiten.`,
            `Unless you extend it, you will be logged out at ${clock(end, 'en-GB')}.`,
          ]
        : [
            `Sie werden um ${clock(end, 'de-DE')} Uhr abgemeldet. Die Sitzung kann nicht weiter verlängert werden (Höchstdauer seit der Anmeldung erreicht); danach melden Sie sich neu an.`,
            `You will be logged out at ${clock(end, 'en-GB')}; the session has reached its longest duration and cannot be extended.`,
          ],
      h('div', { class: 'row dialog-actions' }, ...actions),
      error,
    );
    this.open();
    actions[0]?.focus();
  }

  private async renew(error: HTMLElement): Promise<void> {
    const result = await api.renew(this.session.csrfToken);
    if (this.stopped || this.state === 'expired') return;
    if (!result.ok) {
      if (result.status === 401) this.showExpired();
      else error.textContent = `Verlängern nicht möglich: ${errorLabel(result.error)} – bitte erneut versuchen.`;
      return;
    }
    this.update(result.value);
    this.state = 'idle';
    this.dialog.close();
    const until = new Date(Date.parse(this.session.expiresAt ?? ''));
    this.status.textContent = `Sitzung verlängert bis ${clock(until, 'de-DE')} Uhr.`;
    this.schedule();
  }

  private showExpired(): void {
    this.state = 'expired';
    clearTimeout(this.timer);
    const name = this.session.user.name;
    const form = loginForm((session) => this.loggedInAgain(session), {
      idPrefix: 'session-login',
      labelledBy: 'session-title',
      name,
    });
    this.render(
      'Sitzung abgelaufen',
      'Session expired',
      [
        'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um weiterzuarbeiten: Was auf dieser Seite offen ist, bleibt erhalten.',
        'Your session has ended. Log in again to carry on; what is open on this page stays as it is.',
      ],
      form,
      h(
        'div',
        { class: 'row dialog-actions' },
        button(
          'Zur Anmeldeseite',
          () => {
            this.stop();
            this.handlers.loggedOut('Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich neu an.');
          },
          { class: 'button-secondary' },
        ),
      ),
    );
    this.open();
    form.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
  }

  private loggedInAgain(session: Session): void {
    // Someone else at this desk: the page of the one before is not theirs to carry on.
    if (session.user.name !== this.session.user.name) {
      this.stop();
      location.reload();
      return;
    }
    this.session = session;
    this.state = 'idle';
    this.handlers.changed(session);
    this.dialog.close();
    this.status.textContent = 'Wieder angemeldet.';
    this.schedule();
  }

  private dismiss(): void {
    this.state = 'dismissed';
    this.dialog.close();
  }

  private update(session: Session): void {
    this.session = session;
    this.handlers.changed(session);
  }

  private render(title: string, titleEn: string, text: [string, string], ...rest: HTMLElement[]): void {
    this.dialog.replaceChildren(
      h('h2', { id: 'session-title' }, title, h('span', { class: 'title-en', lang: 'en' }, ` / ${titleEn}`)),
      h('div', { id: 'session-text' }, h('p', {}, text[0]), h('p', { lang: 'en', class: 'muted' }, text[1])),
      ...rest,
    );
  }

  private open(): void {
    if (this.dialog.open) return;
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : undefined;
    this.dialog.showModal();
  }

  private restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = undefined;
    if (target?.isConnected) target.focus();
  }
}

/** A time of day as the staff member reads it (the browser's time zone). */
function clock(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}
