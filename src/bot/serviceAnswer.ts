import {
  type Language,
  type LocalizedList,
  type LocalizedText,
  localize,
  type Office,
  type OpeningSlot,
  type Service,
} from '../catalogue/schema.js';
import type { AnswerCard } from './messages.js';
import { type BotTexts, TEXTS } from './texts.js';

/**
 * The answer card for a catalogue entry in the citizen's language. Where the entry has no English text the German
 * text is shown with a note, rather than nothing.
 */
export function serviceAnswer(service: Service, offices: Office[], lang: Language): AnswerCard {
  const texts = TEXTS[lang];
  let fellBack = false;
  const text = (value: LocalizedText | undefined): string | undefined => {
    if (!value) return undefined;
    if (lang === 'en' && value.en) return value.en;
    if (lang === 'en') fellBack = true;
    return value.de;
  };
  const list = (value: LocalizedList | undefined): string[] => {
    if (!value) return [];
    if (lang === 'en' && value.en) return value.en;
    if (lang === 'en' && value.de.length > 0) fellBack = true;
    return value.de;
  };
  const facts: AnswerCard['facts'] = [];
  const addFact = (label: string, value: string | undefined) => value && facts.push({ label, value });
  addFact(texts.costs, text(service.costs));
  addFact(texts.processingTime, text(service.processingTime));
  addFact(texts.deadlines, text(service.deadlines));
  if (service.leika.length > 0) facts.push({ label: texts.leika, value: service.leika.join(', ') });

  const lists: AnswerCard['lists'] = [];
  const documents = list(service.documents);
  if (documents.length > 0) lists.push({ label: texts.documents, items: documents });
  const prerequisites = list(service.prerequisites);
  if (prerequisites.length > 0) lists.push({ label: texts.prerequisites, items: prerequisites });

  const links = [];
  if (service.onlineService) links.push({ title: texts.applyOnline, url: service.onlineService.url });
  for (const link of [...service.forms, ...service.links].slice(0, 3)) {
    links.push({ title: text(link.title) ?? link.url, url: link.url });
  }

  const card: AnswerCard = {
    title: text(service.title) ?? service.id,
    summary: text(service.summary) ?? '',
    facts,
    lists,
    blocks: offices.slice(0, 2).map((office) => ({ label: texts.office, lines: officeLines(office, lang, texts) })),
    links,
  };
  if (fellBack) card.note = texts.onlyGerman;
  return card;
}

function officeLines(office: Office, lang: Language, texts: BotTexts): string[] {
  const lines = [localize(office.name, lang)];
  const address = office.address;
  if (address) {
    lines.push(
      `${address.street}${address.houseNumber ? ` ${address.houseNumber}` : ''}, ${address.postalCode} ${address.city}`,
    );
  }
  const hours = formatOpeningHours(office.openingHours, texts);
  if (hours) lines.push(`${texts.openingHours}: ${hours}`);
  const note = office.openingNote && localize(office.openingNote, lang);
  if (note) lines.push(note);
  if (office.contact.phone) lines.push(`${texts.phone}: ${office.contact.phone}`);
  if (office.contact.email) lines.push(`${texts.email}: ${office.contact.email}`);
  return lines;
}

/** "Mo, Di 08:00–12:00; Do 14:00–18:00" */
export function formatOpeningHours(slots: OpeningSlot[], texts: BotTexts): string {
  return slots.map((slot) => `${formatDays(slot.days, texts)} ${slot.opens}–${slot.closes}`).join('; ');
}

const WEEK = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/** Consecutive days become a range: [mo, tu, we, th, fr] → "Mo–Fr". */
function formatDays(days: OpeningSlot['days'], texts: BotTexts): string {
  const indices = [...new Set(days.map((day) => WEEK.indexOf(day)))].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indices) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === index - 1) run.push(index);
    else runs.push([index]);
  }
  const name = (index: number | undefined) => texts.weekdays[WEEK[index ?? 0] ?? 'mo'];
  return runs
    .map((run) => (run.length >= 3 ? `${name(run[0])}–${name(run[run.length - 1])}` : run.map(name).join(', ')))
    .join(', ');
}
