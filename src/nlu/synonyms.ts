import type { Language } from '../catalogue/schema.js';

/**
 * Words citizens use for the words of the administration, per language, in normalised spelling (ae/oe/ue/ss). Each
 * group starts with the administrative word; a text containing another word of the group also gets the first one's
 * features, at training and at question time alike. Language knowledge, not a city's: it applies to every catalogue,
 * imported ones included, and is part of the model's fingerprint.
 */
export const SYNONYMS: Record<Language, readonly (readonly string[])[]> = {
  de: [
    ['personalausweis', 'perso', 'persona', 'idkarte', 'ausweiskarte'],
    ['bewohner', 'anwohner', 'anlieger'],
    ['fahrzeug', 'kfz', 'auto', 'pkw', 'wagen', 'karre', 'motorrad', 'kraftfahrzeug'],
    ['fahrerlaubnis', 'fuehrerschein', 'lappen'],
    ['wohnberechtigungsschein', 'wbs'],
    ['verwarnungsgeld', 'knoellchen', 'strafzettel', 'bussgeld', 'strafmandat', 'parkticket'],
    ['gewerbe', 'selbststaendig', 'selbstaendig', 'selbststaendigkeit', 'existenzgruendung'],
    ['eheschliessung', 'heiraten', 'hochzeit', 'trauung', 'heirat'],
    ['eheurkunde', 'heiratsurkunde', 'hochzeitsurkunde', 'trauurkunde'],
    ['geburtsurkunde', 'geburtsschein'],
    ['kindertagesstaette', 'kita', 'kindergarten', 'krippe', 'kiga'],
    ['zaehlerstand', 'wasseruhr', 'wasserzaehler', 'stromzaehler', 'gaszaehler', 'zaehler'],
    ['schulverpflegung', 'schulessen', 'mittagessen', 'mensa', 'essensgeld'],
    ['fischereischein', 'angelschein', 'angeln', 'angler', 'fischen'],
    ['jagdschein', 'jaeger', 'jagen', 'jagd'],
    ['fuehrungszeugnis', 'leumundszeugnis', 'polizeiliches'],
    ['fundsache', 'fundbuero', 'fundamt'],
    ['einbuergerung', 'staatsangehoerigkeit', 'staatsbuergerschaft', 'einbuergern'],
    ['aufenthaltstitel', 'aufenthaltserlaubnis', 'visum', 'niederlassungserlaubnis'],
    ['sterbefall', 'tod', 'gestorben', 'verstorben', 'todesfall', 'sterben'],
    ['hund', 'welpe', 'hunde', 'dackel', 'vierbeiner'],
  ],
  en: [
    ['identity', 'id', 'perso'],
    ['vehicle', 'car', 'motorbike', 'motorcycle', 'auto'],
    ['residents', 'resident', 'neighbourhood', 'neighborhood'],
    ['business', 'freelance', 'freelancer'],
    ['marriage', 'wedding', 'married', 'marry'],
    ['death', 'died', 'deceased', 'passed'],
    ['certificate', 'cert'],
    ['driving', 'drivers', 'driver'],
    ['fishing', 'angling', 'fish'],
    ['hunting', 'hunter', 'hunt'],
    ['dog', 'puppy', 'dogs'],
    ['daycare', 'kindergarten', 'nursery', 'kita'],
  ],
};

/** word → its group's first word, for every word that is not itself the first. */
export function synonymIndex(lang: Language): Map<string, string> {
  const index = new Map<string, string>();
  for (const [canonical, ...others] of SYNONYMS[lang]) {
    if (canonical === undefined) continue;
    for (const other of others) index.set(other, canonical);
  }
  return index;
}
