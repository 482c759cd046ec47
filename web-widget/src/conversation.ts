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
  stop(): void;
}

/**
 * Ties the connection to the view: sends the citizen's messages with delivery states and retry,
 * renders what the server sends, and replays the transcript (once) when a session is resumed.
 */
export function startConversation({ view, texts, locale, connect }: ConversationOptions): Conversation {
  // Ids of every activity already on screen: live messages, history replays and echoes are shown once.
  const shown = new Set<string>();
  const outbox = new Map<string, { activity: ClientActivity; message: HTMLElement }>();
  const context: RenderContext = { newWindowHint: texts.newWindow, submit: (submission) => send(submission) };

  const connection = connect({
    session(info: SessionInfo) {
      if (info.resumed) void replayHistory();
    },
    activity(activity: ServerActivity) {
      if (activity.type === 'typing' && activity.from?.role !== 'user') view.showTyping();
      else if (activity.type === 'message') show(activity);
    },
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
      for (const activity of result.activities) if (activity.type === 'message') show(activity);
    } catch (error) {
      // The conversation goes on without the earlier transcript.
      console.warn('GovBot: history unavailable', error);
    }
  }

  function show(activity: ServerActivity): void {
    const key = activity.id ?? `${activity.from?.role}|${activity.timestamp}|${activity.text}`;
    const unconfirmed = outbox.get(key);
    if (unconfirmed) {
      // The server has it although the acknowledgement was lost (e.g. the connection dropped right after sending).
      outbox.delete(key);
      setDeliveryState(unconfirmed.message, 'sent', texts, () => {});
    }
    if (shown.has(key)) return;
    shown.add(key);
    if (activity.from?.role === 'user') {
      const content = activity.text || fileNames(activity);
      if (!content) return;
      view.clearSuggestions();
      view.appendMessage(renderUserMessage(content, parseTime(activity.timestamp), texts, locale), false);
      return;
    }
    view.hideTyping();
    view.setFileRequest(fileRequestOf(activity));
    const message = renderBotMessage(activity, context, texts, locale);
    if (!message) return;
    view.clearSuggestions();
    view.appendMessage(message, false);
    const actions = activity.suggestedActions?.actions ?? [];
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
    stop: () => connection.close(),
  };
}

/** Random client id; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newActivityId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `w-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
