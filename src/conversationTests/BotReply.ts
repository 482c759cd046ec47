import { z } from 'zod';
import type { GovBotChannelData } from '../bot/channelData.js';
import { ServerActivity } from '../channels/socketio/protocol.js';

/** A button as the citizen sees it: pressed by sending its value, or, on a channel without buttons, its number. */
export type Button = { title: string; value: unknown } | { title: string; number: number };

/** One bot message, reduced to what a citizen notices and what the harness asserts on. */
export interface BotReply {
  text: string;
  /** Text plus every string of the message's cards. */
  visible: string;
  buttons: Button[];
  dialog: GovBotChannelData['dialog'];
  expect: GovBotChannelData['expect'];
}

const HeroCard = z.object({
  buttons: z.array(z.object({ type: z.string(), title: z.string(), value: z.unknown() })).default([]),
});

/**
 * Reads a bot activity as either channel delivers it (Socket.IO `activity` event, or a Bot Framework reply posted to
 * the channel's serviceUrl); undefined for anything that is not a bot message (typing, echoes).
 */
export function botReplyOf(raw: unknown): BotReply | undefined {
  const parsed = ServerActivity.safeParse(raw);
  if (!parsed.success || parsed.data.type !== 'message' || parsed.data.from?.role !== 'bot') return undefined;
  const activity = parsed.data;
  const text = activity.text ?? '';
  const buttons: Button[] = [];
  for (const action of activity.suggestedActions?.actions ?? []) {
    if (action.title !== undefined) buttons.push({ title: action.title, value: action.value });
  }
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.hero') continue;
    const card = HeroCard.safeParse(attachment.content);
    for (const button of card.success ? card.data.buttons : []) {
      if (button.type !== 'openUrl') buttons.push({ title: button.title, value: button.value });
    }
  }
  if (activity.textFormat === 'plain' && buttons.length === 0) buttons.push(...numberedChoices(text));
  return {
    text,
    visible: [text, ...(activity.attachments ?? []).flatMap((attachment) => cardText(attachment.content))].join('\n'),
    buttons,
    dialog: activity.channelData?.govbot?.dialog,
    expect: activity.channelData?.govbot?.expect,
  };
}

/** Card properties a citizen reads: TextBlock and hero card texts, fact titles and values, button titles. */
const VISIBLE_KEYS = new Set(['text', 'title', 'subtitle', 'value']);

/** The strings of a card a citizen sees, leaving out types, schema URLs, styles and what is read aloud. */
function cardText(content: unknown): string[] {
  if (Array.isArray(content)) return content.flatMap(cardText);
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content).flatMap(([key, value]) => {
    if (typeof value === 'string') return VISIBLE_KEYS.has(key) ? [value] : [];
    // A button's value is what it sends, not what it shows.
    return key === 'value' ? [] : cardText(value);
  });
}

/** "1. Ja\n2. Nein": the last numbered list of a plain-text message, as a channel without buttons shows choices. */
function numberedChoices(text: string): Button[] {
  let last: Button[] = [];
  let current: Button[] = [];
  for (const line of text.split('\n')) {
    const item = /^(\d{1,2})\. (.+)$/.exec(line.trim());
    const number = Number(item?.[1]);
    const title = item?.[2]?.trim();
    if (title && number === current.length + 1) current.push({ title, number });
    else current = title && number === 1 ? [{ title, number }] : [];
    if (current.length > 0) last = current;
  }
  return last;
}

/** One line per reply for failure messages: `[invalid dogs[0].since: rule] Der Hund kann nicht … {Ja | Nein}`. */
export function describeReplies(replies: readonly BotReply[]): string {
  if (replies.length === 0) return '    (no reply)';
  return replies
    .map((reply, index) => {
      const dialog = reply.dialog;
      const tag = dialog
        ? `[${dialog.state}${dialog.field ? ` ${dialog.field}` : ''}${dialog.reason ? `: ${dialog.reason}` : ''}] `
        : '';
      const buttons = reply.buttons.length ? ` {${reply.buttons.map((button) => button.title).join(' | ')}}` : '';
      const text = reply.visible.replace(/\s+/g, ' ').trim();
      return `    ${index + 1}. ${tag}${text.length > 1500 ? `${text.slice(0, 1500)}…` : text}${buttons}`;
    })
    .join('\n');
}
