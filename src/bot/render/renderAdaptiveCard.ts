import { type Attachment, CardFactory } from 'botbuilder';
import type { AnswerCard } from '../messages.js';

/** An Adaptive Card 1.3 of the answer: the subset GovBot's widget, Web Chat, Teams and the Emulator all render. */
export function renderAdaptiveCard(card: AnswerCard): Attachment {
  const body: unknown[] = [
    { type: 'TextBlock', text: card.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
  ];
  if (card.subtitle) body.push({ type: 'TextBlock', text: card.subtitle, isSubtle: true, wrap: true, spacing: 'None' });
  body.push({ type: 'TextBlock', text: card.summary, wrap: true });
  if (card.facts.length > 0) {
    body.push({ type: 'FactSet', facts: card.facts.map((fact) => ({ title: fact.label, value: fact.value })) });
  }
  for (const list of card.lists) {
    body.push(
      { type: 'TextBlock', text: list.label, weight: 'Bolder', wrap: true, spacing: 'Medium' },
      { type: 'TextBlock', text: list.items.map((item) => `- ${item}`).join('\r'), wrap: true, spacing: 'Small' },
    );
  }
  for (const block of card.blocks) {
    body.push({
      type: 'Container',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: block.label, weight: 'Bolder', wrap: true },
        ...block.lines.map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'None' })),
      ],
    });
  }
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    speak: `${card.title}. ${card.summary}`,
    body,
    actions: card.links.map((link) => ({ type: 'Action.OpenUrl', title: link.title, url: link.url })),
  });
}
