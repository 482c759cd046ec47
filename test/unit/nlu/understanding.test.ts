import { describe, expect, it } from 'vitest';
import { Service } from '../../../src/catalogue/schema.js';
import type { Classification, ClassifierResult } from '../../../src/nlu/IntentClassifier.js';
import type { IntentModel } from '../../../src/nlu/IntentModel.js';
import { Understanding } from '../../../src/nlu/Understanding.js';

/**
 * A model whose German classifier answers every text with `classifications` (and `contentClassifications` for its
 * content words alone), or with what `others` holds for the text: the decision alone is under test.
 */
function understandingOf(
  classifications: Classification[],
  contentCoverage = 1,
  contentClassifications: () => Classification[] = () => [],
  others: Record<string, ClassifierResult> = {},
): Understanding {
  const result: ClassifierResult = {
    classifications,
    knownFeatures: classifications.length,
    contentCoverage,
    contentClassifications,
    terms: () => [],
  };
  const classify = (text: string) => others[text] ?? result;
  const classifyContent = (text: string) => ({
    contentCoverage: classify(text).contentCoverage,
    classifications: classify(text).contentClassifications(),
  });
  const classifier = { classify, classifyContent, coverage: () => 1, terms: () => [] };
  const model = { classifier: () => classifier, trainedIntent: () => undefined } as unknown as IntentModel;
  return new Understanding(model, [service('reisepass'), service('personalausweis')]);
}

function service(id: string): Service {
  return Service.parse({ id, title: { de: id }, summary: { de: `Über ${id}` } });
}

const parse = (classifications: Classification[], contentCoverage?: number, content: Classification[] = []) =>
  understandingOf(classifications, contentCoverage, () => content).parse('egal', { lang: 'de' });

describe('Understanding: the decision', () => {
  it('answers a clear service', () => {
    const result = parse([
      { intent: 'service.reisepass', score: 0.9 },
      { intent: 'None', score: 0.2 },
    ]);
    expect(result).toMatchObject({ outOfScope: false, ambiguous: false, intent: 'service.reisepass', score: 0.9 });
  });

  it('turns the message away when None wins clearly', () => {
    const result = parse([
      { intent: 'None', score: 1 },
      { intent: 'service.reisepass', score: 0.85 },
    ]);
    expect(result).toMatchObject({ outOfScope: true, intent: 'None', service: null });
  });

  it('asks "Meinten Sie …?" when a service scores nearly as high as None', () => {
    const result = parse([
      { intent: 'None', score: 1 },
      { intent: 'service.reisepass', score: 0.95 },
      { intent: 'service.personalausweis', score: 0.3 },
    ]);
    expect(result).toMatchObject({ outOfScope: false, ambiguous: true, intent: 'service.reisepass', score: 0.95 });
    expect(result.service?.id).toBe('reisepass');
    expect(result.candidates.map((c) => c.id)).toEqual(['reisepass', 'personalausweis']);
  });

  it('does not let a weak service contest None, however close', () => {
    const turnedAway = (none: number, service: number) =>
      parse([
        { intent: 'None', score: none },
        { intent: 'service.reisepass', score: service },
      ]).outOfScope;
    expect(turnedAway(0.45, 0.44)).toBe(true);
    expect(turnedAway(0.5, 0.5)).toBe(false);
  });

  it('turns away a message of mostly unknown words even when a service contests None', () => {
    const classifications = [
      { intent: 'None', score: 1 },
      { intent: 'service.reisepass', score: 1 },
    ];
    expect(parse(classifications, 0.4).outOfScope).toBe(true);
    expect(parse(classifications, 0.5).outOfScope).toBe(false);
  });

  it('asks about the service that the content words alone point to when the whole sentence reads as None', () => {
    const sentence = [
      { intent: 'None', score: 1 },
      { intent: 'service.reisepass', score: 0.3 },
    ];
    const result = parse(sentence, 1, [
      { intent: 'service.personalausweis', score: 0.8 },
      { intent: 'None', score: 0.4 },
    ]);
    expect(result).toMatchObject({ outOfScope: false, ambiguous: true, intent: 'service.personalausweis', score: 0.8 });
    expect(result.candidates.map((c) => c.id)).toEqual(['personalausweis', 'reisepass']);
  });

  it('classifies the content words again only when a service has some evidence in the whole sentence', () => {
    let asked = 0;
    const content = [{ intent: 'service.personalausweis', score: 0.9 }];
    const understanding = (serviceScore: number) =>
      understandingOf(
        [
          { intent: 'None', score: 1 },
          { intent: 'service.reisepass', score: serviceScore },
        ],
        1,
        () => {
          asked++;
          return content;
        },
      );
    expect(understanding(0.2).parse('egal', { lang: 'de' }).outOfScope).toBe(true);
    expect(asked).toBe(0);
    expect(understanding(0.3).parse('egal', { lang: 'de' }).intent).toBe('service.personalausweis');
    expect(asked).toBe(1);
  });

  it('turns the sentence away when its content words alone are weak, or None is strong in them too', () => {
    const sentence = [
      { intent: 'None', score: 1 },
      { intent: 'service.reisepass', score: 0.3 },
    ];
    const service = (score: number) => ({ intent: 'service.personalausweis', score });
    expect(parse(sentence, 1, [service(0.65)]).outOfScope).toBe(true);
    expect(parse(sentence, 1, [service(0.8), { intent: 'None', score: 0.45 }]).outOfScope).toBe(true);
    expect(parse(sentence, 1, [{ intent: 'greeting', score: 0.9 }, service(0.8)]).outOfScope).toBe(true);
    expect(parse(sentence, 1, [service(0.7), { intent: 'None', score: 0.35 }]).outOfScope).toBe(false);
  });

  describe('a question for one part of a service that reads as None', () => {
    const question = 'Welche Unterlagen brauche ich für die Ummeldung?';
    const rest = 'welche brauche ich fuer die ummeldung';
    const sentence = [
      { intent: 'None', score: 0.9 },
      { intent: 'service.reisepass', score: 0.1 },
    ];
    // What is left reads as None as a whole; its content words are what counts.
    const restResult = (content: Classification[], coverage = 1) => ({
      classifications: [{ intent: 'None', score: 0.9 }],
      knownFeatures: 3,
      contentCoverage: coverage,
      contentClassifications: () => content,
      terms: () => [],
    });
    const parseWithRest = (text: string, result: ClassifierResult) =>
      understandingOf(sentence, 1, () => [], { [rest]: result }).parse(text, { lang: 'de' });

    it('asks about the service that the rest points to, even with None close behind in it', () => {
      const result = parseWithRest(
        question,
        restResult([
          { intent: 'service.personalausweis', score: 0.73 },
          { intent: 'None', score: 0.6 },
        ]),
      );
      expect(result).toMatchObject({ outOfScope: false, ambiguous: true, intent: 'service.personalausweis' });
      expect(result.candidates[0]?.id).toBe('personalausweis');
    });

    it('turns it away when the rest is weak, mostly unknown or not about a service', () => {
      const service = (score: number) => ({ intent: 'service.personalausweis', score });
      expect(parseWithRest(question, restResult([service(0.65)])).outOfScope).toBe(true);
      expect(parseWithRest(question, restResult([service(0.9)], 0.4)).outOfScope).toBe(true);
      expect(parseWithRest(question, restResult([{ intent: 'greeting', score: 0.9 }, service(0.8)])).outOfScope).toBe(
        true,
      );
      expect(parseWithRest(question, restResult([service(0.7)])).outOfScope).toBe(false);
    });

    it('is not looked for in a message that asks for no part', () => {
      const strong = restResult([{ intent: 'service.personalausweis', score: 0.9 }]);
      const understanding = understandingOf(sentence, 1, () => [], {
        'ich suche die ummeldung': strong,
        'was die ummeldung': strong,
      });
      expect(understanding.parse('Ich suche die Ummeldung', { lang: 'de' }).outOfScope).toBe(true);
      expect(understanding.parse('Was kostet die Ummeldung?', { lang: 'de' }).outOfScope).toBe(false);
    });

    it('is looked for also when a conversational intent won the question through a word or two', () => {
      const strong = restResult([{ intent: 'service.personalausweis', score: 0.9 }]);
      const goodbye = [
        { intent: 'goodbye', score: 0.8 },
        { intent: 'service.personalausweis', score: 0.6 },
      ];
      const understanding = understandingOf(goodbye, 1, () => [], {
        'muss ich den personalausweis beantragen': strong,
      });
      const result = understanding.parse('Bis wann muss ich den Personalausweis beantragen?', { lang: 'de' });
      expect(result).toMatchObject({ outOfScope: false, ambiguous: true, intent: 'service.personalausweis' });
      expect(understandingOf(goodbye).parse('Bis wann muss ich den Personalausweis beantragen?').intent).toBe(
        'goodbye',
      );
    });

    it('turns it away when only function words are left (no content classification): a follow-up', () => {
      const strong = restResult([{ intent: 'service.personalausweis', score: 0.9 }]);
      // As the classifier has it: function words alone have no content classification.
      const understanding = understandingOf(sentence, 1, () => [], {
        'welche ich': restResult([]),
        'welche ich ab': strong,
      });
      expect(understanding.parse('Welche Unterlagen ich?', { lang: 'de' }).outOfScope).toBe(true);
      expect(understanding.parse('Welche Unterlagen ich ab?', { lang: 'de' }).outOfScope).toBe(false);
    });

    it('is looked for only when a service has some evidence in the whole message', () => {
      const strong = restResult([{ intent: 'service.personalausweis', score: 0.9 }]);
      const without = [sentence[0], { intent: 'service.reisepass', score: 0.05 }] as Classification[];
      const understanding = understandingOf(without, 1, () => [], { [rest]: strong });
      expect(understanding.parse(question, { lang: 'de' }).outOfScope).toBe(true);
    });
  });

  it('asks between two services that share the evidence', () => {
    const result = parse([
      { intent: 'service.reisepass', score: 0.25 },
      { intent: 'service.personalausweis', score: 0.22 },
    ]);
    expect(result).toMatchObject({ outOfScope: false, ambiguous: true, intent: 'service.reisepass' });
  });
});

describe('Understanding: a question wrapped in a greeting or thanks', () => {
  /** What the classifier says for a text: `classifications`, every word known. */
  const says = (classifications: Classification[]): ClassifierResult => ({
    classifications,
    knownFeatures: classifications.length,
    contentCoverage: 1,
    contentClassifications: () => [],
    terms: () => [],
  });
  const greeting = [
    { intent: 'greeting', score: 0.8 },
    { intent: 'service.reisepass', score: 0.2 },
  ];
  const passport = says([{ intent: 'service.reisepass', score: 0.9 }]);

  it('answers the question after a greeting, and before thanks', () => {
    const understanding = understandingOf(greeting, 1, () => [], {
      'was kostet ein Pass?': passport,
      'Was kostet ein Pass': passport,
    });
    for (const text of ['Guten Tag, was kostet ein Pass?', 'Was kostet ein Pass? Danke!']) {
      expect(understanding.parse(text, { lang: 'de' })).toMatchObject({
        text,
        intent: 'service.reisepass',
        outOfScope: false,
        score: 0.9,
      });
    }
  });

  it('stays a greeting when what is left is no question for a service, or there is nothing left', () => {
    const understanding = understandingOf(greeting, 1, () => [], {
      'ich habe eine Frage': says([{ intent: 'help', score: 0.9 }]),
      'wie geht es dir?': says([{ intent: 'None', score: 1 }]),
    });
    for (const text of ['Hallo, ich habe eine Frage', 'Hallo, wie geht es dir?', 'Hallo', 'Hallo!']) {
      expect(understanding.parse(text, { lang: 'de' }).intent, text).toBe('greeting');
    }
  });

  it('leaves other intents alone', () => {
    const understanding = understandingOf([{ intent: 'goodbye', score: 0.8 }], 1, () => [], {
      'was kostet ein Pass?': passport,
    });
    expect(understanding.parse('Tschüss, was kostet ein Pass?', { lang: 'de' }).intent).toBe('goodbye');
  });
});

describe('Understanding: a training utterance', () => {
  const model = (classifications: Classification[]) => {
    const result = { classifications, knownFeatures: 1, contentCoverage: 1, contentClassifications: () => [] };
    const classifier = { classify: () => result, classifyContent: () => result, coverage: () => 1 };
    const trained: Record<string, string> = {
      'Guten Morgen': 'greeting',
      'Reisepass beantragen': 'service.reisepass',
      'Jagdschein machen': 'service.jagdschein',
    };
    return {
      classifier: () => classifier,
      trainedIntent: (_lang: string, text: string) => trained[text],
    } as unknown as IntentModel;
  };
  const understanding = new Understanding(model([{ intent: 'None', score: 0.9 }]), [service('reisepass')]);

  it('is understood as trained, whatever the classifier says', () => {
    expect(understanding.parse('Guten Morgen', { lang: 'de' })).toMatchObject({
      intent: 'greeting',
      score: 1,
      outOfScope: false,
      service: null,
    });
    expect(understanding.parse('Reisepass beantragen', { lang: 'de' })).toMatchObject({
      intent: 'service.reisepass',
      score: 1,
      outOfScope: false,
      ambiguous: false,
      service: { id: 'reisepass' },
      candidates: [{ id: 'reisepass', score: 1 }],
    });
  });

  it('is out of scope when its service is not in the catalogue', () => {
    expect(understanding.parse('Jagdschein machen', { lang: 'de' })).toMatchObject({
      intent: 'None',
      outOfScope: true,
      service: null,
    });
  });
});

describe('Understanding: the catalogue texts check the classifier (retrieval)', () => {
  const catalogue = [
    Service.parse({ id: 'reisepass', title: { de: 'Reisepass' }, summary: { de: 'Für Reisen ins Ausland' } }),
    Service.parse({
      id: 'personalausweis',
      title: { de: 'Personalausweis' },
      summary: { de: 'Der Ausweis für Deutschland' },
      description: { de: 'Verloren oder gestohlen: melden Sie den Verlust' },
    }),
    Service.parse({ id: 'fuehrerschein', title: { de: 'Führerschein' }, summary: { de: 'Die Fahrerlaubnis' } }),
  ];
  /** Terms for retrieval: the lower-cased words of three letters or more; `documentTerms` counts catalogue texts. */
  let documentTerms = 0;
  const terms = (text: string, correct: boolean) => {
    if (!correct) documentTerms++;
    return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((word) => !['der', 'für', 'ins'].includes(word));
  };
  const understandingOf = (
    classifications: Classification[],
    options: { retrieval?: boolean } = {},
    services: Service[] = catalogue,
    contentCoverage = 1,
  ) => {
    const classify = (text: string): ClassifierResult => ({
      classifications,
      knownFeatures: classifications.length,
      contentCoverage,
      contentClassifications: () => [],
      terms: () => terms(text, true),
    });
    const classifier = { classify, classifyContent: classify, coverage: () => 1, terms };
    const model = { classifier: () => classifier, trainedIntent: () => undefined } as unknown as IntentModel;
    return new Understanding(model, services, options);
  };
  const parse = (classifications: Classification[], text: string, options: { retrieval?: boolean } = {}) =>
    understandingOf(classifications, options).parse(text, { lang: 'de' });

  it("answers the service the catalogue's texts point to when they clearly outweigh the classifier's choice", () => {
    const result = parse(
      [
        { intent: 'service.reisepass', score: 0.5 },
        { intent: 'service.personalausweis', score: 0.3 },
        { intent: 'None', score: 0.1 },
      ],
      'Ausweis verloren, gestohlen',
    );
    // Combined: Personalausweis 0.3 + 2 × 1, Reisepass 0.5 + 0, below 0.8 of it.
    expect(result).toMatchObject({
      intent: 'service.personalausweis',
      score: 0.3,
      ambiguous: false,
      outOfScope: false,
    });
    expect(result.service?.id).toBe('personalausweis');
    expect(result.candidates.map((c) => c.id)).toEqual(['personalausweis', 'reisepass']);
  });

  it('asks "Meinten Sie …?" when the two readings are close, the best combined first', () => {
    const result = parse(
      [
        { intent: 'service.reisepass', score: 0.6 },
        { intent: 'service.personalausweis', score: 0.3 },
      ],
      'Reisen, Ausweis verloren',
    );
    // Retrieval: Personalausweis (two of the words) 1, Reisepass (one, in a shorter entry) 0.72. Combined:
    // Personalausweis 2.3, Reisepass 2.05, above 0.8 of it.
    expect(result).toMatchObject({ intent: 'service.personalausweis', ambiguous: true, outOfScope: false });
    expect(result.candidates.map((c) => c.id)).toEqual(['personalausweis', 'reisepass']);
  });

  it('asks, its choice among the buttons, when retrieval alone found the service the classifier did not score', () => {
    const lost = (id: string, title: string) =>
      Service.parse({ id, title: { de: title }, summary: { de: 'verloren' } });
    const services = [...catalogue, lost('fundsache', 'Fundsache gestohlen'), lost('fundrad', 'Fahrrad gestohlen')];
    const result = understandingOf([{ intent: 'service.reisepass', score: 0.5 }], {}, services).parse(
      'Ausweis verloren gestohlen',
      { lang: 'de' },
    );
    expect(result).toMatchObject({ intent: 'service.personalausweis', score: 0, ambiguous: true, outOfScope: false });
    // Retrieval's best three all come before Reisepass (0.5 and nothing from retrieval); it takes the third place.
    expect(result.candidates.map((c) => c.id)).toEqual(['personalausweis', expect.any(String), 'reisepass']);
    expect(result.candidates[2]).toEqual({ id: 'reisepass', score: 0.5 });
  });

  it('leaves a reading both agree on as the classifier made it', () => {
    const classifications = [
      { intent: 'service.personalausweis', score: 0.7 },
      { intent: 'service.reisepass', score: 0.2 },
    ];
    const result = parse(classifications, 'Ausweis verloren');
    expect(result).toEqual(parse(classifications, 'Ausweis verloren', { retrieval: false }));
    expect(result).toMatchObject({ intent: 'service.personalausweis', score: 0.7, ambiguous: false });
  });

  describe('a message the classifier turned away', () => {
    // Enough entries for a rare word to weigh what it weighs in a city's catalogue (idf about 4.9 for one entry).
    const fillers = Array.from({ length: 200 }, (_, n) =>
      Service.parse({ id: `filler-${n}`, title: { de: `Leistung ${n}` }, summary: { de: 'Allgemeine Auskunft' } }),
    );
    const stolen = Service.parse({
      id: 'diebstahl',
      title: { de: 'Diebstahl Geldbörse Fundbüro Anzeige' },
      summary: { de: 'Geldbörse gestohlen: Anzeige erstatten, Fundbüro fragen' },
    });
    const turnedAway = (
      text: string,
      best: Classification,
      services = [...catalogue, stolen, ...fillers],
      contentCoverage = 1,
    ) =>
      understandingOf([best, { intent: 'service.reisepass', score: 0.2 }], {}, services, contentCoverage).parse(text, {
        lang: 'de',
      });
    const none = { intent: 'None', score: 1 };

    it("asks about the service the catalogue texts clearly point to, with the classifier's own score", () => {
      const result = turnedAway('Geldbörse gestohlen, Anzeige beim Fundbüro, Diebstahl', none);
      expect(result).toMatchObject({
        intent: 'service.diebstahl',
        score: 0,
        ambiguous: true,
        outOfScope: false,
        service: { id: 'diebstahl' },
      });
      // Retrieval's best three, each with what the classifier gave it.
      expect(result.candidates[0]).toEqual({ id: 'diebstahl', score: 0 });
      expect(result.candidates.length).toBeLessThanOrEqual(3);
    });

    it('asks so too when the classifier was unsure of a service, or knew too few of the words to trust it', () => {
      const text = 'Geldbörse gestohlen, Anzeige beim Fundbüro, Diebstahl';
      // Führerschein 0.25, Reisepass 0.2: below `reject`, and too close for the margin rule.
      const unsure = turnedAway(text, { intent: 'service.fuehrerschein', score: 0.25 });
      expect(unsure).toMatchObject({ intent: 'service.diebstahl', ambiguous: true, outOfScope: false });
      // Sure of Führerschein, but from a quarter of the message's content words.
      const unfamiliar = turnedAway(text, { intent: 'service.fuehrerschein', score: 0.9 }, undefined, 0.25);
      expect(unfamiliar).toMatchObject({ intent: 'service.diebstahl', ambiguous: true, outOfScope: false });
    });

    it('offers only the entries that score near the best', () => {
      // A second entry that shares one of the words: far below the best, it is not offered beside it.
      const neighbour = Service.parse({
        id: 'fundbuero',
        title: { de: 'Fundbüro' },
        summary: { de: 'Öffnungszeiten' },
      });
      const result = turnedAway('Geldbörse gestohlen, Anzeige beim Fundbüro, Diebstahl', none, [
        ...catalogue,
        stolen,
        neighbour,
        ...fillers,
      ]);
      expect(result.candidates.map(({ id }) => id)).toEqual(['diebstahl']);
    });

    it('stays turned away when the texts match weakly, or two entries equally well', () => {
      expect(turnedAway('Geldbörse weg', none)).toMatchObject({ intent: 'None', outOfScope: true, service: null });
      // Scored well above the threshold (about 22 each), but neither leads.
      const twin = Service.parse({ ...stolen, id: 'diebstahl-2' });
      const text = 'Geldbörse gestohlen, Anzeige erstatten beim Fundbüro, Diebstahl';
      expect(turnedAway(text, none, [...catalogue, stolen, twin, ...fillers])).toMatchObject({
        intent: 'None',
        outOfScope: true,
      });
    });

    it('leaves a conversational intent turned away as it was, and decides alone with retrieval off', () => {
      const text = 'Geldbörse gestohlen, Anzeige beim Fundbüro, Diebstahl';
      // A greeting too unsure to answer is turned away as such, never read as a service.
      expect(turnedAway(text, { intent: 'greeting', score: 0.2 })).toMatchObject({ outOfScope: true, service: null });
      const off = understandingOf([none], { retrieval: false }, [...catalogue, stolen, ...fillers]);
      expect(off.parse(text, { lang: 'de' })).toMatchObject({ intent: 'None', outOfScope: true });
    });
  });

  it('decides on the classifier alone with retrieval off (cross-validation)', () => {
    const result = parse([{ intent: 'service.reisepass', score: 0.5 }], 'Ausweis verloren, gestohlen', {
      retrieval: false,
    });
    expect(result).toMatchObject({ intent: 'service.reisepass', score: 0.5, ambiguous: false });
  });

  it('builds its indexes once, beforehand when prepared', async () => {
    const understanding = understandingOf([{ intent: 'service.reisepass', score: 0.5 }]);
    documentTerms = 0;
    await understanding.prepare(async () => undefined);
    const built = documentTerms;
    // Four fields of three entries, in both languages.
    expect(built).toBe(2 * 3 * 4);
    understanding.parse('Ausweis verloren', { lang: 'de' });
    understanding.parse('Reisen', { lang: 'en' });
    await understanding.prepare(async () => undefined);
    expect(documentTerms).toBe(built);
  });
});
