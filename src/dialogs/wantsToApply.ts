import type { Language } from '../catalogue/schema.js';
import { foldText } from './fields/foldText.js';

const QUESTION_START =
  /^(?:wie|was|wo|wann|welche\w*|wer|warum|wieso|weshalb|kann|koennen|muss|darf|brauche ich|gibt es|how|what|where|when|which|who|why|can|could|do|does|is|are|must)\b/;

const APPLY: Record<Language, { wish: RegExp; act: RegExp; direct: RegExp }> = {
  de: {
    wish: /\b(?:ich (?:moechte|mochte|will|wuerde gerne?|muss|brauche|moecht)|moechte ich|will ich|wir (?:moechten|wollen|muessen)|bitte)\b/,
    act: /(?:beantragen|anmelden|bestellen|melden|bewerben|antrag|ummelden|einreichen|anzeigen|registrieren|haben|ausstellen)/,
    direct:
      /(?:^|\b(?:jetzt|direkt|gleich|sofort|online|hier|im chat)\s+)(?:\S+\s+){0,3}(?:beantragen|anmelden|bestellen|melden|bewerben)$/,
  },
  en: {
    wish: /\b(?:i(?:'d| would) like to|i want to|i need to|i wish to|let me|please|we(?:'d| would) like to)\b/,
    act: /\b(?:apply|register|order|report|submit|request|get)\b/,
    direct: /^(?:apply|register|order|report|submit)\b.*\b(?:now|here|online|in the chat)?$/,
  },
};

const NEED: Record<Language, RegExp> = {
  de: /^(?:ich|wir) (?:brauche|brauchen|benoetige|benoetigen)\b/,
  en: /^(?:i|we) (?:need|require)\b/,
};

/**
 * True when a message asks to do the thing now ("Ich möchte meinen Hund anmelden", "Bewohnerparkausweis beantragen",
 * "I'd like to apply for a parking permit"), not how it works ("Wie melde ich meinen Hund an?"): then a form dialog
 * starts at once instead of the catalogue answer.
 */
export function wantsToApply(text: string, lang: Language): boolean {
  const folded = foldText(text)
    .replace(/[.!]+$/, '')
    .trim();
  if (folded.endsWith('?') || QUESTION_START.test(folded)) return false;
  const rules = APPLY[lang];
  if (rules.wish.test(folded) && rules.act.test(folded)) return true;
  // "Ich brauche ein Halteverbot für meinen Umzug": needing the thing is asking for it.
  if (NEED[lang].test(folded)) return true;
  return folded.split(/\s+/).length <= 6 && rules.direct.test(folded);
}
