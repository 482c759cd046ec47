import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/catalogue/schema.js';
import { scrubPersonalData } from '../../../src/editor/inbox/scrubPersonalData.js';

const SHARED = join(import.meta.dirname, '../../../../shared');

describe('scrubPersonalData', () => {
  it.each<[Language, string, string]>([
    ['de', 'Ich heiße Max Mustermann und brauche einen Reisepass', 'Ich heiße [NAME] und brauche einen Reisepass'],
    ['de', 'ich heisse max und brauche einen pass', 'ich heisse [NAME] und brauche einen pass'],
    [
      'de',
      'Mein Name ist Anna-Lena von der Heide, wo melde ich mich um?',
      'Mein Name ist [NAME], wo melde ich mich um?',
    ],
    ['de', 'Name: Erika Mustermann, Frage zum Wohngeld', 'Name: [NAME], Frage zum Wohngeld'],
    [
      'de',
      'Sehr geehrte Frau Müller, wann ist mein Pass fertig?',
      'Sehr geehrte Frau [NAME], wann ist mein Pass fertig?',
    ],
    ['de', 'Ich habe mit Herrn Dr. Schmidt telefoniert', 'Ich habe mit Herrn Dr. [NAME] telefoniert'],
    [
      'de',
      'Hallo, ich bin Max Mustermann. Wo beantrage ich Wohngeld?',
      'Hallo, ich bin [NAME]. Wo beantrage ich Wohngeld?',
    ],
    [
      'de',
      'Wo bekomme ich eine Meldebescheinigung?\nGruß, Max Mustermann',
      'Wo bekomme ich eine Meldebescheinigung?\nGruß, [NAME]',
    ],
    ['de', 'Vielen Dank\nErika Musterfrau', 'Vielen Dank\n[NAME]'],
    ['de', 'Mit freundlichen Grüßen Hans Meier', 'Mit freundlichen Grüßen [NAME]'],
    ['de', 'Meine Mail ist max.mustermann@example.org', 'Meine Mail ist [E-MAIL]'],
    ['de', 'Rufen Sie mich unter 0170 1234567 an', 'Rufen Sie mich unter [TELEFON] an'],
    ['de', 'Meine Nummer: +49 (0)89 233-45141', 'Meine Nummer: [TELEFON]'],
    ['de', 'Bitte auf DE89 3704 0044 0532 0130 00 überweisen', 'Bitte auf [IBAN] überweisen'],
    ['de', 'Ich wohne in der Hauptstraße 12, 80331 München', 'Ich wohne in der [ADRESSE]'],
    ['de', 'Umzug nach Am Markt 3a', 'Umzug nach [ADRESSE]'],
    ['de', 'Ich ziehe nach 10115 Berlin', 'Ich ziehe nach [ADRESSE]'],
    ['de', 'Mein Auto M-AB 123 wurde abgeschleppt', 'Mein Auto [KENNZEICHEN] wurde abgeschleppt'],
    ['de', 'Kennzeichen B XY 1234E abmelden', 'Kennzeichen [KENNZEICHEN] abmelden'],
    ['de', 'Ich bin am 12.03.1985 geboren', 'Ich bin am [DATUM] geboren'],
    ['de', 'Geburtsdatum 1.3.85, brauche Geburtsurkunde', 'Geburtsdatum [DATUM], brauche Geburtsurkunde'],
    ['de', 'geboren am 3. Mai 1990 in Köln', 'geboren am [DATUM] in Köln'],
    ['de', 'Aktenzeichen 12-345/2024, wie ist der Stand?', 'Aktenzeichen [NUMMER], wie ist der Stand?'],
    ['de', 'Meine Kundennummer ist 4711', 'Meine Kundennummer ist [NUMMER]'],
    ['de', 'Steuer-ID 12 345 678 901', 'Steuer-ID [NUMMER]'],
    ['de', 'Vorgang 20240012345 hängt', 'Vorgang [NUMMER] hängt'],
    ['en', 'My name is John Smith, how do I register my dog?', 'My name is [NAME], how do I register my dog?'],
    ['en', "Hello, I'm Anna and I need a passport", "Hello, I'm [NAME] and I need a passport"],
    ['en', 'I am Maria Rossi from Italy', 'I am [NAME] from Italy'],
    ['en', 'Can my wife Olga apply for a residence permit?', 'Can my wife [NAME] apply for a residence permit?'],
    ['en', 'I spoke to Mrs. Schmidt yesterday', 'I spoke to Mrs. [NAME] yesterday'],
    ['en', 'Where is my ID card?\nBest regards, John Smith', 'Where is my ID card?\nBest regards, [NAME]'],
    ['en', 'my email is john@example.com', 'my email is [E-MAIL]'],
    ['en', 'Date of birth 12 March 1985', 'Date of birth [DATUM]'],
    ['en', 'My reference number is 123456', 'My reference number is [NUMMER]'],
  ])('%s: %j', (lang, text, expected) => {
    expect(scrubPersonalData(text, lang)).toBe(expected);
  });

  it.each<[Language, string]>([
    ['de', 'Was kostet ein Reisepass?'],
    ['de', 'Wo melde ich meinen Hund an?'],
    ['de', 'Wo ist das nächste Frauenhaus?'],
    ['de', 'Gibt es Beratung im Frauenhaus für Frauen in Not?'],
    ['de', 'Kann meine Frau Elterngeld beantragen?'],
    ['de', 'Ich bin Rentner, bekomme ich Wohngeld?'],
    ['de', 'Ich bin vorübergehend erwerbsunfähig, welche Leistungen gibt es?'],
    ['de', 'Bewohnerparkausweis Zone 12 beantragen'],
    ['de', 'Wie lange dauert ein Personalausweis? 2 Wochen?'],
    ['de', 'Termin am 15.3. um 10 Uhr'],
    ['de', 'Was kostet eine Hundesteuer von 100 Euro im Jahr 2025?'],
    ['de', 'Ist ein Zuschuss von 250.000 Euro möglich?'],
    ['de', 'Danke Schön!'],
    ['de', 'Vielen Dank, Tschüss'],
    ['de', 'Herr über die Lage werden'],
    ['de', 'Antrag nach § 35 BauGB'],
    ['de', 'Formular DIN A4 ausdrucken'],
    ['de', 'Meldebescheinigung für die Kfz-Zulassungsstelle'],
    ['de', 'Das ist doch Quatsch'],
    ['en', 'How much is a passport?'],
    ['en', 'I am German and want to marry in Munich'],
    ['en', 'I am looking for the Citizens Office'],
    ['en', 'My father died, what do I have to do?'],
    ['en', 'register my child for school lunch'],
    ['en', 'Thanks a lot!'],
  ])('%s leaves %j unchanged', (lang, text) => {
    expect(scrubPersonalData(text, lang)).toBe(text);
  });

  it('leaves real questions without personal data alone: MASSIVE, the dev questions, the corpora', () => {
    const massive = readFileSync(join(SHARED, 'data/massive-de-DE-dev-even.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => String(JSON.parse(line).utt));
    const dev = readFileSync(join(SHARED, 'eval/default-catalogue-dev.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.split('\t') as [Language, string]);
    const corpus = (['de', 'en'] as const).flatMap((lang) =>
      readdirSync(join(import.meta.dirname, '../../../intents', lang)).flatMap((file) => {
        const parsed = JSON.parse(readFileSync(join(import.meta.dirname, '../../../intents', lang, file), 'utf8'));
        return (parsed.data as { utterances: string[] }[]).flatMap((entry) =>
          entry.utterances.map((text): [Language, string] => [lang, text]),
        );
      }),
    );
    const changed = (texts: [Language, string][]) =>
      texts.filter(([lang, text]) => scrubPersonalData(text, lang) !== text);
    expect(changed(massive.map((text) => ['de', text]))).toEqual([]);
    expect(changed(dev)).toEqual([]);
    // The corpora hold two made-up phone numbers ("Wähle 0171 2345678", "dial 07700 900123"), rightly scrubbed.
    expect(changed(corpus).map(([, text]) => text)).toEqual(['Wähle 0171 2345678', 'dial 07700 900123']);
  });
});
