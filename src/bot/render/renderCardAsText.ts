import type { AnswerCard } from '../messages.js';

/** The answer card as markdown, for channels without cards. */
export function renderCardAsText(card: AnswerCard): string {
  const lines = [`**${card.title}**`];
  if (card.subtitle) lines.push(card.subtitle);
  lines.push('', card.summary);
  if (card.facts.length > 0) lines.push('', ...card.facts.map((fact) => `${fact.label}: ${fact.value}`));
  for (const list of card.lists) lines.push('', `**${list.label}**`, ...list.items.map((item) => `- ${item}`));
  for (const block of card.blocks) lines.push('', `**${block.label}**`, ...block.lines);
  if (card.links.length > 0) lines.push('', ...card.links.map((link) => `[${link.title}](${link.url})`));
  return lines.join('\n');
}
