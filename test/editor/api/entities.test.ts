import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingPort } from '../../../src/editor/ports.js';
import type { ParseResult } from '../../../src/nlu/Understanding.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

const DOKUMENT = {
  type: 'enum',
  options: [
    { value: 'Reisepass', synonyms: ['Reisepass', 'Pass'] },
    { value: 'Personalausweis', synonyms: ['Personalausweis', 'Perso', 'Ausweis'] },
  ],
};

/** A draft model that understands nothing: "try it" shows its side with the draft corpora's named entities. */
const draftTraining: TrainingPort = {
  start: () => Promise.reject(new Error('not in this test')),
  listRuns: async () => [],
  findRun: async () => undefined,
  parseWithDraft: async (text, lang) => {
    const result: ParseResult = {
      text,
      lang: lang ?? 'de',
      intent: 'None',
      score: 0,
      service: null,
      candidates: [],
      outOfScope: true,
      ambiguous: false,
    };
    return { runId: 'run-1', result };
  },
};

describe('editor API: named entities', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi({ training: draftTraining });
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates an enum entity in the conversation corpus, lists it, and audits it', async () => {
    const created = await h.call('eddi', 'PUT', '/api/editor/entities/de/dokument', DOKUMENT);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toEqual({
      type: 'enum',
      name: 'dokument',
      lang: 'de',
      file: 'de/conversation.json',
      options: DOKUMENT.options,
      usedBy: [],
    });
    const files = await h.storage.intents.listCorpusFiles();
    const conversation = files.find((file) => file.path === 'de/conversation.json');
    expect(conversation?.corpus.entities).toEqual({
      dokument: {
        options: { Reisepass: ['Reisepass', 'Pass'], Personalausweis: ['Personalausweis', 'Perso', 'Ausweis'] },
      },
    });
    const listed = await h.call('pia', 'GET', '/api/editor/entities?lang=de');
    expect(listed.status).toBe(200);
    expect((listed.json as { entities: { name: string }[] }).entities.map((entity) => entity.name)).toEqual([
      'dokument',
    ]);
    expect((await h.call('ada', 'GET', '/api/editor/entities?lang=en')).json).toEqual({ entities: [] });
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.entity.saved' });
    expect(entry).toMatchObject({
      actorName: 'eddi',
      details: { lang: 'de', entity: 'dokument', type: 'enum', created: true, options: 2 },
    });
  });

  it('replaces an entity where it lives, and takes regex entities', async () => {
    const regex = await h.call('eddi', 'PUT', '/api/editor/entities/de/aktenzeichen', {
      type: 'regex',
      regex: 'AZ-\\d{4}',
    });
    expect(regex.status).toBe(201);
    const replaced = await h.call('eddi', 'PUT', '/api/editor/entities/de/aktenzeichen', {
      type: 'regex',
      regex: '/AZ-\\d{4,6}/i',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ type: 'regex', regex: '/AZ-\\d{4,6}/i', file: 'de/conversation.json' });
  });

  it('refuses invalid names, patterns and options, and agents', async () => {
    const put = (path: string, body: unknown) => h.call('eddi', 'PUT', `/api/editor/entities/${path}`, body);
    const bad = [
      await put('de/1dokument', DOKUMENT),
      await put('fr/dokument', DOKUMENT),
      await put('de/az', { type: 'regex', regex: '(a+)+' }),
      await put('de/az', { type: 'regex', regex: '(' }),
      await put('de/dokument', { type: 'enum', options: [] }),
      await put('de/dokument', { type: 'enum', options: [{ value: 'A' }, { value: 'A' }] }),
      await put('de/dokument', { options: DOKUMENT.options }),
    ];
    for (const reply of bad) {
      expect(reply.status, JSON.stringify(reply.json)).toBe(400);
      expect(reply.json).toMatchObject({ error: 'invalid_request', issues: expect.any(Array) });
    }
    const firstPath = (index: number) =>
      (bad[index]?.json as { issues?: { path: string[] }[] } | undefined)?.issues?.[0]?.path;
    expect(firstPath(0)?.[0]).toBe('params');
    expect(firstPath(2)).toEqual(['regex']);
    expect((await h.call('anna', 'PUT', '/api/editor/entities/de/dokument', DOKUMENT)).status).toBe(403);
    expect((await h.call('anna', 'GET', '/api/editor/entities')).status).toBe(403);
  });

  it("shows an intent's entities, and refuses to delete one its utterances use", async () => {
    const saved = await h.call('eddi', 'PUT', '/api/editor/intents/dokument.neu', {
      utterances: { de: ['Ich brauche einen neuen @dokument', 'Stand von @aktenzeichen'], en: ['I lost my @dokument'] },
      answers: { de: ['Gern.'], en: [] },
    });
    expect(saved.status).toBe(201);
    // "@dokument" is not defined in English: only the German references count.
    expect(saved.json).toMatchObject({ entities: ['aktenzeichen', 'dokument'] });
    const listed = await h.call('eddi', 'GET', '/api/editor/entities?lang=de');
    expect((listed.json as { entities: { usedBy: string[] }[] }).entities.map((entity) => entity.usedBy)).toEqual([
      ['dokument.neu'],
      ['dokument.neu'],
    ]);
    const refused = await h.call('eddi', 'DELETE', '/api/editor/entities/de/dokument');
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: 'entity_in_use', message: expect.stringContaining('dokument.neu') });
    expect((await h.call('eddi', 'DELETE', '/api/editor/entities/en/dokument')).status).toBe(404);
  });

  it('"try it" adds the named entities to the built-in ones', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/try', {
      text: 'Mein Perso ist weg, Aktenzeichen az-12345, geht es am 12.03.2026?',
      lang: 'de',
    });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    const { live, draft } = reply.json as {
      live: { entities: { type: string }[] };
      draft: { runId: string; entities: { type: string; name?: string; value: unknown }[] };
    };
    // The live model was trained before the entities existed; built-in entities are found as before.
    expect(live.entities.some((entity) => entity.type === 'named')).toBe(false);
    expect(live.entities.some((entity) => entity.type === 'date')).toBe(true);
    expect(draft.runId).toBe('run-1');
    expect(draft.entities.filter((entity) => entity.type === 'named')).toEqual([
      { type: 'named', name: 'dokument', value: 'Personalausweis', text: 'Perso', start: 5, end: 10 },
      { type: 'named', name: 'aktenzeichen', value: 'az-12345', text: 'az-12345', start: 33, end: 41 },
    ]);
    expect(draft.entities.some((entity) => entity.type === 'date')).toBe(true);
  });

  it('deletes an unused entity, removing the key when the corpus has no more, and audits it', async () => {
    const before = await h.call('eddi', 'PUT', '/api/editor/entities/en/colour', {
      type: 'enum',
      options: [{ value: 'red', synonyms: [] }],
    });
    expect(before.json).toMatchObject({ file: 'en/conversation.json' });
    const deleted = await h.call('eddi', 'DELETE', '/api/editor/entities/en/colour');
    expect(deleted.status).toBe(204);
    const files = await h.storage.intents.listCorpusFiles();
    expect(files.find((file) => file.path === 'en/conversation.json')?.corpus).not.toHaveProperty('entities');
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.entity.deleted' });
    expect(entry).toMatchObject({ actorName: 'eddi', details: { lang: 'en', entity: 'colour' } });
  });
});
