import { foldText } from './foldText.js';

const YES = new Set(
  'ja jap jep jo jawohl genau richtig stimmt korrekt klar gerne gern sicher natürlich selbstverständlich freilich ok okay yes yeah yep yup sure correct right true absolutely indeed'
    .split(' ')
    .map(foldText),
);
const NO = new Set(
  'nein nee ne nö noe nicht kein keine keinen keiner keines nie niemals falsch no nope nah not none never false'
    .split(' ')
    .map(foldText),
);

/**
 * Yes or no in the citizen's words: "Ja, bitte", "nein danke", "Nö", "Sure", "habe ich nicht", "keinen". Undefined
 * when the answer says neither or both.
 */
export function parseYesNo(answer: string): boolean | undefined {
  const words = foldText(answer)
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const yes = words.some((word) => YES.has(word));
  const no = words.some((word) => NO.has(word));
  if (yes === no) return undefined;
  return yes;
}
