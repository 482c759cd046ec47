import type { Language } from '../catalogue/schema.js';
import { normaliseText, tokenize } from './normaliseText.js';

/**
 * Tells German from English for one message: function words and umlauts decide; a tie (e.g. "Reisepass") is broken
 * by how much of the text each language's model knows, then by the hint (the widget's interface language).
 */
export function detectLanguage(text: string, hint: Language, coverage?: (lang: Language) => number): Language {
  const tokens = tokenize(normaliseText(text));
  let de = /[äöüß]/i.test(text) ? 2 : 0;
  let en = 0;
  for (const token of tokens) {
    if (GERMAN.has(token)) de++;
    if (ENGLISH.has(token)) en++;
  }
  if (de !== en) return de > en ? 'de' : 'en';
  if (coverage) {
    const difference = coverage('de') - coverage('en');
    if (Math.abs(difference) > 0.2) return difference > 0 ? 'de' : 'en';
  }
  return hint;
}

const GERMAN = new Set(
  (
    'ich du er sie wir ihr mein meine meinen meiner mich mir wie was wo wann warum wer welche welcher welches ' +
    'der die das den dem des ein eine einen einem einer und oder aber nicht kein keine ist sind bin bist hat habe ' +
    'haben brauche brauchen moechte will kann koennen muss muessen fuer mit von zu zum zur bei nach auf ueber unter ' +
    'auch noch schon bitte danke gibt es beantragen beantrage anmelden bekomme kostet kosten hallo tschuess ja nein ' +
    'neuen neue neues mein wieviel wo sich auch online melden'
  ).split(' '),
);

const ENGLISH = new Set(
  (
    'i you he she we they my me how what where when why who which the a an and or but not no is are am was has have ' +
    'need want would like can could must should for with from to of at on in by about please thanks thank there ' +
    'apply get register order much cost does do hello hi bye yes new it this that your'
  ).split(' '),
);
