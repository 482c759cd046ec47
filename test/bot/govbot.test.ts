import { type Activity, ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { RecipientDirectory } from '../../src/applications/recipients.js';
import { GovBot } from '../../src/bot/GovBot.js';
import { Office, Service } from '../../src/catalogue/schema.js';
import { FormDialogs } from '../../src/dialogs/FormDialogs.js';
import type { Corpus } from '../../src/nlu/corpus.js';
import { trainModel } from '../../src/nlu/trainModel.js';
import { Understanding } from '../../src/nlu/Understanding.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { singleTenant } from '../support/testTenants.js';

/** The municipality the bot names: the default tenant, as a single city's installation has it. */
const musterstadt = singleTenant().fallback;

const services = [
  Service.parse({
    id: 'personalausweis',
    title: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    summary: {
      de: 'Den Personalausweis beantragen Sie im Bürgerbüro.',
      en: 'Apply for your identity card at the citizens office.',
    },
    costs: { de: '37 Euro', en: 'EUR 37' },
    officeIds: ['buergerbuero'],
    onlineService: { title: { de: 'Termin buchen' }, url: 'https://www.musterstadt.example/online/personalausweis' },
    synonyms: { de: ['Perso', 'Ausweis'], en: ['ID card'] },
  }),
  Service.parse({
    id: 'reisepass',
    title: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    summary: {
      de: 'Den Reisepass beantragen Sie im Bürgerbüro.',
      en: 'Apply for your passport at the citizens office.',
    },
    costs: { de: '70 Euro', en: 'EUR 70' },
    officeIds: ['buergerbuero'],
    synonyms: { de: ['Pass', 'Ausweis'], en: ['passport'] },
  }),
  Service.parse({
    id: 'kirchenaustritt',
    title: { de: 'Kirchenaustritt erklären' },
    summary: { de: 'Den Austritt aus der Kirche erklären Sie beim Standesamt.' },
    costs: { de: '30 Euro' },
  }),
];

const corpora: Corpus[] = [
  {
    version: 1,
    name: 'test',
    locale: 'de',
    data: [
      { intent: 'greeting', utterances: ['Hallo', 'Guten Tag', 'Moin'], answers: ['Guten Tag! Wie kann ich helfen?'] },
    ],
  },
  {
    version: 1,
    name: 'test',
    locale: 'en',
    data: [
      { intent: 'service.kirchenaustritt', utterances: ['leave the church', 'church exit'], answers: [] },
      { intent: 'greeting', utterances: ['Hello', 'Hi there'], answers: ['Hello! How can I help?'] },
    ],
  },
];

const offices = [
  Office.parse({
    id: 'buergerbuero',
    name: { de: 'Bürgerbüro Mitte' },
    address: { street: 'Rathausplatz', houseNumber: '1', postalCode: '12345', city: 'Musterstadt' },
    openingHours: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '12:00' }],
  }),
];

const model = trainModel(corpora, services);

function createBot(channelId: string, locale = 'de-DE', municipality = musterstadt) {
  const bot = new GovBot({
    knowledge: () => ({
      understanding: new Understanding(model, services),
      offices: new Map(offices.map((o) => [o.id, o])),
    }),
    conversationState: new ConversationState(new MemoryStorage()),
    tenants: { fallback: municipality },
    publicUrl: () => 'http://localhost:3000',
    popularServices: ['reisepass'],
    forms: new FormDialogs({
      dialogs: [],
      recipients: new RecipientDirectory({ recipients: {}, tenants: {} }),
      chatTrustLevel: 'low',
      leikaOf: () => [],
      submit: () => Promise.reject(new Error('no forms in this test')),
    }),
    tickets: openSqliteStorage(':memory:').tickets,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context), { channelId, locale });
  return adapter;
}

const text = (activity: Partial<Activity>) => `${activity.text ?? ''}\n${JSON.stringify(activity.attachments ?? [])}`;

/** The titles of a reply's buttons. */
const buttons = (activity: Partial<Activity>) => activity.suggestedActions?.actions.map((action) => action.title);

describe('GovBot conversation core', () => {
  it('asks "Meinten Sie …?" with buttons when two services are equally likely, and answers the click', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Ausweis')
      .assertReply((reply) => {
        expect(reply.text).toBe('Meinten Sie eines davon?');
        const titles = buttons(reply);
        expect(titles).toEqual(
          expect.arrayContaining(['Personalausweis beantragen', 'Reisepass beantragen', 'Nichts davon']),
        );
      })
      .send({ type: 'message', text: 'Reisepass beantragen', value: { action: 'service', serviceId: 'reisepass' } })
      .assertReply((reply) => {
        expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(text(reply)).toContain('Reisepass beantragen');
      })
      .startTest();
  });

  it('keeps the part asked about through "Meinten Sie …?": the click answers the costs, not the whole card', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => {
        expect(reply.text).toBe('Meinten Sie eines davon?');
        const values = reply.suggestedActions?.actions.map((action) => action.value);
        expect(values).toContainEqual({ action: 'service', serviceId: 'reisepass', aspect: 'costs' });
        expect(values).toContainEqual({ action: 'service', serviceId: 'personalausweis', aspect: 'costs' });
      })
      .send({
        type: 'message',
        text: 'Reisepass beantragen',
        value: { action: 'service', serviceId: 'reisepass', aspect: 'costs' },
      })
      .assertReply((reply) => {
        expect(reply.attachments ?? []).toHaveLength(0);
        expect(reply.text).toMatch(/Reisepass beantragen[\s\S]*Kosten: 70 Euro/);
        expect(buttons(reply)).toEqual(['Alle Informationen']);
      })
      .send('Und wo ist das?')
      .assertReply((reply) => expect(reply.text).toContain('Bürgerbüro Mitte'))
      .startTest();
  });

  it('asks "Meinten Sie das?" when only one of the services that fit is offered here', async () => {
    const adapter = createBot('emulator', 'de-DE', { ...musterstadt, hiddenServices: new Set(['personalausweis']) });
    await adapter
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => {
        expect(reply.text).toBe('Meinten Sie das?');
        expect(buttons(reply)).toEqual(['Reisepass beantragen', 'Nichts davon']);
      })
      .startTest();
  });

  it('keeps the part asked about in a numbered choice on a channel without buttons', async () => {
    const adapter = createBot('sms');
    await adapter
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => expect(reply.text).toMatch(/1\. .+\n2\. .+\n3\. Nichts davon/))
      .send('2')
      .assertReply((reply) => {
        expect(reply.text).toMatch(/Kosten: (37|70) Euro/);
        expect(reply.text).not.toContain('beantragen Sie im Bürgerbüro');
      })
      .startTest();
  });

  it('does not answer an unclear question about another service with the one talked about before', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Kirchenaustritt erklären')
      .assertReply((reply) => expect(text(reply)).toContain('Kirchenaustritt erklären'))
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => expect(reply.text).toBe('Meinten Sie eines davon?'))
      .send('Kirchenaustritt erklären')
      .assertReply((reply) => expect(text(reply)).toContain('Kirchenaustritt erklären'))
      // "Und" and "das" here are a conjunction and an article, no reference to the service before.
      .send('Und was kostet das Ausweis?')
      .assertReply((reply) => expect(reply.text).toBe('Meinten Sie eines davon?'))
      .startTest();
  });

  it('answers an unclear question about the service talked about before when it is among those it fits', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Reisepass beantragen')
      .assertReply((reply) => expect(text(reply)).toContain('Reisepass beantragen'))
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => expect(reply.text).toMatch(/Reisepass beantragen[\s\S]*Kosten: 70 Euro/))
      .startTest();
  });

  it('turns an unclear question away when none of the services that fit is offered here', async () => {
    const hidden = new Set(['personalausweis', 'reisepass']);
    const adapter = createBot('emulator', 'de-DE', { ...musterstadt, hiddenServices: hidden });
    await adapter
      .send('Was kostet ein Ausweis?')
      .assertReply((reply) => {
        expect(reply.text).toContain('Das habe ich leider nicht verstanden');
        expect(buttons(reply)).toEqual(['Mit einem Menschen sprechen']);
      })
      .startTest();
  });

  it('offers choices as a numbered list on a channel without buttons, and "2" picks the second', async () => {
    const adapter = createBot('sms');
    let secondTitle = '';
    await adapter
      .send('Ausweis')
      .assertReply((reply) => {
        expect(reply.suggestedActions).toBeUndefined();
        expect(reply.text).toMatch(/1\. .+\n2\. .+\n3\. Nichts davon/);
        expect(reply.text).toContain('Antworten Sie mit der Nummer');
        secondTitle = /^2\. (.+)$/m.exec(reply.text ?? '')?.[1] ?? '';
      })
      .send('2')
      .assertReply((reply) => {
        expect(reply.attachments ?? []).toHaveLength(0);
        expect(secondTitle).toMatch(/beantragen/);
        expect(reply.text).toContain(`**${secondTitle}**`.replace(/\*\*/g, ''));
      })
      .startTest();
  });

  it('answers in English, with the German text and a note where the entry has no English', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('How do I leave the church?')
      .assertReply((reply) => {
        expect(reply.text).toContain('only available in German');
        expect(text(reply)).toContain('Kirchenaustritt erklären');
        expect(text(reply)).toContain('Costs');
        expect(reply.locale).toBe('en-GB');
      })
      .startTest();
  });

  it('answers conversational intents from the corpus and greets in the citizen’s language', async () => {
    const adapter = createBot('emulator');
    await adapter.send('Hallo').assertReply('Guten Tag! Wie kann ich helfen?').startTest();
    await adapter.send('Hello').assertReply('Hello! How can I help?').startTest();
  });

  it('answers a question wrapped in a greeting instead of greeting back', async () => {
    await createBot('emulator')
      .send('Guten Tag, was kostet ein Reisepass?')
      .assertReply((reply) => {
        expect(text(reply)).toContain('70 Euro');
        expect(text(reply)).not.toContain('Wie kann ich helfen');
      })
      .startTest();
  });

  it('welcomes new members and says that it is automated', async () => {
    const adapter = createBot('emulator', 'en-GB');
    await adapter
      .send({ type: 'conversationUpdate', membersAdded: [{ id: 'citizen', name: '' }] })
      .assertReply((reply) => {
        expect(reply.text).toContain('automated system');
        expect(buttons(reply)).toEqual(['Apply for a passport', 'Talk to a person']);
      })
      .startTest();
  });

  it('answers follow-up questions about the service in context, and switches with "Und für …?"', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Reisepass beantragen')
      .assertReply((reply) => expect(text(reply)).toContain('Reisepass beantragen'))
      .send('Was kostet das?')
      .assertReply((reply) => {
        expect(reply.text).toContain('Reisepass beantragen');
        expect(reply.text).toContain('Kosten: 70 Euro');
        expect(buttons(reply)).toEqual(['Alle Informationen']);
      })
      .send('Und für einen Personalausweis?')
      .assertReply((reply) => expect(reply.text).toMatch(/Personalausweis beantragen[\s\S]*Kosten: 37 Euro/))
      .send('Wo ist das?')
      .assertReply((reply) => {
        expect(reply.text).toContain('Bürgerbüro Mitte');
        expect(reply.text).toContain('Rathausplatz 1, 12345 Musterstadt');
      })
      .send('Wann hat das geöffnet?')
      .assertReply((reply) => expect(reply.text).toContain('Öffnungszeiten: Mo–Fr 08:00–12:00'))
      .send('Geht das auch online?')
      .assertReply((reply) => {
        expect(reply.text).toContain('Ja, das geht online');
        expect(reply.text).toContain('https://www.musterstadt.example/online/personalausweis');
      })
      .send('Welche Unterlagen brauche ich dafür?')
      .assertReply((reply) => {
        expect(reply.text).toContain('keine Angabe');
        expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      })
      .startTest();
  });

  it('answers a question sent by a button (ask) as if it were typed, the part asked about included', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send({ type: 'message', text: 'Kosten', value: { action: 'ask', text: 'Was kostet ein Reisepass?' } })
      .assertReply((reply) => expect(reply.text).toMatch(/Reisepass beantragen[\s\S]*Kosten: 70 Euro/))
      .startTest();
  });

  it('answers a question about one part of a named service directly', async () => {
    const adapter = createBot('emulator');
    await adapter
      .send('Was kostet ein Reisepass?')
      .assertReply((reply) => expect(reply.text).toMatch(/Reisepass beantragen[\s\S]*Kosten: 70 Euro/))
      .send('How much is it?')
      .assertReply((reply) => expect(reply.text).toContain('Costs: EUR 70'))
      .startTest();
  });
});
