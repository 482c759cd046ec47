import type { AgentOverview, ConversationView, HandoverView } from '../../src/channels/agent/protocol.js';
import { AgentConnection } from './agentSocket.js';
import { QueueAlerts } from './alerts.js';
import { api, type CannedResponse, type Session } from './api.js';
import { ChatPanel } from './ChatPanel.js';
import { h } from './dom.js';
import { errorLabel, languageLabel } from './labels.js';
import { QueuePanel } from './QueuePanel.js';
import { SessionWatch } from './SessionWatch.js';
import { Tabs } from './Tabs.js';
import { TicketsPanel } from './TicketsPanel.js';
import { TopBar } from './TopBar.js';
import { transcriptMessage } from './transcript.js';

const RETRY_MS = 3_000;
const ANNOUNCEMENTS_KEPT = 3;

/**
 * The logged-in console: the top bar, the queue and my chats, and the chats and contact requests tabs. It owns the
 * `/agent` connection and routes its events to the panels.
 */
export class ConsoleApp {
  readonly element: HTMLElement;
  private readonly connection: AgentConnection;
  private readonly alerts = new QueueAlerts();
  private readonly queue: QueuePanel;
  private readonly tickets: TicketsPanel;
  private readonly tabs: Tabs;
  private readonly chatArea: HTMLElement;
  private readonly emptyChat: HTMLElement;
  private readonly alert: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly topBar: TopBar;
  private readonly sessionWatch: SessionWatch;
  private readonly panels = new Map<string, ChatPanel>();
  /** Live messages of chats whose `open`/`accept` is still on its way; replayed into the new panel. */
  private readonly pending = new Map<string, Record<string, unknown>[]>();
  private overview: AgentOverview | undefined;
  private canned: CannedResponse[] = [];
  private shown: string | undefined;
  private connectedOnce = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private session: Session,
    private readonly loggedOut: (notice?: string) => void,
  ) {
    this.connection = new AgentConnection(session.csrfToken);
    this.sessionWatch = new SessionWatch(session, {
      changed: (changed) => this.sessionChanged(changed),
      loggedOut: (notice) => {
        this.stop();
        this.loggedOut(notice);
      },
    });
    this.queue = new QueuePanel({ accept: (id) => void this.accept(id), open: (id) => void this.open(id) });
    this.tickets = new TicketsPanel(() => this.session.csrfToken);
    this.alert = h('p', { class: 'error', role: 'alert' });
    this.topBar = new TopBar(session.user.name, this.alerts, {
      presence: (status) => this.connection.presence(status),
      logout: () => void this.logout(),
      failed: (message) => {
        this.alert.textContent = message;
      },
    });
    this.emptyChat = h(
      'p',
      { class: 'empty-chat muted' },
      'Kein Chat geöffnet. Übernehmen Sie einen Chat aus der Warteschlange oder wählen Sie einen aus „Meine Chats“.',
    );
    this.chatArea = h('div', { class: 'chat-area' }, this.emptyChat);
    this.tabs = new Tabs('Bereiche', [
      { id: 'chats', label: 'Chats', panel: this.chatArea },
      { id: 'tickets', label: 'Kontaktanfragen', panel: this.tickets.element },
    ]);
    this.tabs.onSelect = (id) => {
      if (id === 'tickets') void this.tickets.load();
    };
    this.announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', 'data-testid': 'announcer' });

    this.element = h(
      'div',
      { class: 'app' },
      h('a', { class: 'skip-link', href: '#main' }, 'Zum Arbeitsbereich springen'),
      this.topBar.element,
      h(
        'div',
        { class: 'layout' },
        this.queue.element,
        h(
          'main',
          { id: 'main', tabindex: -1 },
          this.alert,
          this.tabs.element,
          this.announcer,
          this.sessionWatch.element,
        ),
      ),
    );
    this.listen();
    // The login click is the user gesture that allows sound; later clicks and keys keep the audio context alive.
    this.alerts.unlock();
    document.addEventListener('pointerdown', this.unlockAudio);
    document.addEventListener('keydown', this.unlockAudio);
    void api.cannedResponses().then((result) => {
      if (!result.ok) return;
      this.canned = result.value;
      for (const panel of this.panels.values()) panel.refreshCanned();
    });
  }

  stop(): void {
    this.stopped = true;
    this.sessionWatch.stop();
    clearTimeout(this.retryTimer);
    this.connection.close();
    this.queue.stop();
    document.removeEventListener('pointerdown', this.unlockAudio);
    document.removeEventListener('keydown', this.unlockAudio);
  }

  private readonly unlockAudio = () => this.alerts.unlock();

  private listen(): void {
    const socket = this.connection.socket;
    socket.on('connect', () => {
      clearTimeout(this.retryTimer);
      this.topBar.connected(true);
      // Events missed while disconnected: the chats on screen are loaded again.
      if (this.connectedOnce) for (const id of this.panels.keys()) void this.refresh(id);
      this.connectedOnce = true;
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.lost();
      // The server closed the connection on purpose (e.g. the session ended); Socket.IO does not retry by itself.
      if (reason === 'io server disconnect') this.retry();
    });
    socket.on('connect_error', () => {
      if (this.stopped) return;
      this.lost();
      if (!socket.active) this.retry();
    });
    socket.on('overview', (overview) => this.showOverview(overview));
    socket.on('activity', ({ handoverId, activity }) => {
      const panel = this.panels.get(handoverId);
      if (!panel) this.pending.get(handoverId)?.push(activity);
      const message = panel ? panel.appendActivity(activity) : transcriptMessage(activity);
      if (message?.author !== 'citizen') return;
      const topic = this.topicOf(handoverId);
      this.announce(`Neue Nachricht von Bürger/in${topic ? ` (${topic})` : ''}: ${message.text}`);
      if (this.shown !== handoverId) this.queue.markUnread(handoverId);
    });
    socket.on('typing', ({ handoverId }) => this.panels.get(handoverId)?.citizenTyping());
    socket.on('note', (note) => this.panels.get(note.handoverId)?.addNote(note));
    socket.on('handover', (handover) => this.panels.get(handover.id)?.update(handover));
    socket.on('queued', ({ handover, position }) => {
      const topic = handover.topic?.title ?? 'ohne Thema';
      const language = languageLabel(handover.lang);
      this.alerts.alert('Neue Anfrage im Service-Center', `${topic} · ${language}`);
      this.announce(`Neue Anfrage in der Warteschlange: ${topic}, ${language}, Position ${position}.`);
    });
    socket.on('tickets', ({ open }) => {
      this.tabs.setLabel('tickets', ticketsLabel(open));
      if (this.tabs.selected() === 'tickets') void this.tickets.load();
    });
  }

  private showOverview(overview: AgentOverview): void {
    this.overview = overview;
    this.queue.show(overview);
    this.topBar.showOverview(overview);
    this.tabs.setLabel('tickets', ticketsLabel(overview.openTickets));
    for (const panel of this.panels.values()) panel.refreshTransferTargets();
    this.reconcile(overview);
  }

  /**
   * Loads every chat of mine in the background (which also subscribes to its messages, for announcements and unread
   * marks after a reload or a transfer to me), and refreshes chats that are no longer mine.
   */
  private reconcile(overview: AgentOverview): void {
    const mine = new Set(overview.chats.map((chat) => chat.id));
    for (const chat of overview.chats) {
      if (!this.panels.has(chat.id) && !this.pending.has(chat.id)) void this.load(chat.id, 'open', false);
    }
    for (const [id, panel] of this.panels) {
      if (!panel.isMine() || mine.has(id)) continue;
      const queued = overview.queue.find((entry) => entry.handover.id === id);
      if (queued) panel.update(queued.handover);
      else void this.refresh(id);
    }
  }

  private accept(handoverId: string): Promise<void> {
    return this.load(handoverId, 'accept', true);
  }

  private async open(handoverId: string): Promise<void> {
    const existing = this.panels.get(handoverId);
    if (existing) this.display(existing);
    else await this.load(handoverId, 'open', true);
  }

  /** Takes or opens a chat; live messages arriving before the answer are kept and added after the transcript. */
  private async load(handoverId: string, how: 'accept' | 'open', display: boolean): Promise<void> {
    if (display) this.alert.textContent = '';
    this.pending.set(handoverId, this.pending.get(handoverId) ?? []);
    const result = how === 'accept' ? await this.connection.accept(handoverId) : await this.connection.open(handoverId);
    const early = this.pending.get(handoverId) ?? [];
    this.pending.delete(handoverId);
    if (!result.ok) {
      if (display) {
        const what = how === 'accept' ? 'übernommen' : 'geöffnet';
        this.alert.textContent = `Chat nicht ${what}: ${errorLabel(result.error)}`;
      }
      return;
    }
    const panel = this.panelFor(result.conversation);
    for (const activity of early) panel.appendActivity(activity);
    if (display) this.display(panel);
  }

  private async refresh(handoverId: string): Promise<void> {
    const result = await this.connection.open(handoverId);
    const panel = this.panels.get(handoverId);
    if (result.ok) panel?.reset(result.conversation);
    // No longer visible to me (taken over by someone else): the chat stays on screen, read-only.
    else if (panel?.isMine()) panel.update({ ...panel.handover, status: 'completed' });
  }

  /** The chat's panel, updated with a conversation the server sent, or a new one. */
  private panelFor(view: ConversationView): ChatPanel {
    let panel = this.panels.get(view.handover.id);
    if (panel) panel.reset(view);
    else {
      panel = new ChatPanel(view, {
        connection: this.connection,
        myId: () => this.overview?.me.id ?? '',
        canned: () => this.canned,
        transferTargets: () =>
          (this.overview?.agents ?? []).filter(
            (agent) => agent.status === 'online' && agent.id !== this.overview?.me.id,
          ),
        accept: (id) => void this.accept(id),
        close: (id) => this.close(id),
      });
      this.panels.set(view.handover.id, panel);
    }
    return panel;
  }

  private display(panel: ChatPanel): void {
    this.shown = panel.handover.id;
    this.chatArea.replaceChildren(panel.element);
    this.queue.setCurrent(panel.handover.id);
    this.tabs.select('chats');
    // Only laid out now: a panel loaded in the background could not scroll before.
    panel.scrollToEnd();
    panel.focus();
  }

  private close(handoverId: string): void {
    this.panels.delete(handoverId);
    if (this.shown !== handoverId) return;
    this.shown = undefined;
    this.chatArea.replaceChildren(this.emptyChat);
    this.queue.setCurrent(undefined);
  }

  private async logout(): Promise<void> {
    await api.logout(this.session.csrfToken);
    this.stop();
    this.loggedOut('Sie sind abgemeldet.');
  }

  /**
   * Renewed (same CSRF token: nothing to do) or logged in again after the session ended: the connection, opened with
   * the old session, is opened again with the new one; the chats on screen stay and are reloaded on connect.
   */
  private sessionChanged(session: Session): void {
    const renewed = session.csrfToken === this.session.csrfToken;
    this.session = session;
    if (!renewed) this.connection.reauthenticate(session.csrfToken);
  }

  private lost(): void {
    this.topBar.connected(false);
  }

  /**
   * Tries again unless the session is gone, in which case the agent is asked to log in again, on this page: the chats
   * on screen and what is typed stay, and the connection follows the new login.
   */
  private retry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      void api.me().then((me) => {
        if (this.stopped) return;
        if (!me.ok && (me.status === 401 || me.status === 403)) {
          this.sessionWatch.expired();
          return;
        }
        this.connection.socket.connect();
      });
    }, RETRY_MS);
  }

  private topicOf(handoverId: string): string | undefined {
    const handover: HandoverView | undefined =
      this.panels.get(handoverId)?.handover ?? this.overview?.chats.find((chat) => chat.id === handoverId);
    return handover?.topic?.title;
  }

  /** Polite announcements; the last few stay so that each new one is an addition screen readers read out. */
  private announce(message: string): void {
    this.announcer.append(h('p', {}, message));
    while (this.announcer.childElementCount > ANNOUNCEMENTS_KEPT) this.announcer.firstElementChild?.remove();
  }
}

function ticketsLabel(open: number): string {
  return open > 0 ? `Kontaktanfragen (${open} offen)` : 'Kontaktanfragen';
}
