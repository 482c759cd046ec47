import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorApiHarness, startEditorApi } from './harness.js';

describe('editor API: intents', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  const fileOf = async (intent: string, lang: 'de' | 'en') =>
    (await h.storage.intents.listCorpusFiles())
      .filter((file) => file.corpus.locale === lang && file.corpus.data.some((entry) => entry.intent === intent))
      .map((file) => file.path);

  it('lists the draft intents with counts per language, searchable and by language', async () => {
    const all = await h.call('eddi', 'GET', '/api/editor/intents');
    expect(all.status).toBe(200);
    const { intents } = all.json as { intents: { name: string; utterances: { de: number; en: number } }[] };
    expect(intents.map((intent) => intent.name)).toEqual(expect.arrayContaining(['None', 'greeting']));
    expect(intents.find((intent) => intent.name === 'service.bewohnerparkausweis')).toMatchObject({
      kind: 'service',
      serviceId: 'bewohnerparkausweis',
      title: expect.any(String),
      dialogId: 'bewohnerparkausweis',
      utterances: { de: expect.any(Number), en: expect.any(Number) },
    });
    const found = await h.call('eddi', 'GET', `/api/editor/intents?q=${encodeURIComponent('PARKAUSWEIS')}&lang=de`);
    const names = (found.json as { intents: { name: string }[] }).intents.map((intent) => intent.name);
    expect(names).toContain('service.bewohnerparkausweis');
    expect(names).not.toContain('greeting');
  });

  it('reads one intent across both languages with the dialog serving its entry', async () => {
    const reply = await h.call('eddi', 'GET', '/api/editor/intents/service.eheurkunde');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      name: 'service.eheurkunde',
      kind: 'service',
      serviceId: 'eheurkunde',
      dialog: { id: 'urkunde-bestellen', title: expect.any(String) },
      utterances: { de: expect.arrayContaining([expect.any(String)]), en: expect.any(Array) },
    });
    expect((await h.call('eddi', 'GET', '/api/editor/intents/no.such.intent')).status).toBe(404);
  });

  it('creates a conversation intent in the conversation corpora and audits it', async () => {
    const reply = await h.call('eddi', 'PUT', '/api/editor/intents/smalltalk.weather', {
      utterances: { de: ['Wie ist das Wetter?', '  Wie ist das Wetter?  ', 'Regnet es heute?'], en: [] },
      answers: { de: ['Das weiß ich leider nicht.'], en: [] },
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({
      name: 'smalltalk.weather',
      kind: 'conversation',
      utterances: { de: ['Wie ist das Wetter?', 'Regnet es heute?'], en: [] },
      answers: { de: ['Das weiß ich leider nicht.'], en: [] },
    });
    expect(await fileOf('smalltalk.weather', 'de')).toEqual(['de/conversation.json']);
    expect(await fileOf('smalltalk.weather', 'en')).toEqual([]);
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.intent.saved' });
    expect(entry).toMatchObject({
      actorId: h.userId('eddi'),
      actorName: 'eddi',
      details: { intent: 'smalltalk.weather', created: true, utterances: { de: { added: 2, removed: 0 } } },
    });
  });

  it('places a new service intent in the services corpus of each language, and keeps an existing one where it is', async () => {
    await h.storage.catalogue.saveCatalogue(
      {
        services: [{ ...(await requiredService(h, 'reisepass')), id: 'testpass', leika: [] }],
        offices: [],
      },
      { replace: false },
    );
    const created = await h.call('eddi', 'PUT', '/api/editor/intents/service.testpass', {
      utterances: { de: ['Ich brauche einen Testpass'], en: ['I need a test passport'] },
    });
    expect(created.status).toBe(201);
    expect(await fileOf('service.testpass', 'de')).toEqual(['de/services.json']);
    expect(await fileOf('service.testpass', 'en')).toEqual(['en/services.json']);

    const before = await h.storage.intents.listCorpusFiles();
    const position = (files: typeof before) =>
      files
        .find((file) => file.path === 'de/conversation.json')
        ?.corpus.data.findIndex((entry) => entry.intent === 'greeting');
    const greeting = await h.call('eddi', 'GET', '/api/editor/intents/greeting');
    const { utterances, answers } = greeting.json as { utterances: { de: string[]; en: string[] }; answers: object };
    const replaced = await h.call('pia', 'PUT', '/api/editor/intents/greeting', {
      ...(greeting.json as object),
      utterances: { ...utterances, de: [...utterances.de, 'Grüß Gott miteinander'] },
      answers,
    });
    expect(replaced.status).toBe(200);
    expect(position(await h.storage.intents.listCorpusFiles())).toBe(position(before));
    expect((replaced.json as { utterances: { de: string[] } }).utterances.de).toContain('Grüß Gott miteinander');
  });

  it('refuses unknown catalogue entries, intents without utterances, bad names and a body naming another intent', async () => {
    const unknownEntry = await h.call('eddi', 'PUT', '/api/editor/intents/service.gibtesnicht', {
      utterances: { de: ['Gibt es nicht'], en: [] },
    });
    expect(unknownEntry.status).toBe(400);
    expect(unknownEntry.json).toMatchObject({
      error: 'invalid_request',
      issues: [expect.objectContaining({ path: ['name'], message: expect.stringContaining('gibtesnicht') })],
    });
    const empty = await h.call('eddi', 'PUT', '/api/editor/intents/smalltalk.empty', {
      utterances: { de: [], en: [] },
      answers: { de: ['Antwort ohne Frage'], en: [] },
    });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ issues: [expect.objectContaining({ path: ['utterances'] })] });
    const badName = await h.call('eddi', 'PUT', '/api/editor/intents/1-bad', { utterances: { de: ['x'], en: [] } });
    expect(badName.status).toBe(400);
    expect(badName.json).toMatchObject({ issues: [expect.objectContaining({ path: ['params', 'name'] })] });
    const otherName = await h.call('eddi', 'PUT', '/api/editor/intents/greeting', {
      name: 'goodbye',
      utterances: { de: ['Hallo'], en: [] },
    });
    expect(otherName.status).toBe(400);
    const blank = await h.call('eddi', 'PUT', '/api/editor/intents/greeting', { utterances: { de: ['   '], en: [] } });
    expect(blank.status).toBe(400);
    expect(blank.json).toMatchObject({ issues: [expect.objectContaining({ path: ['utterances', 'de', 0] })] });
    expect(await fileOf('smalltalk.empty', 'de')).toEqual([]);
  });

  it('drops an intent from a language left without utterances and answers', async () => {
    const reply = await h.call('eddi', 'PUT', '/api/editor/intents/service.testpass', {
      utterances: { de: ['Ich brauche einen Testpass'], en: [] },
    });
    expect(reply.status).toBe(200);
    expect(await fileOf('service.testpass', 'en')).toEqual([]);
    expect(await fileOf('service.testpass', 'de')).toEqual(['de/services.json']);
  });

  it('deletes an intent from both languages, but never None', async () => {
    const deleted = await h.call('eddi', 'DELETE', '/api/editor/intents/smalltalk.weather');
    expect(deleted.status).toBe(204);
    expect((await h.call('eddi', 'GET', '/api/editor/intents/smalltalk.weather')).status).toBe(404);
    expect((await h.call('eddi', 'DELETE', '/api/editor/intents/smalltalk.weather')).status).toBe(404);
    const none = await h.call('eddi', 'DELETE', '/api/editor/intents/None');
    expect(none.status).toBe(409);
    expect(none.json).toMatchObject({ error: 'intent_required' });
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.intent.deleted' });
    expect(entry).toMatchObject({ actorName: 'eddi', details: { intent: 'smalltalk.weather' } });
  });

  it('keeps both of two changes saved at the same time', async () => {
    const [a, b] = await Promise.all([
      h.call('eddi', 'PUT', '/api/editor/intents/smalltalk.a', { utterances: { de: ['Erstens'], en: [] } }),
      h.call('ada', 'PUT', '/api/editor/intents/smalltalk.b', { utterances: { de: ['Zweitens'], en: [] } }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await fileOf('smalltalk.a', 'de')).toEqual(['de/conversation.json']);
    expect(await fileOf('smalltalk.b', 'de')).toEqual(['de/conversation.json']);
  });
});

async function requiredService(h: EditorApiHarness, id: string) {
  const service = await h.storage.catalogue.findService(id);
  if (!service) throw new Error(`the template catalogue has no ${id}`);
  return service;
}
