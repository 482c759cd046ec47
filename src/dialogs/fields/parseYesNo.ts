import { foldText } from './foldText.js';

const YES = new Set(
  'ja jap jep jo jawohl genau richtig stimmt korrekt klar gerne gern sicher natürlich selbstverständlich freilich schon ok okay yes yeah yep yup sure correct right true absolutely indeed'
    .split(' ')
    .map(foldText),
);
const NO = new Set(
  'nein nee ne nö noe nicht kein keine keinen keiner keines nie niemals falsch no nope nah not none never false'
    .split(' ')
    .map(foldText),
);

/** "keine Ahnung", "weiß nicht genau", "not sure": neither yes nor no, though the words say "no". */
const UNSURE =
  /\b(?:keine ahnung|weiss (?:ich )?(?:es )?nicht|nicht sicher|unsicher|kann ich nicht sagen|not sure|(?:i )?don'?t know|no idea)\b/;

/**
 * Yes or no in the citizen's words: "Ja, bitte", "nein danke", "Nö", "Sure", "habe ich nicht", "keinen". Undefined
 * when the answer says neither or both.
 */
export function parseYesNo(answer: string): boolean | undefined {
  const folded = foldText(answer);
  if (UNSURE.test(folded)) return undefined;
  const words = folded.split(/[^\p{L}]+/u).filter(Boolean);
  const yes = words.some((word) => YES.has(word));
  const no = words.some((word) => NO.has(word));
  if (yes === no) return undefined;
  return yes;
}
