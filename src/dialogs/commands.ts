import type { Language } from '../catalogue/schema.js';
import { foldText } from './fields/foldText.js';

/** Words that steer a form dialog rather than answer its question. */
export type FormCommand = 'cancel' | 'back' | 'skip';

const COMMANDS: Record<FormCommand, RegExp> = {
  cancel:
    /^(?:(?:bitte|ich moechte (?:den antrag )?|antrag )?(?:abbrechen|abbruch|stopp?|beenden|aufhoeren)(?: bitte)?|vergiss es|cancel(?: (?:the|my) application)?|stop|quit|i want to cancel|forget it)$/,
  back: /^(?:zurueck|einen schritt zurueck|vorherige frage|(?:go )?back|previous(?: question)?)$/,
  skip: /^(?:ueberspringen|weiss (?:ich )?nicht|keine angabe|moechte ich nicht angeben|skip(?: this)?|i don'?t know|rather not say)$/,
};

/** The command a short message is, if any: "Abbrechen", "zurück", "überspringen", "cancel". */
export function formCommandOf(text: string): FormCommand | undefined {
  const folded = foldText(text)
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ');
  for (const [command, pattern] of Object.entries(COMMANDS)) {
    if (pattern.test(folded)) return command as FormCommand;
  }
  return undefined;
}

const CORRECTION: Record<Language, RegExp> = {
  de: /\b(?:falsch|aendern|korrigier\w*|korrektur|stimmt (?:so )?nicht|nicht richtig|vertippt|verschrieben|geaendert|anders)\b|\bnicht\b.*\bsondern\b/,
  en: /\b(?:wrong|change|correct(?:ion)?|incorrect|mistake|typo|not right|fix)\b|\bnot\b.*\bbut\b/,
};

/** True when a message says an answer was wrong ("das Kennzeichen ist falsch", "change my e-mail"). */
export function isCorrection(text: string): boolean {
  const folded = foldText(text);
  return CORRECTION.de.test(folded) || CORRECTION.en.test(folded);
}

/**
 * The new value in a correction, after the words that introduce it: "…, es ist M-XY 99", "… richtig ist Rex",
 * "…: Pudel", "… should be 12". Undefined when the message gives none.
 */
export function correctedValueText(text: string): string | undefined {
  const pattern =
    /(?:richtig(?:\s+(?:ist|wäre|waere))?|korrekt\s+ist|es\s+ist|er\s+ist|sie\s+ist|sondern|lautet|hei(?:ß|ss)t|ist\s+jetzt|neu(?:e|er|es)?\s*:?|should\s+be|it\s+is|it's|is\s+now|new\s+one\s+is|:|->|=)\s*([^,;:]+?)\s*[.!]?$/iu;
  const match = pattern.exec(text);
  // "es ist ein Pudel": the article is no part of the value.
  const value = match?.[1]?.trim().replace(/^(?:ein|eine|einen|a|an)\s+/iu, '');
  return value && !isCorrection(value) ? value : undefined;
}
