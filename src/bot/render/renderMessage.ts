import { ActionTypes, type Activity, ActivityTypes, type Attachment, type CardAction, CardFactory } from 'botbuilder';
import type { AnswerCard, Choice, OutgoingMessage } from '../messages.js';
import type { ChannelCapabilities } from './channelCapabilities.js';
import { renderAdaptiveCard } from './renderAdaptiveCard.js';
import { renderCardAsText } from './renderCardAsText.js';

/**
 * Turns a channel-neutral message into a Bot Framework Activity the channel can show: an Adaptive Card where
 * supported, a hero card with buttons where only those are, and plain text with a numbered list everywhere else.
 */
export function renderMessage(
  message: OutgoingMessage,
  capabilities: ChannelCapabilities,
  choiceHint: string,
): Partial<Activity> {
  const choices = message.choices ?? [];
  const parts: string[] = [message.text];
  const attachments: Attachment[] = [];
  if (message.card) {
    if (message.card.note) parts.push(message.card.note);
    if (capabilities.cards === 'adaptive') attachments.push(renderAdaptiveCard(message.card));
    else if (capabilities.cards === 'hero') attachments.push(renderHeroCard(message.card));
    else parts.push(renderCardAsText(message.card));
  }
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    textFormat: capabilities.markdown ? 'markdown' : 'plain',
  };
  if (choices.length > 0) {
    if (capabilities.suggestedActions) {
      activity.suggestedActions = { to: [], actions: choices.map(toCardAction) };
    } else if (capabilities.cards !== 'none') {
      attachments.push(CardFactory.heroCard('', undefined, choices.map(toCardAction)));
    } else {
      parts.push(choices.map((choice, i) => `${i + 1}. ${choice.title}`).join('\n'), choiceHint);
    }
  }
  activity.text = parts.filter((part) => part.length > 0).join('\n\n');
  if (!capabilities.markdown) activity.text = stripMarkdown(activity.text);
  if (attachments.length > 0) activity.attachments = attachments;
  if (message.channelData) activity.channelData = { govbot: message.channelData };
  return activity;
}

function toCardAction(choice: Choice): CardAction {
  return { type: ActionTypes.PostBack, title: choice.title, value: choice.value, text: choice.title };
}

function renderHeroCard(card: AnswerCard): Attachment {
  const facts = card.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n');
  return CardFactory.heroCard(
    card.title,
    `${card.summary}${facts ? `\n\n${facts}` : ''}`,
    undefined,
    card.links.map((link) => ({ type: ActionTypes.OpenUrl, title: link.title, value: link.url })),
  );
}

/** Markdown marks out, link targets kept in brackets, for channels that show raw text. */
function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_]+)_/g, '$1$2');
}
