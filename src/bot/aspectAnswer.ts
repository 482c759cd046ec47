import type { Language, Office, Service } from '../catalogue/schema.js';
import type { Aspect } from '../nlu/detectAspect.js';
import type { AnswerCard, OutgoingMessage } from './messages.js';
import { serviceAnswer } from './serviceAnswer.js';
import { TEXTS } from './texts.js';

/**
 * The answer to a question about one part of a service ("Was kostet das?"): that part in a sentence, and a button
 * for everything else. Where the catalogue says nothing about it, the bot says so and shows the whole entry.
 */
export function aspectAnswer(service: Service, offices: Office[], aspect: Aspect, lang: Language): OutgoingMessage {
  const texts = TEXTS[lang];
  const card = serviceAnswer(service, offices, lang);
  const lines = aspectLines(card, aspect, lang);
  const more = { title: texts.allInformation, value: { action: 'service' as const, serviceId: service.id } };
  if (lines.length === 0) return { text: texts.aspectUnknown(card.title), card };
  const note = card.note ? `${card.note}\n\n` : '';
  return { text: `${note}**${card.title}**\n\n${lines.join('\n')}`, choices: [more] };
}

function aspectLines(card: AnswerCard, aspect: Aspect, lang: Language): string[] {
  const texts = TEXTS[lang];
  const fact = (label: string) => card.facts.filter((f) => f.label === label).map((f) => `${f.label}: ${f.value}`);
  const list = (label: string) => {
    const found = card.lists.find((l) => l.label === label);
    return found ? [`${found.label}:`, ...found.items.map((item) => `- ${item}`)] : [];
  };
  switch (aspect) {
    case 'costs':
      return fact(texts.costs);
    case 'processingTime':
      return fact(texts.processingTime);
    case 'deadlines':
      return fact(texts.deadlines);
    case 'documents':
      return list(texts.documents);
    case 'prerequisites':
      return list(texts.prerequisites);
    case 'office':
      return card.blocks.flatMap((block, i) => [...(i > 0 ? [''] : []), `${block.label}:`, ...block.lines]);
    case 'openingHours':
      return card.blocks.flatMap((block) => {
        const hours = block.lines.filter((line) => line.startsWith(texts.openingHours));
        return hours.length > 0 ? [`${block.lines[0]}:`, ...hours] : [];
      });
    case 'online': {
      const online = card.links.find((link) => link.title === texts.applyOnline);
      return online ? [texts.onlineYes, `[${online.title}](${online.url})`] : [];
    }
  }
}
