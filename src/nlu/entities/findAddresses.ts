import type { EntityFinder } from './finderContext.js';
import type { Entity, EntityOf } from './types.js';

const STREET_WORDS = (
  'straße strasse str. weg gasse platz allee ring damm ufer chaussee pfad steig stieg markt graben wall promenade ' +
  'zeile kamp winkel'
).split(' ');
const SUFFIX = alternatives(STREET_WORDS);
const WORD = alternatives(STREET_WORDS.map((word) => word.charAt(0).toUpperCase() + word.slice(1)));
// "Hauptstraße", "Bahnhofstr.", "hauptstrasse" (typed in lower case), "Karl-Marx-Straße".
const ONE_WORD = String.raw`(?:\p{Lu}\p{L}*-)*\p{L}{2,}${SUFFIX}|(?:\p{Lu}\p{L}*-)+${WORD}`;
// "Berliner Straße", "Alte Gasse": an attribute, then the street word on its own.
const TWO_WORDS = String.raw`\p{Lu}\p{Ll}+\s${WORD}`;
// "Am Markt", "An der Kirche", "Zum Bahnhof", "Unter den Linden".
const ARTICLE = String.raw`\s(?:der|den|dem)`;
const PREPOSITION = String.raw`(?:Am|Im|Beim|Zum|Zur|(?:An|In|Auf|Hinter|Unter|Vor|Bei)${ARTICLE})\s\p{Lu}[\p{L}-]+`;
const HOUSE_NUMBER = String.raw`[1-9]\d{0,3}(?:\s?[a-zA-Z](?!\p{L}))?(?:\s?[-–/]\s?[1-9]\d{0,3}[a-zA-Z]?)?`;
const CITY = String.raw`\p{Lu}[\p{L}-]+(?:\s(?:am|an\sder|im|ob\sder)\s\p{Lu}\p{L}+|\s\(\p{Lu}\p{L}+\))?`;
const ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${ONE_WORD}|${TWO_WORDS}|${PREPOSITION})\s?(${HOUSE_NUMBER})(?!\p{N})(?:,?\s+(\d{5})\s+(${CITY}))?`,
  'gu',
);

// "Am Montag 3 …", "Im Jahr 2020", "Meine Straße 5" are no streets.
const TIME_WORDS = (
  'Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Wochenende Morgen Vormittag Mittag ' +
  'Nachmittag Abend Anfang Ende Schluss Tag Jahr Monat Moment Internet Januar Februar März April Mai Juni Juli ' +
  'August September Oktober November Dezember'
).split(' ');
const DETERMINERS = 'Meine Deine Ihre Unsere Eure Die Der Das Eine Keine Diese Jede'.split(' ');
const NOT_A_STREET = new RegExp(
  `^(?:(?:Am|Im|Zum|Beim)\\s(?:${TIME_WORDS.join('|')})$|(?:${DETERMINERS.join('|')})\\s)`,
  'u',
);
// "in der Hauptstraße 12": the preposition says where, it is not part of the street's name.
const LOCATIVE = /^(?:In|Auf|An) (?:der|den|dem) /u;
const STREET_ONLY = new RegExp(`^(?:${ONE_WORD})$`, 'u');

/**
 * Street addresses: street and house number, optionally postcode and city ("Hauptstraße 12", "Am Markt 3a,
 * 12345 Musterstadt", "Bahnhofstr. 5"). A street is recognised by its ending (-straße, -weg, -platz …), by standing
 * after an attribute ("Berliner Straße") or after a preposition ("Am Markt", "An der Kirche"); a house number must
 * follow. In the last two forms a capitalised word right after the number makes it a count ("Im Rathaus 2 Stunden").
 * "Str." is written out in the value.
 */
export const findAddresses: EntityFinder = (text) =>
  [...text.matchAll(ADDRESS)].flatMap((match): Entity[] => {
    const [whole, written = '', houseNumber = '', postalCode, city] = match;
    if (NOT_A_STREET.test(written)) return [];
    const end = match.index + whole.length;
    const oneWord = STREET_ONLY.test(written);
    if (!oneWord && postalCode === undefined && /^\s+\p{Lu}/u.test(text.slice(end))) return [];
    const locative = LOCATIVE.exec(written)?.[0] ?? '';
    const street = STREET_ONLY.test(written.slice(locative.length)) ? written.slice(locative.length) : written;
    const start = match.index + written.length - street.length;
    const value: EntityOf<'address'>['value'] = {
      street: street.replace(/str\.$/, 'straße').replace(/Str\.$/, 'Straße'),
      houseNumber: houseNumber.replace(/\s/g, '').replace('–', '-').toLowerCase(),
      ...(postalCode !== undefined && city !== undefined ? { postalCode, city } : {}),
    };
    return [{ type: 'address', text: text.slice(start, end), start, end, value }];
  });

function alternatives(words: readonly string[]): string {
  return `(?:${words.map((word) => word.replace('.', String.raw`\.`)).join('|')})`;
}
