import { beforeAll, describe, expect, it } from 'vitest';
import { Understanding } from '../../src/nlu/Understanding.js';
import { useDefaultModel } from '../support/defaultModel.js';

/**
 * Ways of asking for a person that are not in the corpus (`intents/<lang>/conversation.json`). Written apart from the corpus; a few
 * more unseen phrasings still fail (e.g. "Stell mich bitte zu einem Menschen durch", "Ich brauche einen Menschen,
 * der mir hilft", "I don't want to talk to a robot"): `None` outscores or ties with `handover.request` there.
 */
const UNSEEN_DE = [
  'Kann ich bitte mit einem echten Mitarbeiter sprechen?',
  'echter Mensch bitte',
  'Ich will keinen Bot',
  'Ich möchte einen Rückruf',
  'Können Sie mich an einen Mitarbeiter weitergeben?',
  'Ich will mit einer echten Person chatten',
  'Holen Sie bitte einen Kollegen dazu',
  'Bitte einen Menschen, keinen Computer',
  'Ich möchte mit der Verwaltung persönlich sprechen',
  'Live-Chat mit einem Mitarbeiter',
  'Wo erreiche ich einen Mitarbeiter der Stadt?',
  'Kann ich einen Sachbearbeiter sprechen?',
  'Ich will mit einem Mitarbeiter telefonieren',
  'Lassen Sie mich mit jemandem von der Verwaltung sprechen',
  'Kein Chatbot, einen Menschen bitte',
  'Können Sie mich zu einem Mitarbeiter weiterleiten?',
  'Ich möchte mich mit einem Sachbearbeiter unterhalten',
  'Würden Sie mich bitte mit einem Menschen verbinden?',
  'Menschlicher Mitarbeiter bitte',
];

const UNSEEN_EN = [
  'Can I talk to a real human being?',
  'human agent please',
  "I don't want a chatbot, I want a person",
  'Connect me with customer service',
  'live chat with an agent',
  'Could someone call me back?',
  'Please transfer me to a staff member',
  'Let me speak with a representative',
  'I need to talk to an actual person',
  'Can I chat with a human?',
  'Is there a human I can talk to?',
  'Transfer me to someone from the council please',
  'Could I speak with somebody in person?',
  'Get me an operator please',
];

/** Service questions that mention staff or a contact person: the citizen wants the service, not a handover. */
const SERVICE_QUESTIONS: [text: string, serviceId: string][] = [
  ['Wer ist Ansprechpartner für die Gewerbeanmeldung?', 'gewerbe-anmelden'],
  ['Ansprechpartner für Gewerbe', 'gewerbe-anmelden'],
  ['Ansprechpartner für den Wohnberechtigungsschein', 'wohnberechtigungsschein'],
  ['Brauchen meine Mitarbeiter eine eigene Reisegewerbekarte?', 'reisegewerbekarte'],
  ['Führungszeugnis für neue Mitarbeiter im Kindergarten', 'fuehrungszeugnis'],
  ['Welcher Mitarbeiter ist für das Elterngeld zuständig?', 'elterngeld'],
  ['Who is the contact person for registering a business?', 'gewerbe-anmelden'],
  ['Which member of staff handles passport applications?', 'reisepass'],
];

describe('handover.request', () => {
  const trained = useDefaultModel();
  let understanding: Understanding;

  beforeAll(() => {
    understanding = new Understanding(trained.model, trained.services);
  });

  it.each(UNSEEN_DE)('understands "%s" as a request for a person', (text) => {
    expect(understanding.parse(text)).toMatchObject({ lang: 'de', intent: 'handover.request' });
  });

  it.each(UNSEEN_EN)('understands "%s" as a request for a person', (text) => {
    expect(understanding.parse(text)).toMatchObject({ lang: 'en', intent: 'handover.request' });
  });

  it.each(SERVICE_QUESTIONS)('answers "%s" with the service %s', (text, serviceId) => {
    expect(understanding.parse(text).intent).toBe(`service.${serviceId}`);
  });
});
