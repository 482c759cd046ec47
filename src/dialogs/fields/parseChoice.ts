import type { ChoiceOption } from '../schema.js';
import { foldText } from './foldText.js';
import type { AnswerOutcome } from './parseAnswer.js';

/**
 * Picks an option by what the citizen typed: its label, its value or a synonym, the whole answer or as words within
 * it ("Geburtsurkunde bitte"). Two options named at once are ambiguous.
 */
export function parseChoice(options: readonly ChoiceOption[], answer: string): AnswerOutcome {
  const folded = foldText(answer).replace(/[.!?,;:]+$/g, '');
  if (!folded) return { status: 'invalid', reason: 'unknown_option' };
  const exact = options.filter((option) => namesOf(option).some((name) => name === folded));
  if (exact.length === 1 && exact[0]) return { status: 'ok', value: exact[0].value };
  const mentioned = options.filter((option) => namesOf(option).some((name) => containsWords(folded, name)));
  if (mentioned.length === 1 && mentioned[0]) return { status: 'ok', value: mentioned[0].value };
  return { status: 'invalid', reason: mentioned.length > 1 ? 'ambiguous' : 'unknown_option' };
}

function namesOf(option: ChoiceOption): string[] {
  const names = [
    option.value,
    option.label.de,
    option.label.en,
    ...(option.synonyms?.de ?? []),
    ...(option.synonyms?.en ?? []),
  ];
  return names.flatMap((name) => (name ? [foldText(name)] : []));
}

/**
 * "geburtsurkunde bitte" contains "geburtsurkunde"; "ehe" is not found in "geburtsurkunde". Found by position, not by
 * a regular expression built per option and answer: every message of a form with choices checks every name.
 */
export function containsWords(text: string, phrase: string): boolean {
  if (phrase.length < 2) return false;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    if (!isWordCharacter(codePointBefore(text, at)) && !isWordCharacter(text.codePointAt(at + phrase.length))) {
      return true;
    }
  }
  return false;
}

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;

function isWordCharacter(codePoint: number | undefined): boolean {
  return codePoint !== undefined && WORD_CHARACTER.test(String.fromCodePoint(codePoint));
}

/** The code point that ends just before `index` (a surrogate pair read as one character). */
function codePointBefore(text: string, index: number): number | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && index >= 2;
  return text.codePointAt(pair ? index - 2 : index - 1);
}
