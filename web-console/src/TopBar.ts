import type { AgentAck, AgentOverview } from '../../src/channels/agent/protocol.js';
import type { QueueAlerts } from './alerts.js';
import { button, h, labelledSelect } from './dom.js';
import { errorLabel, PRESENCE_LABELS } from './labels.js';

export interface TopBarHandlers {
  presence(status: 'online' | 'away'): Promise<AgentAck>;
  logout(): void;
  /** Something the agent tried did not work; shown in the console's alert. */
  failed(message: string): void;
}

/**
 * The console's banner: whether the service centre is open, the connection, my presence (online / away), desktop
 * notifications, who is logged in, and logout.
 */
export class TopBar {
  readonly element: HTMLElement;
  private readonly openState: HTMLElement;
  private readonly connectionState: HTMLElement;
  private readonly presence: HTMLSelectElement;
  private confirmed: 'online' | 'away' = 'online';

  constructor(userName: string, alerts: QueueAlerts, handlers: TopBarHandlers) {
    const presence = labelledSelect(
      'Mein Status',
      (['online', 'away'] as const).map((value) => ({ value, label: PRESENCE_LABELS[value] })),
    );
    this.presence = presence.select;
    this.presence.addEventListener('change', () => {
      const status = this.presence.value === 'away' ? 'away' : 'online';
      void handlers.presence(status).then((result) => {
        if (result.ok) return;
        handlers.failed(`Status nicht geändert: ${errorLabel(result.error)}`);
        this.presence.value = this.confirmed;
      });
    });
    this.openState = h('p', { class: 'open-state' });
    this.connectionState = h('p', { class: 'connection-state', role: 'status' }, 'Verbindung wird aufgebaut …');
    const notify = button(
      'Desktop-Benachrichtigungen einschalten',
      () => {
        alerts.unlock();
        void alerts.askForNotifications().then(() => {
          notify.hidden = true;
        });
      },
      { class: 'button-secondary' },
    );
    notify.hidden = !alerts.canAskForNotifications();
    this.element = h(
      'header',
      { class: 'topbar' },
      h('h1', {}, 'Service-Center · Chat-Konsole'),
      this.openState,
      this.connectionState,
      h(
        'div',
        { class: 'topbar-tools' },
        presence.field,
        notify,
        h('p', { class: 'user' }, `Angemeldet als ${userName}`),
        button('Abmelden', () => handlers.logout(), { class: 'button-secondary' }),
      ),
    );
  }

  showOverview(overview: AgentOverview): void {
    this.confirmed = overview.me.status === 'away' ? 'away' : 'online';
    this.presence.value = this.confirmed;
    this.openState.textContent = overview.open ? 'Service-Center geöffnet' : 'Service-Center geschlossen';
    this.openState.dataset.open = String(overview.open);
  }

  connected(online: boolean): void {
    this.connectionState.textContent = online ? 'Verbunden' : 'Verbindung unterbrochen – neuer Versuch …';
    this.connectionState.dataset.state = online ? 'online' : 'offline';
  }
}
