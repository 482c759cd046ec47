import type { AgentOverview, HandoverView, QueueEntryView } from '../../src/channels/agent/protocol.js';
import { button, h, uid } from './dom.js';
import { channelLabel, formatDuration, languageLabel, REASON_LABELS } from './labels.js';

export interface QueueHandlers {
  accept(handoverId: string): void;
  open(handoverId: string): void;
}

/**
 * The sidebar: the live queue (place, waiting time ticking every second, topic, language, reason, channel) with
 * "Übernehmen", and the agent's own chats with unread marks.
 */
export class QueuePanel {
  readonly element: HTMLElement;
  private readonly queueHeading: HTMLHeadingElement;
  private readonly queueList: HTMLUListElement;
  private readonly queueEmpty: HTMLParagraphElement;
  private readonly capacityHint: HTMLParagraphElement;
  private readonly chatsHeading: HTMLHeadingElement;
  private readonly chatsList: HTMLUListElement;
  private readonly chatsEmpty: HTMLParagraphElement;
  /** Waiting times: seconds at the last overview and when it arrived, so the clock ticks without the server. */
  private waits: { element: HTMLElement; seconds: number; at: number }[] = [];
  private readonly unread = new Set<string>();
  private overview: AgentOverview | undefined;
  private current: string | undefined;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(private readonly handlers: QueueHandlers) {
    const queueId = uid('queue-title');
    const chatsId = uid('chats-title');
    this.queueHeading = h('h2', { id: queueId }, 'Warteschlange');
    this.queueList = h('ul', { class: 'queue', 'data-testid': 'queue' });
    this.queueEmpty = h('p', { class: 'muted' }, 'Niemand wartet.');
    this.capacityHint = h('p', { class: 'hint' });
    this.chatsHeading = h('h2', { id: chatsId }, 'Meine Chats');
    this.chatsList = h('ul', { class: 'my-chats', 'data-testid': 'my-chats' });
    this.chatsEmpty = h('p', { class: 'muted' }, 'Keine laufenden Chats.');
    this.element = h(
      'aside',
      { class: 'sidebar', 'aria-label': 'Warteschlange und meine Chats' },
      h(
        'section',
        { 'aria-labelledby': queueId },
        this.queueHeading,
        this.capacityHint,
        this.queueEmpty,
        this.queueList,
      ),
      h('section', { 'aria-labelledby': chatsId }, this.chatsHeading, this.chatsEmpty, this.chatsList),
    );
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  show(overview: AgentOverview): void {
    this.overview = overview;
    const { me, queue, chats } = overview;
    const full = chats.length >= me.maxChats;
    const away = me.status !== 'online';
    this.queueHeading.textContent = `Warteschlange (${queue.length})`;
    this.capacityHint.textContent = away
      ? 'Sie sind abwesend: Chats übernehmen können Sie erst wieder im Status „Online“.'
      : full
        ? `Sie haben die höchste Zahl gleichzeitiger Chats (${me.maxChats}) erreicht.`
        : '';
    this.queueEmpty.hidden = queue.length > 0;
    this.waits = [];
    this.queueList.replaceChildren(...queue.map((entry, index) => this.queueItem(entry, index + 1, full || away)));
    this.renderChats();
  }

  /** A citizen wrote in a chat that is not on screen. */
  markUnread(handoverId: string): void {
    if (handoverId === this.current) return;
    this.unread.add(handoverId);
    this.renderChats();
  }

  /** The chat on screen (its entry is marked as current and read). */
  setCurrent(handoverId: string | undefined): void {
    this.current = handoverId;
    if (handoverId) this.unread.delete(handoverId);
    this.renderChats();
  }

  stop(): void {
    clearInterval(this.ticker);
  }

  /** `place`: the entry's place in this agent's queue (a chat's `position` counts its own tenant's chats only). */
  private queueItem(entry: QueueEntryView, place: number, cannotAccept: boolean): HTMLLIElement {
    const { handover } = entry;
    const titleId = uid('queue-entry');
    const wait = h('span', { class: 'wait', 'data-testid': 'queue-wait' }, formatDuration(entry.waitedSeconds));
    this.waits.push({ element: wait, seconds: entry.waitedSeconds, at: Date.now() });
    return h(
      'li',
      { class: 'queue-entry', 'data-handover': handover.id, 'data-testid': 'queue-entry' },
      h(
        'p',
        { class: 'queue-title', id: titleId },
        h('span', { class: 'position' }, `${place}.`),
        ' ',
        handover.topic?.title ?? 'Ohne Thema',
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('Wartet', wait),
        fact('Sprache', languageLabel(handover.lang)),
        fact('Grund', REASON_LABELS[handover.reason]),
        fact('Kanal', channelLabel(handover.channel)),
        // A district's service centre serves several municipalities; a single city's has only `default`.
        ...(handover.tenantId === 'default' ? [] : [fact('Kommune', handover.tenantId)]),
      ),
      h(
        'div',
        { class: 'row' },
        button('Übernehmen', () => this.handlers.accept(handover.id), {
          'aria-describedby': titleId,
          disabled: cannotAccept,
        }),
        button('Ansehen', () => this.handlers.open(handover.id), {
          class: 'button-secondary',
          'aria-describedby': titleId,
        }),
      ),
    );
  }

  private renderChats(): void {
    const overview = this.overview;
    if (!overview) return;
    const { chats, me } = overview;
    this.chatsHeading.textContent = `Meine Chats (${chats.length} von ${me.maxChats})`;
    this.chatsEmpty.hidden = chats.length > 0;
    this.chatsList.replaceChildren(...chats.map((chat) => this.chatItem(chat)));
  }

  private chatItem(chat: HandoverView): HTMLLIElement {
    const unread = this.unread.has(chat.id);
    return h(
      'li',
      {},
      button(
        [
          h('span', {}, chat.topic?.title ?? 'Ohne Thema'),
          h('span', { class: 'muted' }, ` · ${languageLabel(chat.lang)} · ${channelLabel(chat.channel)}`),
          unread ? h('span', { class: 'badge badge-unread' }, 'neu') : '',
        ],
        () => this.handlers.open(chat.id),
        {
          class: 'chat-link',
          'aria-current': chat.id === this.current ? 'true' : undefined,
          'data-handover': chat.id,
        },
      ),
    );
  }

  private tick(): void {
    const now = Date.now();
    for (const wait of this.waits) {
      wait.element.textContent = formatDuration(wait.seconds + (now - wait.at) / 1000);
    }
  }
}

function fact(term: string, description: Node | string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', {}, term), h('dd', {}, description));
  return fragment;
}
