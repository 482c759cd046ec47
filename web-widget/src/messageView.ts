import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { renderAttachment } from './attachments.js';
import type { RenderContext } from './cardActions.js';
import { h, srOnly } from './dom.js';
import { agentNameOf } from './handoverState.js';
import type { Locale, Texts } from './i18n.js';
import { renderMarkdown } from './markdown.js';
import { text } from './values.js';

/** Of a message sent from this page: waiting for a connection, on its way, acknowledged by the server, or refused. */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * A bot message: markdown text in a bubble, then its cards. A message a person of the service centre wrote carries
 * that person's name instead of the bot's. Undefined when nothing is renderable.
 */
export function renderBotMessage(
  activity: ServerActivity,
  context: RenderContext,
  texts: Texts,
  locale: Locale,
): HTMLElement | undefined {
  const body = document.createDocumentFragment();
  const source = text(activity.text);
  if (source) {
    const bubble = h('div', { class: 'msg-bubble' });
    // Plain text is rendered as text too; only markdown (the default) is interpreted.
    bubble.append(activity.textFormat === 'plain' ? source : renderMarkdown(source, context.newWindowHint));
    body.append(bubble);
  }
  for (const attachment of activity.attachments ?? []) {
    const card = renderAttachment(attachment, context);
    if (card) body.append(card);
  }
  if (!body.hasChildNodes()) return undefined;
  const agentName = agentNameOf(activity);
  const message = agentName
    ? messageShell('agent', texts.agentAuthor(agentName), parseTime(activity.timestamp), locale)
    : messageShell('bot', texts.bot, parseTime(activity.timestamp), locale);
  message.append(body);
  return message;
}

/** A message of the citizen; `state` adds the delivery line for messages sent from this page. */
export function renderUserMessage(
  content: string,
  time: Date,
  texts: Texts,
  locale: Locale,
  state?: { value: DeliveryState; retry: () => void },
): HTMLElement {
  const message = messageShell('user', texts.you, time, locale);
  message.append(h('div', { class: 'msg-bubble' }, content));
  if (state) {
    const line = h('p', { class: 'msg-status', 'data-testid': 'govbot-status' });
    message.append(line);
    renderDeliveryState(line, state.value, texts, state.retry);
  }
  return message;
}

/** Updates the delivery line of a user message rendered with a state. */
export function setDeliveryState(message: HTMLElement, value: DeliveryState, texts: Texts, retry: () => void): void {
  const line = message.querySelector<HTMLElement>('.msg-status');
  if (line) renderDeliveryState(line, value, texts, retry);
}

function renderDeliveryState(line: HTMLElement, value: DeliveryState, texts: Texts, retry: () => void): void {
  line.dataset.state = value;
  if (value !== 'failed') {
    line.replaceChildren(texts[value]);
    return;
  }
  const button = h('button', { type: 'button', class: 'link-button', 'data-testid': 'govbot-retry' }, texts.retry);
  button.addEventListener('click', retry);
  line.replaceChildren(`${texts.failed} — `, button);
}

function messageShell(role: 'user' | 'bot' | 'agent', author: string, time: Date, locale: Locale): HTMLElement {
  return h(
    'div',
    { class: `msg msg-${role}`, 'data-testid': 'govbot-message', 'data-role': role },
    h(
      'p',
      { class: 'msg-meta' },
      h('span', { class: 'msg-author' }, author),
      srOnly(', '),
      h('time', { datetime: time.toISOString() }, formatTime(time, locale)),
      srOnly(':'),
    ),
  );
}

/** The activity's timestamp, or now when it has none or an invalid one. */
export function parseTime(timestamp: string | undefined): Date {
  const parsed = timestamp ? new Date(timestamp) : new Date();
  return Number.isNaN(parsed.getTime()) ? new Date() : parsed;
}

/** Time of day for today's messages, date and time for older ones (resumed conversations). */
function formatTime(time: Date, locale: Locale): string {
  const today = new Date().toDateString() === time.toDateString();
  const options: Intl.DateTimeFormatOptions = today
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', options).format(time);
}
