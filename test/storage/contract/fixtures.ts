import { Office, Service } from '../../../src/catalogue/schema.js';
import type { NewHandover } from '../../../src/handover/types.js';
import { Corpus } from '../../../src/nlu/corpus.js';

export function service(id: string, title = `Titel ${id}`): Service {
  return Service.parse({
    id,
    leika: ['99050012104000'],
    title: { de: title, en: `Title ${id}` },
    summary: { de: `Kurztext ${id}` },
    documents: { de: ['Personalausweis', 'Meldebescheinigung'] },
    officeIds: ['buergerbuero'],
    onlineService: { title: { de: 'Online beantragen' }, url: `https://service.example.de/${id}` },
    synonyms: { de: ['Ausweis'], en: [] },
    source: { kind: 'default', id },
  });
}

export function office(id: string, name = `Amt ${id}`): Office {
  return Office.parse({
    id,
    name: { de: name },
    address: { street: 'Marktplatz', houseNumber: '1', postalCode: '12345', city: 'Musterstadt' },
    openingHours: [{ days: ['mo', 'tu'], opens: '08:00', closes: '12:00' }],
    contact: { phone: '+49 123 456' },
    geo: { lat: 52.5, lon: 13.4 },
  });
}

export function corpus(name: string, locale: string, intent: string): Corpus {
  return Corpus.parse({
    name,
    locale,
    data: [{ intent, utterances: [`Ich brauche ${intent}`, `${intent} beantragen`], answers: [] }],
  });
}

/** A Bot Framework message activity as a channel would store it. */
export function message(
  text: string,
  role: 'user' | 'bot',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'message', text, from: { id: role === 'user' ? 'citizen' : 'govbot', role }, ...extra };
}

export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A handover to the service centre requested `at`, waiting for an agent. */
export function newHandover(conversationId: string, at: string): NewHandover {
  return {
    conversationId,
    channel: 'socketio',
    reason: 'requested',
    lang: 'de',
    topic: undefined,
    dialogId: undefined,
    address: {
      channelId: 'socketio',
      serviceUrl: 'https://govbot.example.de',
      conversation: { id: conversationId },
      user: { id: 'citizen' },
      bot: { id: 'govbot' },
    },
    requestedAt: at,
  };
}
