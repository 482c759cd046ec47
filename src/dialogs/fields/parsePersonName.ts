import type { PersonName } from './values.js';

const FRAME =
  /^(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|ich\s+bin|das\s+ist|er\s+hei(?:ß|ss)t|sie\s+hei(?:ß|ss)t|my\s+name\s+is|i\s+am|i'm|it's)\s+/iu;
/** Name particles that belong to the family name: "Ursula von der Leyen", "Ludwig van Beethoven". */
const PARTICLES = new Set([
  'von',
  'vom',
  'zu',
  'zum',
  'zur',
  'van',
  'de',
  'der',
  'den',
  'di',
  'da',
  'du',
  'le',
  'la',
  'ten',
  'ter',
  'del',
  'dos',
]);
const NOT_NAMES = new Set(
  (
    'ja nein keine kein ahnung weiß weiss nicht ich du sie er es was wie wer warum bitte danke hallo yes no not know ' +
    'what who why please thanks hello dont mein meine meinem meinen meiner dein deine sein seine ihr ihre ihrem ' +
    'unser unsere das dem ein eine einem einen einer andere anderer anderen ist sind gehört gehoert und oder auch ' +
    'mit für fuer bei bruder schwester mann frau vater mutter sohn tochter kind konto firma my his her the and is of'
  ).split(' '),
);
const NAME_PART = /^[\p{L}][\p{L}'’.-]*$/u;

/**
 * A person's full name from "Erika Mustermann", "Mustermann, Erika", "Ich heiße Anna-Lena von der Heide":
 * at least a given and a family name, letters with hyphens, apostrophes and dots only.
 */
export function parsePersonName(answer: string): PersonName | undefined {
  const text = answer
    .trim()
    .replace(FRAME, '')
    .replace(/[.!]+$/, '')
    .trim();
  if (text.length > 120) return undefined;
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (comma?.[1] && comma[2]) {
    const family = words(comma[1]);
    const given = words(comma[2]);
    return family && given ? { givenName: given.join(' '), familyName: family.join(' ') } : undefined;
  }
  const parts = words(text);
  if (!parts || parts.length < 2 || parts.length > 8) return undefined;
  let split = parts.length - 1;
  while (split > 1 && PARTICLES.has((parts[split - 1] ?? '').toLowerCase())) split--;
  return { givenName: parts.slice(0, split).join(' '), familyName: parts.slice(split).join(' ') };
}

function words(text: string): string[] | undefined {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0 || !parts.every((part) => NAME_PART.test(part))) return undefined;
  // "mein Bruder", "das Konto gehört meinem Mann", "Eine andere …": words, not a name.
  if (parts.some((part) => NOT_NAMES.has(part.toLowerCase()))) return undefined;
  if (parts.some((part) => /^\p{Lu}/u.test(part))) return parts;
  // Typed all in lower case on a phone: still a name.
  return parts.map((part) => part.replace(/^\p{Ll}/u, (first) => first.toUpperCase()));
}
