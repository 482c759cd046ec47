import type {
  ClientActivity,
  ClientAttachment,
  ServerActivity,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';
import type { ChatView } from './ChatView.js';
import { type RenderContext, renderCardAction, type Submission } from './cardActions.js';
import type { Connection, ConnectionListener } from './connection.js';
import { fileNames, fileRequestOf, type PickedFile } from './filePicker.js';
import {
  agentNameOf,
  CANCEL_HANDOVER,
  type HandoverState,
  handoverStateOf,
  isCancelHandover,
  isHandoverActive,
  REQUEST_HANDOVER,
} from './handoverState.js';
import type { Locale, Texts } from './i18n.js';
import { type DeliveryState, parseTime, renderBotMessage, renderUserMessage, setDeliveryState } from './messageView.js';

export interface ConversationOptions {
  view: ChatView;
  texts: Texts;
  locale: Locale;
  connect(listener: ConnectionListener): Connection;
}

/** A running conversation; `stop` closes its connection. */
export interface Conversation {
  send(text: string): void;
  sendFile(file: PickedFile): void;
  reconnect(): void;
  talkToPerson(): void;
  cancelHandover(): void;
  /** The citizen is typing; passed on, at most every 2 s, while a person is sought or has the chat. */
  typing(): void;
  stop(): void;
}

const TYPING_INTERVAL_MS = 2_000;

/**
 * Ties the connection to the view: sends the citizen's messages with delivery states and retry,
 * renders what the server sends (messages, typing, handover states), and replays the transcript (once) when a session
 * is resumed.
 */
export function startConversation({ view, texts, locale, connect }: ConversationOptions): Conversation {
  // Ids of every activity already on screen: live messages, history replays and echoes are shown once.
  const shown = new Set<string>();
  const outbox = new Map<string, { activity: ClientActivity; message: HTMLElement }>();
  const context: RenderContext = { newWindowHint: texts.newWindow, submit: (submission) => send(submission) };
  let handover: HandoverState | undefined;
  /** Time of the activity that set `handover`. */
  let handoverAt = 0;
  let typingSentAt = 0;

  const connection = connect({
    session(info: SessionInfo) {
      if (info.resumed) void replayHistory();
    },
    activity: receive,
    online: (connected) => view.setOnline(connected),
  });

  function send(submission: Submission, attachments?: ClientAttachment[]): void {
    const id = newActivityId();
    const activity: ClientActivity = { type: 'message', id, locale };
    if (submission.text !== undefined) activity.text = submission.text;
    if (submission.value !== undefined) activity.value = submission.value;
    // Kept in the outbox with the message, so a retry sends the file again.
    if (attachments) activity.attachments = attachments;
    const message = renderUserMessage(submission.display, new Date(), texts, locale, {
      value: 'sending',
      retry: () => deliver(id),
    });
    shown.add(id);
    outbox.set(id, { activity, message });
    view.clearSuggestions();
    view.appendMessage(message, true);
    deliver(id);
  }

  function deliver(id: string): void {
    const entry = outbox.get(id);
    if (!entry) return;
    const mark = (state: DeliveryState) => setDeliveryState(entry.message, state, texts, () => deliver(id));
    mark('sending');
    // A retry sends the same id, so the server acknowledges a message it already has without handling it twice.
    connection.send(entry.activity).then(
      (ack) => {
        if (!ack.ok) return mark('failed');
        shown.add(ack.id);
        outbox.delete(id);
        mark('sent');
      },
      () => mark('failed'),
    );
  }

  async function replayHistory(): Promise<void> {
    try {
      const result = await connection.history();
      if (!result.ok) throw new Error(result.error);
      for (const activity of result.activities) receive(activity);
    } catch (error) {
      // The conversation goes on without the earlier transcript.
      console.warn('GovBot: history unavailable', error);
    }
  }

  function receive(activity: ServerActivity): void {
    if (activity.type === 'message') show(activity);
    else if (activity.type === 'typing') showTyping(activity);
    else if (activity.type === 'event' && firstTime(activity)) updateHandover(activity);
  }

  function showTyping(activity: ServerActivity): void {
    if (activity.from?.role === 'user') return;
    const agentName = agentNameOf(activity);
    // While a person is sought or has the chat the bot does not answer: its typing would promise nothing.
    if (!agentName && isHandoverActive(handover)) return;
    view.showTyping(agentName);
  }

  /** False for an activity already handled (live and again in the history). */
  function firstTime(activity: ServerActivity): boolean {
    const key = keyOf(activity);
    if (shown.has(key)) return false;
    shown.add(key);
    return true;
  }

  function updateHandover(activity: ServerActivity): void {
    const next = handoverStateOf(activity);
    if (!next) return;
    const at = parseTime(activity.timestamp).getTime();
    // After a reconnect, live activities can come before older ones from the history: the newest state wins.
    if (at < handoverAt) return;
    handoverAt = at;
    handover = next;
    view.setHandover(next);
  }

  function show(activity: ServerActivity): void {
    const key = keyOf(activity);
    const unconfirmed = outbox.get(key);
    if (unconfirmed) {
      // The server has it although the acknowledgement was lost (e.g. the connection dropped right after sending).
      outbox.delete(key);
      setDeliveryState(unconfirmed.message, 'sent', texts, () => {});
    }
    if (!firstTime(activity)) return;
    if (activity.from?.role === 'user') {
      const content = activity.text || fileNames(activity);
      if (!content) return;
      view.clearSuggestions();
      view.appendMessage(renderUserMessage(content, parseTime(activity.timestamp), texts, locale), false);
      return;
    }
    view.hideTyping();
    view.setFileRequest(fileRequestOf(activity));
    updateHandover(activity);
    const message = renderBotMessage(activity, context, texts, locale);
    if (!message) return;
    view.clearSuggestions();
    view.appendMessage(message, false);
    // The status line has its own stop-waiting button; a second one under the message would do the same.
    const actions = (activity.suggestedActions?.actions ?? []).filter(
      (action) => handover?.state !== 'queued' || !isCancelHandover(action.value),
    );
    view.showSuggestions(actions.flatMap((action) => renderCardAction(action, context, 'suggestion') ?? []));
  }

  return {
    send: (text) => send({ text, display: text }),
    sendFile({ name, contentType, dataUrl }) {
      // The name as text, for every place that shows no attachments (transcripts, other channels).
      const label = `📎 ${name}`;
      send({ text: label, display: label }, [{ contentType, name, contentUrl: dataUrl }]);
    },
    reconnect: () => connection.reconnect(),
    talkToPerson: () => send({ text: texts.talkToPerson, value: REQUEST_HANDOVER, display: texts.talkToPerson }),
    cancelHandover: () => send({ text: texts.cancelWait, value: CANCEL_HANDOVER, display: texts.cancelWait }),
    typing() {
      const now = Date.now();
      if (!isHandoverActive(handover) || now - typingSentAt < TYPING_INTERVAL_MS) return;
      typingSentAt = now;
      connection.typing();
    },
    stop: () => connection.close(),
  };
}

/** What identifies an activity that arrives live and again in the history. */
function keyOf(activity: ServerActivity): string {
  return activity.id ?? `${activity.type}|${activity.from?.role}|${activity.timestamp}|${activity.text}`;
}

/** Random client id; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newActivityId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `w-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
