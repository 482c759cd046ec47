import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditorIntent, IntentSummary } from '../../src/editor/intents/schemas.js';
import type { ModelVersion, TrainingRun } from '../../src/editor/types.js';
import { type EditorApiHarness, startEditorApi } from '../editor/api/harness.js';

const MUSTERDORF = '?tenant=musterdorf';
const WERTSTOFFHOF = {
  utterances: {
    de: [
      'Wann hat der Wertstoffhof offen?',
      'Öffnungszeiten vom Wertstoffhof',
      'Wo kann ich Sperrmüll und Grüngut abgeben?',
      'Ist der Wertstoffhof am Samstag geöffnet?',
    ],
    en: [],
  },
  answers: { de: ['Der Wertstoffhof Musterdorf hat Di und Sa von 9 bis 12 Uhr geöffnet.'], en: [] },
};
const refused = (status: number, error: string) => [status, expect.objectContaining({ error })];

/**
 * A municipality's own layer in the workbench (docs/editor.md#layers-the-shared-content-and-a-municipalitys-own): its
 * editor refines a shared intent, adds an intent and replaces a catalogue entry, trains shared ∪ own with the release
 * gate (a real run in a worker thread), publishes and rolls back its own versions, while the shared layer, the shared
 * versions and other municipalities stay untouched and cannot reach in.
 */
describe('a municipality edits, trains and publishes its own layer in the workbench', () => {
  let h: EditorApiHarness;
  let run: TrainingRun;
  beforeAll(async () => {
    h = await startEditorApi();
    await h.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    await h.storage.tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
    // Musterdorf's editor and publisher; the admin stays the shared layer's.
    await h.storage.users.setUserTenants(h.userId('eddi'), ['musterdorf']);
    await h.storage.users.setUserTenants(h.userId('pia'), ['musterdorf']);
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists the layers each user works on', async () => {
    const shared = { tenant: 'default', name: 'shared', shared: true };
    expect((await h.call('eddi', 'GET', '/api/editor/layers')).json).toEqual({
      layers: [
        { ...shared, writable: false },
        { tenant: 'musterdorf', name: 'Musterdorf', shared: false, writable: true },
      ],
    });
    expect((await h.call('ada', 'GET', '/api/editor/layers')).json).toEqual({
      layers: [
        { ...shared, writable: true },
        { tenant: 'beispielstadt', name: 'Beispielstadt', shared: false, writable: true },
        { tenant: 'musterdorf', name: 'Musterdorf', shared: false, writable: true },
      ],
    });
    expect((await h.call('anna', 'GET', '/api/editor/layers')).status).toBe(403);
  });

  it('shows the shared intents with its own, and saves only its own part', async () => {
    const refined = await h.call('eddi', 'PUT', `/api/editor/intents/greeting${MUSTERDORF}`, {
      utterances: { de: [], en: [] },
      answers: { de: ['Grüß Gott in Musterdorf! Ich bin der digitale Assistent der Gemeinde.'], en: [] },
    });
    expect(refined.status).toBe(201);
    const greeting = refined.json as EditorIntent;
    expect(greeting).toMatchObject({
      name: 'greeting',
      layer: 'both',
      utterances: { de: [], en: [] },
      answers: { de: ['Grüß Gott in Musterdorf! Ich bin der digitale Assistent der Gemeinde.'] },
    });
    expect(greeting.shared?.utterances.de.length).toBeGreaterThan(3);

    const own = await h.call('eddi', 'PUT', `/api/editor/intents/wertstoffhof${MUSTERDORF}`, WERTSTOFFHOF);
    expect([own.status, own.json]).toEqual([201, expect.objectContaining({ layer: 'own', ...WERTSTOFFHOF })]);
    expect((own.json as EditorIntent).shared).toBeUndefined();

    // A new intent still needs utterances; a service intent an entry of the shared catalogue or its own.
    const empty = await h.call('eddi', 'PUT', `/api/editor/intents/sperrmuell${MUSTERDORF}`, {
      utterances: { de: [], en: [] },
      answers: { de: ['Sperrmüll'], en: [] },
    });
    expect(empty.status).toBe(400);
    const service = await h.call('eddi', 'PUT', `/api/editor/intents/service.bewohnerparkausweis${MUSTERDORF}`, {
      utterances: { de: ['Parkausweis für Anwohner in Musterdorf'], en: [] },
    });
    expect([service.status, service.json]).toEqual([201, expect.objectContaining({ layer: 'both' })]);

    const list = await h.call('eddi', 'GET', `/api/editor/intents${MUSTERDORF}`);
    const layers = new Map((list.json as { intents: IntentSummary[] }).intents.map((i) => [i.name, i.layer]));
    expect(layers.get('greeting')).toBe('both');
    expect(layers.get('wertstoffhof')).toBe('own');
    expect(layers.get('service.bewohnerparkausweis')).toBe('both');
    expect(layers.get('goodbye')).toBe('shared');

    // The shared layer has none of it.
    const shared = await h.call('ada', 'GET', '/api/editor/intents/greeting');
    expect((shared.json as EditorIntent).answers.de).not.toContain(greeting.answers.de[0]);
    expect((shared.json as EditorIntent).layer).toBeUndefined();
    expect((await h.call('ada', 'GET', '/api/editor/intents/wertstoffhof')).status).toBe(404);
    expect((await h.storage.knowledgeOf('musterdorf').intents.listCorpusFiles()).length).toBeGreaterThan(0);
  });

  it('replaces a shared catalogue entry with its own, and deleting it brings the shared one back', async () => {
    const shared = (await h.call('eddi', 'GET', `/api/editor/catalogue/services/bewohnerparkausweis${MUSTERDORF}`))
      .json as { title: { de: string } };
    const own = { ...shared, title: { ...shared.title, de: 'Anwohnerparkausweis Musterdorf' } };
    const saved = await h.call('eddi', 'PUT', `/api/editor/catalogue/services/bewohnerparkausweis${MUSTERDORF}`, own);
    expect(saved.status).toBe(201);
    const list = await h.call('eddi', 'GET', `/api/editor/catalogue/services${MUSTERDORF}&q=parkausweis`);
    expect((list.json as { services: unknown[] }).services).toContainEqual(
      expect.objectContaining({ id: 'bewohnerparkausweis', title: 'Anwohnerparkausweis Musterdorf', layer: 'both' }),
    );
    const sharedList = await h.call('ada', 'GET', '/api/editor/catalogue/services?q=parkausweis');
    const sharedEntry = (sharedList.json as { services: { id: string }[] }).services.find(
      (entry) => entry.id === 'bewohnerparkausweis',
    );
    expect(sharedEntry).toEqual({ id: 'bewohnerparkausweis', title: shared.title.de, leika: expect.any(Array) });

    // Deleting the own entry answers with the shared one again; a shared entry is not the municipality's to delete.
    const extra = { ...own, id: 'wertstoffhof-karte', title: { de: 'Wertstoffhof-Karte', en: 'Recycling card' } };
    expect(
      (await h.call('eddi', 'PUT', `/api/editor/catalogue/services/wertstoffhof-karte${MUSTERDORF}`, extra)).status,
    ).toBe(201);
    expect(
      (await h.call('eddi', 'DELETE', `/api/editor/catalogue/services/wertstoffhof-karte${MUSTERDORF}`)).status,
    ).toBe(204);
    const sharedOnly = `/api/editor/catalogue/services/hundesteuer-ermaessigung${MUSTERDORF}`;
    expect((await h.call('eddi', 'GET', sharedOnly)).status).toBe(200);
    expect((await h.call('eddi', 'DELETE', sharedOnly)).status).toBe(404);
    // The shared layer keeps an entry that its service intent answers with, or a municipality's own intent does.
    const inUse = await h.call('ada', 'DELETE', '/api/editor/catalogue/services/bewohnerparkausweis');
    expect([inUse.status, inUse.json]).toEqual(refused(409, 'in_use'));
    const central = { ...own, id: 'wertstoffhof-zentral', title: { de: 'Zentraler Wertstoffhof' } };
    expect((await h.call('ada', 'PUT', '/api/editor/catalogue/services/wertstoffhof-zentral', central)).status).toBe(
      201,
    );
    const local = `/api/editor/intents/service.wertstoffhof-zentral${MUSTERDORF}`;
    expect(
      (await h.call('eddi', 'PUT', local, { utterances: { de: ['Zentraler Wertstoffhof'], en: [] } })).status,
    ).toBe(201);
    const needed = await h.call('ada', 'DELETE', '/api/editor/catalogue/services/wertstoffhof-zentral');
    expect([needed.status, needed.json]).toEqual([
      409,
      expect.objectContaining({
        error: 'in_use',
        message: expect.stringContaining('musterdorf: service.wertstoffhof-zentral'),
      }),
    ]);
    expect((await h.call('eddi', 'DELETE', local)).status).toBe(204);
    expect((await h.call('ada', 'DELETE', '/api/editor/catalogue/services/wertstoffhof-zentral')).status).toBe(204);
  });

  it('keeps a shared intent a municipality has added to, and a named entity its utterances use', async () => {
    const shared = {
      utterances: {
        de: ['Wo ist gerade eine Baustelle?', 'Baustellen in der Stadt', 'Welche Straßen sind gesperrt?'],
        en: [],
      },
      answers: { de: ['Die Baustellen stehen im Baustellenkalender.'], en: [] },
    };
    expect((await h.call('ada', 'PUT', '/api/editor/intents/baustellen', shared)).status).toBe(201);
    // Answers of its own only: without the shared utterances, Musterdorf's answer would never be chosen.
    const added = await h.call('eddi', 'PUT', `/api/editor/intents/baustellen${MUSTERDORF}`, {
      utterances: { de: [], en: [] },
      answers: { de: ['Baustellen in Musterdorf: siehe Aushang.'], en: [] },
    });
    expect(added.status).toBe(201);
    const kept = await h.call('ada', 'DELETE', '/api/editor/intents/baustellen');
    expect([kept.status, kept.json]).toEqual([
      409,
      expect.objectContaining({ error: 'in_use', message: expect.stringContaining('musterdorf') }),
    ]);
    expect((await h.call('ada', 'GET', '/api/editor/intents/baustellen')).status).toBe(200);
    expect((await h.call('eddi', 'DELETE', `/api/editor/intents/baustellen${MUSTERDORF}`)).status).toBe(204);
    expect((await h.call('ada', 'DELETE', '/api/editor/intents/baustellen')).status).toBe(204);

    const ortsteil = { type: 'enum', options: [{ value: 'Oberdorf', synonyms: ['oberes Dorf'] }] };
    expect((await h.call('ada', 'PUT', '/api/editor/entities/de/ortsteil', ortsteil)).status).toBe(201);
    const sprechstunde = {
      utterances: {
        de: ['Wann ist Sprechstunde in @ortsteil?', 'Sprechstunde des Ortsvorstehers', 'Ortsvorsteher @ortsteil'],
        en: [],
      },
      answers: { de: ['Der Ortsvorsteher hat montags von 18 bis 19 Uhr Sprechstunde.'], en: [] },
    };
    const local = `/api/editor/intents/ortsvorsteher${MUSTERDORF}`;
    const saved = await h.call('eddi', 'PUT', local, sprechstunde);
    expect([saved.status, saved.json]).toEqual([201, expect.objectContaining({ entities: ['ortsteil'] })]);
    const used = await h.call('ada', 'DELETE', '/api/editor/entities/de/ortsteil');
    expect([used.status, used.json]).toEqual([
      409,
      expect.objectContaining({
        error: 'entity_in_use',
        message: expect.stringContaining('musterdorf: ortsvorsteher'),
      }),
    ]);
    expect((await h.call('eddi', 'DELETE', local)).status).toBe(204);
    expect((await h.call('ada', 'DELETE', '/api/editor/entities/de/ortsteil')).status).toBe(204);
  });

  it('lets neither another municipality nor the shared layer in, and knows no unknown tenant', async () => {
    await h.storage.users.setUserTenants(h.userId('eddi'), ['beispielstadt']);
    try {
      for (const [method, path] of [
        ['GET', `/api/editor/intents${MUSTERDORF}`],
        ['GET', `/api/editor/intents/wertstoffhof${MUSTERDORF}`],
        ['DELETE', `/api/editor/intents/wertstoffhof${MUSTERDORF}`],
        ['GET', `/api/editor/catalogue/services/bewohnerparkausweis${MUSTERDORF}`],
        ['POST', `/api/editor/training${MUSTERDORF}`],
        ['GET', `/api/editor/versions${MUSTERDORF}`],
        ['POST', `/api/editor/try${MUSTERDORF}`],
      ] as const) {
        const reply = await h.call('eddi', method, path, method === 'POST' ? { text: 'Wertstoffhof' } : undefined);
        expect([method, path, ...[reply.status, reply.json]]).toEqual([
          method,
          path,
          ...refused(403, 'not_their_tenant'),
        ]);
      }
      // Beispielstadt has nothing of its own to train.
      const nothing = await h.call('eddi', 'POST', '/api/editor/training?tenant=beispielstadt');
      expect([nothing.status, nothing.json]).toEqual(refused(409, 'no_own_content'));
    } finally {
      await h.storage.users.setUserTenants(h.userId('eddi'), ['musterdorf']);
    }
    expect((await h.call('ada', 'GET', '/api/editor/intents?tenant=nirgendwo')).status).toBe(404);
    expect((await h.call('ada', 'GET', '/api/editor/intents?tenant=Not%20A%20Slug')).status).toBe(400);
    // Musterdorf's editor still cannot change the shared layer.
    const shared = await h.call('eddi', 'DELETE', '/api/editor/intents/goodbye');
    expect([shared.status, shared.json]).toEqual(refused(403, 'not_their_tenant'));
  });

  it('takes only its own citizens’ questions from the inbox into its own layer', async () => {
    const question = {
      at: new Date().toISOString(),
      lang: 'de' as const,
      reason: 'out_of_scope' as const,
      intent: 'None',
      score: 0.1,
    };
    const own = await h.storage.inbox.addInboxEntry({
      ...question,
      text: 'Hat der Wertstoffhof auch im Winter offen?',
      conversationId: 'm1',
      tenantId: 'musterdorf',
    });
    const other = await h.storage.inbox.addInboxEntry({
      ...question,
      text: 'Wertstoffhof Beispielstadt Öffnungszeiten',
      conversationId: 'b1',
      tenantId: 'beispielstadt',
    });
    const assigned = await h.call('ada', 'POST', `/api/editor/inbox/assign${MUSTERDORF}`, {
      entryIds: [own.id, other.id],
      intent: 'wertstoffhof',
    });
    expect(assigned.json).toEqual({ resolved: 1 });
    const intent = (await h.call('eddi', 'GET', `/api/editor/intents/wertstoffhof${MUSTERDORF}`)).json as EditorIntent;
    expect(intent.utterances.de).toContain('Hat der Wertstoffhof auch im Winter offen?');
    expect(intent.utterances.de).not.toContain('Wertstoffhof Beispielstadt Öffnungszeiten');
  });

  it('trains shared ∪ own with the release gate, among its own runs, without the unpublished shared draft', async () => {
    // The data centre's work in progress: a shared intent not published yet.
    const draft = await h.call('ada', 'PUT', '/api/editor/intents/fundbuero', {
      utterances: { de: ['Wo ist das Fundbüro?', 'Ich habe meinen Schlüssel verloren', 'Fundsachen abholen'], en: [] },
      answers: { de: ['Das Fundbüro ist im Rathaus.'], en: [] },
    });
    expect(draft.status).toBe(201);
    const started = await h.call('eddi', 'POST', `/api/editor/training${MUSTERDORF}`);
    expect(started.status).toBe(202);
    run = started.json as TrainingRun;
    await h.training.idle?.();
    const done = await h.call('eddi', 'GET', `/api/editor/training/${run.id}${MUSTERDORF}`);
    expect(done.json).toMatchObject({ status: 'succeeded', gate: { passed: true } });
    run = done.json as TrainingRun;
    expect((await h.call('ada', 'GET', `/api/editor/training/${run.id}`)).status).toBe(404);
    const sharedRuns = (await h.call('ada', 'GET', '/api/editor/training')).json as { runs: TrainingRun[] };
    expect(sharedRuns.runs).toEqual([]);

    // "Try it": what Musterdorf's citizens get now (the shared version), and its draft.
    const tried = await h.call('eddi', 'POST', `/api/editor/try${MUSTERDORF}`, {
      text: 'Wann hat der Wertstoffhof am Samstag offen?',
      lang: 'de',
    });
    expect(tried.json).toMatchObject({ draft: { runId: run.id, intent: 'wertstoffhof' } });
    expect((tried.json as { live: { intent: string } }).live.intent).not.toBe('wertstoffhof');
    const lost = await h.call('eddi', 'POST', `/api/editor/try${MUSTERDORF}`, { text: 'Wo ist das Fundbüro?' });
    expect(lost.json).toMatchObject({ draft: { runId: run.id, intent: expect.not.stringMatching('fundbuero') } });
  }, 180_000);

  it('publishes and rolls back its own versions, live for its citizens only', async () => {
    const sharedBefore = (await h.call('ada', 'GET', '/api/editor/versions')).json;
    const none = await h.call('eddi', 'GET', `/api/editor/versions${MUSTERDORF}`);
    expect(none.json).toEqual({ versions: [], live: null });
    // Editors train; publishers publish.
    expect((await h.call('eddi', 'POST', `/api/editor/versions${MUSTERDORF}`, { runId: run.id })).status).toBe(403);
    const body = { runId: run.id, note: 'Wertstoffhof' };
    const first = await h.call('pia', 'POST', `/api/editor/versions${MUSTERDORF}`, body);
    expect([first.status, first.json]).toEqual([201, expect.objectContaining({ version: 1, trainingRunId: run.id })]);

    const question = 'Wann hat der Wertstoffhof am Samstag offen?';
    expect(h.knowledge('musterdorf').understanding.parse(question, { lang: 'de' }).intent).toBe('wertstoffhof');
    expect(h.knowledge('musterdorf').understanding.findService('bewohnerparkausweis')?.title.de).toBe(
      'Anwohnerparkausweis Musterdorf',
    );
    expect(h.knowledge().understanding.parse(question, { lang: 'de' }).intent).not.toBe('wertstoffhof');
    expect(h.knowledge('beispielstadt')).toBe(h.knowledge());
    expect((await h.call('ada', 'GET', '/api/editor/versions')).json).toEqual(sharedBefore);
    expect((await h.call('ada', 'GET', '/api/editor/versions?tenant=beispielstadt')).json).toEqual({
      versions: [],
      live: null,
    });

    // The same run again as version 2, then back to version 1's content as version 3.
    await h.call('pia', 'POST', `/api/editor/versions${MUSTERDORF}`, body);
    const rolledBack = await h.call('pia', 'POST', `/api/editor/versions/1/rollback${MUSTERDORF}`);
    expect([rolledBack.status, rolledBack.json]).toEqual([201, expect.objectContaining({ version: 3, rollbackOf: 1 })]);
    const versions = (await h.call('eddi', 'GET', `/api/editor/versions${MUSTERDORF}`)).json as {
      versions: ModelVersion[];
      live: number;
    };
    expect([versions.live, versions.versions.map((version) => version.version)]).toEqual([3, [3, 2, 1]]);
    expect(versions).not.toHaveProperty('sharedNewer');
    // The data centre publishes the same shared content again: nothing to take over. Then other content: Musterdorf's
    // editors are told that its version was trained on the shared content before.
    const sharedLive = await h.storage.versions.liveVersion();
    if (!sharedLive) throw new Error('the template has a shared version');
    const { version: _, ...content } = sharedLive;
    await h.storage.versions.publishVersion({ ...content, publishedAt: new Date().toISOString() });
    expect((await h.call('eddi', 'GET', `/api/editor/versions${MUSTERDORF}`)).json).not.toHaveProperty('sharedNewer');
    const changed = { ...content, corporaHash: 'f'.repeat(64), publishedAt: new Date().toISOString() };
    const republished = await h.storage.versions.publishVersion(changed);
    const behind = await h.call('eddi', 'GET', `/api/editor/versions${MUSTERDORF}`);
    expect(behind.json).toMatchObject({ live: 3, sharedNewer: republished.version });
    expect((await h.call('ada', 'GET', '/api/editor/versions')).json).not.toHaveProperty('sharedNewer');
    const diff = await h.call('eddi', 'GET', `/api/editor/versions/diff${MUSTERDORF}&from=1&to=3`);
    expect(diff.status).toBe(200);
    // No shared version 3 exists to roll back to for Musterdorf's publisher, and she may not touch the shared ones.
    expect((await h.call('pia', 'POST', '/api/editor/versions/1/rollback')).status).toBe(403);

    // Every change is filed under Musterdorf in the audit log.
    const audit = await h.storage.audit.listAudit({ tenants: ['musterdorf'], limit: 100 });
    expect(new Set(audit.map((entry) => entry.action))).toEqual(
      new Set([
        'editor.intent.saved',
        'editor.intent.deleted',
        'editor.service.saved',
        'editor.service.deleted',
        'editor.inbox.assigned',
        'editor.training.started',
        'editor.version.published',
        'editor.version.rolled_back',
      ]),
    );
    expect(audit.every((entry) => entry.details.tenant === 'musterdorf')).toBe(true);

    // The workbench's log shows an editor the shared layer's changes and her municipality's, not another's.
    const other = await h.call('ada', 'PUT', '/api/editor/intents/wertstoffhof?tenant=beispielstadt', WERTSTOFFHOF);
    expect(other.status).toBe(201);
    const tenantsIn = async (who: 'eddi' | 'ada') => {
      const reply = await h.call(who, 'GET', '/api/editor/audit?limit=200');
      return new Set((reply.json as { entries: { tenantId: string }[] }).entries.map((entry) => entry.tenantId));
    };
    expect(await tenantsIn('eddi')).toEqual(new Set(['default', 'musterdorf']));
    expect(await tenantsIn('ada')).toEqual(new Set(['default', 'musterdorf', 'beispielstadt']));
  });
});
