import type { Language } from '../../catalogue/schema.js';
import type { PersonalSpan } from './scrubPersonalData.js';

const PARTICLE = '(?:von|vom|van|de|der|den|zu|zum|zur|di|da|du|le|la|ten|ter|del|dos)';
const CAPITALISED = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)*`;
/** One to three capitalised names, with particles between them ("Anna-Lena von der Heide"). */
const CAPITALISED_NAME = String.raw`${CAPITALISED}(?:\s(?:${PARTICLE}\s){0,2}${CAPITALISED}){0,2}`;
/** After "ich heiße", "Name:" the words are names even typed in lower case ("ich heisse max mustermann"). */
const ANY_NAME = String.raw`\p{L}[\p{L}'’-]+(?:\s(?:${PARTICLE}\s){0,2}\p{L}[\p{L}'’-]+){0,2}`;

// Frames that always introduce a name.
const STRONG = String.raw`(?<![\p{L}])(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|mein\s+name\s+lautet|my\s+name\s+is|my\s+name's|(?:vor|nach|familien|ruf)?name\s*:|name\s+is)\s*`;
// Frames that introduce a name only when capitalised words follow (English: "I am …"; German needs two words,
// because nouns are capitalised: "ich bin Rentner").
const WEAK_EN = String.raw`(?<![\p{L}])(?:I\s+am|I'm|I’m|this\s+is|it's|it’s|here\s+is)\s+`;
const WEAK_DE = String.raw`(?<![\p{L}])(?:[Ii]ch\s+bin|[Hh]ier\s+ist|[Hh]ier\s+spricht|[Dd]as\s+ist)\s+`;
const RELATION_EN = String.raw`(?<![\p{L}])(?:[Mm]y|[Oo]ur)\s+(?:wife|husband|son|daughter|child|partner|mother|father|mum|mom|dad|brother|sister|friend|neighbou?r|tenant|landlord)\s+`;
// "Frau Müller", "Herrn Dr. Schmidt", "Mr Smith", but not "meine Frau" or "eine Frau" (then a noun may follow).
const TITLE = String.raw`(?<!(?:\b(?:meine|meiner|mein|meinem|meinen|die|der|den|dem|eine|einer|ein|einem|ihre|ihrer|seine|seiner|unsere|unserer|als|keine|jede|jeder|deren|dessen|the|a|my|your|his|her|our)\s))(?<![\p{L}])(?:Herrn?|Frau|Hr\.|Fr\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.|Prof\.)\s+(?:(?:Dr|Prof)\.\s+)*`;
// "Gruß, Max Mustermann", "MfG\nErika", "Best regards, John Smith" at the end of the message or a line.
const CLOSING = String.raw`(?<![\p{L}])(?:${eitherCase('mit')}\s+)?(?:${eitherCase(
  'freundlichen besten lieben liebe viele vielen beste herzliche herzlichen schöne schoene',
)}\s+)?(?:Grüßen|Grüße|Gruß|Grüssen|Grüsse|Gruss|MfG|LG|VG|Dank|Danke|Thanks|Thank\s+you|Regards|Best\s+regards|Kind\s+regards|Best\s+wishes|Cheers|Sincerely|Yours)[,.!]?\s*\n?\s*`;

const PATTERNS: { frame: RegExp; minWords: number; langs: readonly Language[]; end?: boolean }[] = [
  { frame: new RegExp(`${STRONG}(${ANY_NAME})`, 'giu'), minWords: 1, langs: ['de', 'en'] },
  { frame: new RegExp(`${WEAK_EN}(${CAPITALISED_NAME})`, 'gu'), minWords: 1, langs: ['en'] },
  { frame: new RegExp(`${WEAK_DE}(${CAPITALISED_NAME})`, 'gu'), minWords: 2, langs: ['de'] },
  { frame: new RegExp(`${RELATION_EN}(${CAPITALISED_NAME})`, 'gu'), minWords: 1, langs: ['en'] },
  { frame: new RegExp(`${TITLE}(${CAPITALISED_NAME})`, 'gu'), minWords: 1, langs: ['de', 'en'] },
  {
    frame: new RegExp(`${CLOSING}(${CAPITALISED_NAME})(?=\\s*[.!]?\\s*(?:\\n|$))`, 'gu'),
    minWords: 1,
    langs: ['de', 'en'],
  },
];

/** Words that follow such frames without being names. */
const NOT_NAMES = new Set(
  (
    'ich du sie er es wir ihr und oder aber nicht kein keine ja nein bitte danke auch noch schon sehr schön schoen ' +
    'vielmals ihnen dir euch im voraus für fuer nochmal nochmals tschüss tschuess tschüß ciao servus hallo hi hey ok ' +
    'okay so gerne gern a an the and or not no yes please again you very much so sorry looking trying new here ' +
    'interested moving living working unemployed pregnant retired married single divorced student studentin rentner ' +
    'rentnerin deutsche deutscher deutsch german british english american french italian spanish polish turkish ' +
    'ukrainian russian syrian afghan romanian bulgarian greek croatian indian chinese european eu-bürger bürger ' +
    'bürgerin einwohner neu hier bot chatbot govbot allen alle team liebe lieber leute'
  ).split(' '),
);
/** Words that end a name typed after "ich heiße" in lower case. */
const NAME_ENDS = new Set(
  (
    'und oder aber ich wohne komme bin habe möchte moechte will würde wuerde brauche suche frage wollte and i am ' +
    'live need want would like have from aus in im bei mit wie was wo wann warum'
  ).split(' '),
);

/** Personal names in the frames that introduce them. */
export function findNames(text: string, lang: Language): PersonalSpan[] {
  return PATTERNS.filter((pattern) => pattern.langs.includes(lang)).flatMap(({ frame, minWords }) =>
    [...text.matchAll(frame)].flatMap((match): PersonalSpan[] => {
      const captured = match[1] ?? '';
      const words = nameWords(captured);
      if (words.length < minWords) return [];
      const start = match.index + match[0].length - captured.length;
      const length = words.join(' ').length;
      // The words are taken from the capture, so the span ends where the last name word does.
      const end = start + captured.slice(0, lastWordEnd(captured, words, length)).length;
      return [{ start, end, placeholder: '[NAME]' }];
    }),
  );
}

/** The capture's words up to the first that is no name; particles are kept only between names. */
function nameWords(captured: string): string[] {
  const words: string[] = [];
  for (const word of captured.split(/\s+/)) {
    const lower = word.toLowerCase();
    if (NOT_NAMES.has(lower) || NAME_ENDS.has(lower)) break;
    words.push(word);
  }
  while (words.length > 0 && new RegExp(`^${PARTICLE}$`, 'iu').test(words[words.length - 1] ?? '')) words.pop();
  return words;
}

function lastWordEnd(captured: string, words: string[], fallback: number): number {
  let end = 0;
  for (const word of words) {
    const at = captured.indexOf(word, end);
    if (at < 0) return fallback;
    end = at + word.length;
  }
  return end;
}

/** "mit" → "[Mm]it": the words of a closing, at the start of a line or not. */
function eitherCase(words: string): string {
  return `(?:${words
    .split(' ')
    .map((word) => `[${word.charAt(0).toUpperCase()}${word.charAt(0)}]${word.slice(1)}`)
    .join('|')})`;
}
