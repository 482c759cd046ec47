import { z } from 'zod';
import type { Language } from '../catalogue/schema.js';
import { normaliseText } from './normaliseText.js';

/** The part of a catalogue entry a question asks about. */
export const Aspect = z.enum([
  'costs',
  'documents',
  'office',
  'openingHours',
  'online',
  'processingTime',
  'deadlines',
  'prerequisites',
]);
export type Aspect = z.infer<typeof Aspect>;

/**
 * Which part of a service a message asks about ("Was kostet das?" → costs), from the question words citizens use.
 * Patterns run on normalised text (ae/oe/ue/ss), most specific first.
 */
export function detectAspect(text: string, lang: Language): Aspect | undefined {
  const normalised = spaced(text);
  return PATTERNS[lang].find(([, pattern]) => pattern.test(normalised))?.[0];
}

/**
 * The message, normalised, without the words that ask for a part of a service ("Was kostet", "Unterlagen", "wie
 * lange"): what is left names the service. Undefined when the message asks for no part; empty when it is nothing
 * else ("Kosten?").
 */
export function withoutAspectWords(text: string, lang: Language): string | undefined {
  const normalised = spaced(text);
  let rest = normalised;
  for (const [, pattern] of PATTERNS[lang]) {
    for (let before = ''; before !== rest; ) {
      before = rest;
      rest = rest.replace(pattern, ' ');
    }
  }
  return rest === normalised ? undefined : rest.trim();
}

/** Words that point back to the service talked about before ("das", "dafür", "it"). */
export function refersBack(text: string, lang: Language): boolean {
  const normalised = spaced(text);
  return (
    lang === 'de' ? /\s(das|dafuer|dazu|dort|da|dies|es|davon|hierfuer|und)\s/ : /\s(it|that|this|there|and)\s/
  ).test(normalised);
}

/** Normalised words, each with a space before and after, as the patterns expect them. */
function spaced(text: string): string {
  return ` ${normaliseText(text).replace(/[^a-z0-9]+/g, ' ')} `;
}

const PATTERNS: Record<Language, [Aspect, RegExp][]> = {
  de: [
    ['openingHours', /\s(oeffnungszeit\w*|geoeffnet|offen|auf hat|aufhat|sprechzeit\w*)\s/],
    ['processingTime', /\s(wie lange|dauer\w*|bearbeitungs\w*|wann bekomme|wann kriege|wie schnell)\s/],
    ['deadlines', /\s(frist\w*|bis wann|spaetestens|rechtzeitig|zu spaet)\s/],
    ['costs', /\s(kost\w*|gebuehr\w*|preis\w*|teuer|bezahl\w*|zahl\w*|umsonst|gratis|euro)\s/],
    ['documents', /\s(unterlagen|dokument\w*|mitbringen|mitnehmen|nachweis\w*|papiere|formular\w*)\s/],
    ['online', /\s(online|internet|digital|von zu ?hause|per mail|elektronisch)\s/],
    ['prerequisites', /\s(voraussetzung\w*|bedingung\w*|wer darf|wer kann|berechtigt|anspruch)\s/],
    ['office', /\s(wo|wohin|adresse|anschrift|zustaendig\w*|welches amt|welche stelle|hingehen|telefon\w*|erreiche)\s/],
  ],
  en: [
    ['openingHours', /\s(opening hours|open|opening times|office hours)\s/],
    ['processingTime', /\s(how long|processing time|take|takes|how soon)\s/],
    ['deadlines', /\s(deadline\w*|until when|how soon must|too late)\s/],
    ['costs', /\s(cost\w*|fee\w*|price\w*|how much|pay|expensive|free of charge|eur|euro\w*)\s/],
    ['documents', /\s(documents?|papers|bring|paperwork|forms?|proof)\s/],
    ['online', /\s(online|internet|digitally|from home|by email)\s/],
    ['prerequisites', /\s(requirements?|conditions?|eligible|who can|entitled)\s/],
    ['office', /\s(where|address|which office|responsible|phone|contact)\s/],
  ],
};
