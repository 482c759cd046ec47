import type { Language, Service } from '../catalogue/schema.js';

/**
 * Training utterances for a catalogue entry, derived from its own texts so that every entry — default or imported —
 * is answerable at once: the title (also without its qualifiers), the synonyms, a few question templates around the
 * title, and the first sentences of the summary. Hand-written utterances from `intents/` are merged on top.
 */
export function bootstrapUtterances(service: Service, lang: Language): string[] {
  const title = lang === 'en' ? (service.title.en ?? service.title.de) : service.title.de;
  const names = unique([title, ...titleVariants(title), ...(lang === 'en' ? [service.title.de] : [])]);
  const synonyms = lang === 'en' ? service.synonyms.en : service.synonyms.de;
  const templates = TEMPLATES[lang];
  const summary = lang === 'en' ? service.summary.en : service.summary.de;
  const utterances = [
    ...names,
    ...synonyms,
    ...templates.map((template) => template.replace('{}', names[names.length > 1 ? 1 : 0] ?? title)),
    ...(summary ? firstSentences(summary, 2) : []),
  ];
  return unique(utterances.map((u) => u.trim()).filter((u) => u.length > 1));
}

/** "Umschreibung Fahrzeug – innerhalb Münchens" → "Umschreibung Fahrzeug"; "Personalausweis (Erstantrag)" → "Personalausweis". */
export function titleVariants(title: string): string[] {
  const variants: string[] = [];
  const withoutBrackets = title.replace(/\s*\([^)]*\)/g, '').trim();
  if (withoutBrackets !== title) variants.push(withoutBrackets);
  const head = withoutBrackets.split(/\s+[–—-]\s+|:\s+/)[0]?.trim();
  if (head && head !== withoutBrackets) variants.push(head);
  return variants;
}

function firstSentences(text: string, count: number): string[] {
  return text
    .replace(/[*_#>[\]()]/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .slice(0, count)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 12 && s.length <= 300);
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const TEMPLATES: Record<Language, string[]> = {
  de: ['{} beantragen', 'Wie bekomme ich {}?', 'Informationen zu {}'],
  en: ['apply for {}', 'How do I get {}?', 'information about {}'],
};
