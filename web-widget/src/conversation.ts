import type {
  ClientActivity,
  ClientAttachment,
  ServerActivity,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';
import { clearToken, readOutbox, type StoredOutboxEntry, writeOutbox } from './browserStorage.js';
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
  /** Where the outbox is kept: per server and tenant (`storageScope`). */
  scope: string;
  connect(listener: ConnectionListener): Connection;
  /** The conversation was deleted on the server (here or in another tab); the widget starts afresh. */
  onErased(): void;
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
  /** Deletes the conversation on the server; false when that failed (the conversation goes on). */
  erase(): Promise<boolean>;
  stop(): void;
}

/** A message of the citizen on its way: shown at once, sent when a session is open, until acknowledged. */
interface OutboxEntry {
  activity: ClientActivity;
  message: HTMLElement;
  display: string;
  at: Date;
  state: DeliveryState;
}

const TYPING_INTERVAL_MS = 2_000;

/**
 * Ties the connection to the view: sends the citizen's messages with delivery states and retry, renders what the
 * server sends (messages, typing, handover states), and replays the transcript (once) when a session is resumed.
 *
 * Messages typed while offline wait in an outbox, kept in browser storage (text only) so that a reload does not lose
 * them, and go out one after another, in order, once a session is open. Every message keeps the id it was created
 * with, so a message sent twice (acknowledgement lost, two tabs, reload) is stored and answered once by the server.
 */
export function startConversation({
  view,
  texts,
  locale,
  scope,
  connect,
  onErased,
}: ConversationOptions): Conversation {
  // Ids of every activity already on screen: live messages, history replays and echoes are shown once.
  const shown = new Set<string>();
  const outbox = new Map<string, OutboxEntry>();
  /** Ids of stored outbox entries this tab is responsible for; other tabs' entries are left in storage. */
  const owned = new Set<string>();
  const context: RenderContext = { newWindowHint: texts.newWindow, submit: (submission) => send(submission) };
  let handover: HandoverState | undefined;
  /** Time of the activity that set `handover`. */
  let handoverAt = 0;
  let typingSentAt = 0;
  let online = false;
  let flushing = false;
  let stopped = false;

  const connection = connect({
    session(info: SessionInfo) {
      // The transcript first, so that queued messages and their answers come after it.
      void (info.resumed ? replayHistory() : Promise.resolve()).then(flush);
    },
    activity: receive,
    online(connected) {
      online = connected;
      view.setOnline(connected);
    },
    erased: () => finish(),
  });
  restoreOutbox();

  function send(submission: Submission, attachments?: ClientAttachment[]): void {
    const id = newActivityId();
    const activity: ClientActivity = { type: 'message', id, locale };
    if (submission.text !== undefined) activity.text = submission.text;
    if (submission.value !== undefined) activity.value = submission.value;
    // Kept in the outbox with the message, so a retry sends the file again.
    if (attachments) activity.attachments = attachments;
    enqueue(activity, submission.display, new Date());
    persistOutbox();
    view.clearSuggestions();
    void flush();
  }

  function enqueue(activity: ClientActivity, display: string, at: Date): void {
    const id = activity.id as string;
    const state: DeliveryState = online ? 'sending' : 'queued';
    const message = renderUserMessage(display, at, texts, locale, { value: state, retry: () => retry(id) });
    message.dataset.pending = '';
    shown.add(id);
    owned.add(id);
    outbox.set(id, { activity, message, display, at, state: 'queued' });
    view.appendMessage(message, true);
  }

  /** Messages a reload, a crash or a closed tab left unsent. */
  function restoreOutbox(): void {
    for (const stored of readOutbox(scope)) {
      if (shown.has(stored.id)) continue;
      const at = parseTime(stored.at);
      enqueue({ ...stored.activity, locale: stored.activity.locale ?? locale }, stored.display, at);
    }
  }

  function persistOutbox(): void {
    const others = readOutbox(scope).filter((entry) => !owned.has(entry.id));
    const mine: StoredOutboxEntry[] = [];
    for (const [id, entry] of outbox) {
      // Files stay in memory: browser storage is small, and the citizen can choose the file again.
      if (entry.activity.attachments) continue;
      const { type, text, value, locale: language } = entry.activity;
      mine.push({
        id,
        activity: { type, id, text, value, locale: language },
        display: entry.display,
        at: entry.at.toISOString(),
      });
    }
    writeOutbox(scope, [...others, ...mine]);
  }

  function mark(id: string, state: DeliveryState): void {
    const entry = outbox.get(id);
    if (!entry) return;
    entry.state = state;
    setDeliveryState(entry.message, state, texts, () => retry(id));
    if (state !== 'sent') return;
    delete entry.message.dataset.pending;
    outbox.delete(id);
    // A stopped conversation (language switch) has handed its outbox on to the next one.
    if (!stopped) persistOutbox();
  }

  function retry(id: string): void {
    mark(id, 'queued');
    void flush();
  }

  /** Sends queued messages one by one, in order, while a session is open. */
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (let next = nextQueued(); next && online && !stopped; next = nextQueued()) await deliver(next);
    } finally {
      flushing = false;
    }
  }

  function nextQueued(): string | undefined {
    for (const [id, entry] of outbox) if (entry.state === 'queued') return id;
    return undefined;
  }

  async function deliver(id: string): Promise<void> {
    const entry = outbox.get(id);
    if (!entry) return;
    mark(id, 'sending');
    try {
      // A retry sends the same id, so the server acknowledges a message it already has without handling it twice.
      const ack = await connection.send(entry.activity);
      if (!ack.ok) return mark(id, 'failed');
      shown.add(ack.id);
      mark(id, 'sent');
    } catch {
      // Lost with the connection: it goes again once the connection is back. Otherwise the citizen decides.
      mark(id, online ? 'failed' : 'queued');
    }
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
    // The server has it although the acknowledgement was lost (e.g. the connection dropped right after sending).
    if (outbox.has(key)) mark(key, 'sent');
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

  /** After an erase: nothing of the old conversation is kept or sent. */
  function finish(): void {
    if (stopped) return;
    stopped = true;
    outbox.clear();
    writeOutbox(scope, []);
    connection.close();
    onErased();
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
    async erase() {
      try {
        const ack = await connection.erase();
        if (!ack.ok) return false;
      } catch {
        return false;
      }
      clearToken(scope);
      finish();
      return true;
    },
    stop() {
      stopped = true;
      connection.close();
    },
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
