import type { ConversationView, HandoverView } from '../../src/channels/agent/protocol.js';
import type { HandoverNote } from '../../src/handover/types.js';
import { renderMarkdown } from '../../web-widget/src/markdown.js';
import type { AgentConnection } from './agentSocket.js';
import type { CannedResponse } from './api.js';
import { ChatActions } from './ChatActions.js';
import { Composer } from './Composer.js';
import { button, h, uid } from './dom.js';
import { FormPanel } from './FormPanel.js';
import { channelLabel, formatTime, languageLabel, REASON_LABELS, STATUS_LABELS } from './labels.js';
import { NotesPanel } from './NotesPanel.js';
import { type TranscriptMessage, transcriptMessage } from './transcript.js';

const CITIZEN_TYPING_SHOWN_MS = 5_000;
const NEW_WINDOW_HINT = '(öffnet in neuem Fenster)';

/** What a chat needs from the console around it. */
export interface ChatContext {
  connection: AgentConnection;
  myId(): string;
  canned(): CannedResponse[];
  /** Online agents other than me, for "Weitergeben". */
  transferTargets(): { id: string; name: string }[];
  /** Takes a queued chat (the console then shows the accepted conversation). */
  accept(handoverId: string): void;
  /** The agent closes the (ended) chat's view. */
  close(handoverId: string): void;
}

/**
 * One conversation as the agent works on it: the transcript with live messages, the citizen's typing, the message
 * box, the form in progress, internal notes, and transfer / hand back / end. Writing, correcting and ending are
 * offered only while the chat is connected to this agent; otherwise a notice says why.
 */
export class ChatPanel {
  readonly element: HTMLElement;
  handover: HandoverView;
  private readonly heading: HTMLHeadingElement;
  private readonly meta: HTMLElement;
  private readonly transcript: HTMLOListElement;
  private readonly transcriptBox: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly composer: Composer;
  private readonly form: FormPanel;
  private readonly notes: NotesPanel;
  private readonly actions: ChatActions;
  private readonly seen = new Set<string>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    view: ConversationView,
    private readonly context: ChatContext,
  ) {
    this.handover = view.handover;
    const { connection } = context;
    const headingId = uid('chat-title');
    this.heading = h('h2', { id: headingId, tabindex: -1, class: 'chat-title' });
    this.meta = h('p', { class: 'chat-meta' });
    this.transcript = h('ol', { class: 'transcript', 'data-testid': 'transcript' });
    // Focusable so that keyboard users can scroll it.
    this.transcriptBox = h(
      'div',
      { class: 'transcript-box', tabindex: 0, role: 'region', 'aria-label': 'Gesprächsverlauf' },
      this.transcript,
    );
    this.typing = h('p', { class: 'typing', 'data-testid': 'citizen-typing' });
    this.notice = h('div', { class: 'chat-notice', role: 'status' });
    this.composer = new Composer({
      send: (text) => connection.message(this.handover.id, text),
      typing: () => connection.typing(this.handover.id),
      canned: () => context.canned(),
    });
    this.actions = new ChatActions({
      transferTargets: () => context.transferTargets(),
      transfer: async (agentId) => {
        const result = await connection.transfer(this.handover.id, agentId);
        const target = context.transferTargets().find((agent) => agent.id === agentId);
        if (result.ok) this.update({ ...this.handover, agentId, agentName: target?.name ?? this.handover.agentName });
        return result;
      },
      end: async (outcome, resumeAt) => {
        const result = await connection.end(this.handover.id, outcome, resumeAt);
        if (result.ok) this.update({ ...this.handover, status: 'completed' });
        return result;
      },
    });
    this.form = new FormPanel({
      correct: (path, value) => connection.correctField(this.handover.id, path, value),
      editable: () => this.isMine(),
      changed: (form) => this.actions.showForm(form),
    });
    this.notes = new NotesPanel((text) => connection.note(this.handover.id, text));
    this.element = h(
      'section',
      { class: 'chat', 'aria-labelledby': headingId, 'data-handover': this.handover.id },
      h('header', { class: 'chat-header' }, this.heading, this.meta),
      h(
        'div',
        { class: 'chat-body' },
        h('div', { class: 'chat-main' }, this.transcriptBox, this.typing, this.notice, this.composer.element),
        h('div', { class: 'chat-side' }, this.form.element, this.notes.element, this.actions.element),
      ),
    );
    this.reset(view);
  }

  /** Shows a fresh view of the conversation (first open, or after a reconnect). */
  reset(view: ConversationView): void {
    this.seen.clear();
    this.transcript.replaceChildren();
    for (const activity of view.transcript) this.appendActivity(activity);
    this.notes.reset(view.notes);
    this.update(view.handover);
    this.form.show(view.form);
    this.refreshCanned();
    this.refreshTransferTargets();
    this.scrollToEnd();
  }

  /** A message of the conversation; returns it when it is new and shown (for the console's announcements). */
  appendActivity(activity: Record<string, unknown>): TranscriptMessage | undefined {
    const message = transcriptMessage(activity);
    if (!message) return undefined;
    if (message.id !== undefined) {
      if (this.seen.has(message.id)) return undefined;
      this.seen.add(message.id);
    }
    if (message.author === 'citizen') this.showTyping(false);
    const follow = this.isScrolledToEnd();
    this.transcript.append(renderMessage(message));
    if (follow) this.scrollToEnd();
    return message;
  }

  /** The citizen is typing: shown for a few seconds unless a message arrives first. */
  citizenTyping(): void {
    this.showTyping(true);
  }

  addNote(note: HandoverNote): void {
    this.notes.add(note);
  }

  /** The handover changed (taken, transferred, ended): the controls follow whether the chat is still mine. */
  update(handover: HandoverView): void {
    this.handover = handover;
    this.heading.textContent = `Chat: ${handover.topic?.title ?? 'Ohne Thema'}`;
    const others = handover.agentName && handover.agentId !== this.context.myId() ? ` · bei ${handover.agentName}` : '';
    this.meta.textContent =
      `${STATUS_LABELS[handover.status]} · ${languageLabel(handover.lang)} · ${channelLabel(handover.channel)} · ` +
      `${REASON_LABELS[handover.reason]} · seit ${formatTime(handover.acceptedAt ?? handover.requestedAt)}${others}`;
    const mine = this.isMine();
    this.composer.element.hidden = !mine;
    this.actions.element.hidden = !mine;
    this.notice.hidden = mine;
    this.notice.replaceChildren(...(mine ? [] : this.noticeFor(handover)));
    this.form.render();
  }

  refreshCanned(): void {
    this.composer.refreshCanned(this.handover.lang);
  }

  refreshTransferTargets(): void {
    this.actions.refreshTransferTargets();
  }

  /** Whether this agent has the chat (connected to them): only then may they write, correct and end. */
  isMine(): boolean {
    return this.handover.status === 'connected' && this.handover.agentId === this.context.myId();
  }

  focus(): void {
    this.heading.focus();
  }

  /** Shows the newest messages (after opening, and for new ones while the agent reads the end). */
  scrollToEnd(): void {
    this.transcriptBox.scrollTop = this.transcriptBox.scrollHeight;
  }

  private noticeFor(handover: HandoverView): (Node | string)[] {
    switch (handover.status) {
      case 'queued':
        return ['Dieser Chat wartet noch. ', button('Übernehmen', () => this.context.accept(handover.id))];
      case 'connected':
        return [`Dieser Chat wird von ${handover.agentName ?? 'einer anderen Person'} geführt.`];
      default:
        return [
          `Dieser Chat ist ${STATUS_LABELS[handover.status]}. `,
          button('Chat schließen', () => this.context.close(handover.id), { class: 'button-secondary' }),
        ];
    }
  }

  private showTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typing.textContent = on ? 'Bürger/in schreibt …' : '';
    if (on) this.typingTimer = setTimeout(() => this.showTyping(false), CITIZEN_TYPING_SHOWN_MS);
  }

  private isScrolledToEnd(): boolean {
    const box = this.transcriptBox;
    return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  }
}

const AUTHOR_LABELS = { citizen: 'Bürger/in', bot: 'Assistent', agent: 'Service-Center' } as const;

/** Citizen and agent text as plain text (the citizen's is untrusted); the bot's markdown through the safe renderer. */
function renderMessage(message: TranscriptMessage): HTMLLIElement {
  const who = message.author === 'agent' && message.agentName ? message.agentName : AUTHOR_LABELS[message.author];
  const body =
    message.author === 'bot'
      ? h('div', { class: 'message-text' }, renderMarkdown(message.text, NEW_WINDOW_HINT))
      : h('p', { class: 'message-text plain' }, message.text);
  return h(
    'li',
    { class: `message message-${message.author}`, 'data-author': message.author, 'data-testid': 'chat-message' },
    h(
      'p',
      { class: 'message-meta' },
      h('span', { class: 'message-author' }, who),
      message.author === 'agent' ? h('span', { class: 'sr-only' }, ' (Service-Center)') : '',
      ' ',
      h('time', { datetime: message.timestamp }, formatTime(message.timestamp)),
    ),
    message.text === '' ? '' : body,
    ...message.extras.map((extra) => h('p', { class: 'message-extra' }, extra)),
  );
}
