import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchConflict } from '../../../src/editor/ports.js';
import { loadLiveKnowledge } from '../../../src/editor/publishing/loadLiveKnowledge.js';
import { PublishingService } from '../../../src/editor/publishing/PublishingService.js';
import type { LiveKnowledge } from '../../../src/editor/publishing/versionKnowledge.js';
import { saveSnapshots } from '../../../src/editor/training/draftSnapshot.js';
import type { TrainingRun } from '../../../src/editor/types.js';
import { loadCurrentModel, modelFingerprint } from '../../../src/nlu/trainModel.js';
import { Understanding } from '../../../src/nlu/Understanding.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { readLayer } from '../../../src/tenants/tenantContent.js';
import { gate, openTemplateCopy, staffUser } from '../training/workbenchData.js';

const publisher = staffUser('paula', 'publisher');
const admin = staffUser('anna', 'admin');

/**
 * A finished run of the current draft, as the training service leaves it (the template's model is the draft's, so
 * publishing needs no training here; the worker is the training tests' business).
 */
async function finishedRun(storage: Storage, status: 'succeeded' | 'failed', passed = true): Promise<TrainingRun> {
  const { corpora, catalogue } = await readLayer(storage);
  const snapshot = await saveSnapshots(storage, corpora, catalogue);
  const fingerprint = modelFingerprint(
    snapshot.corpora.map((file) => file.corpus),
    snapshot.catalogue.services,
  );
  expect(await storage.models.findModel(fingerprint)).toBeDefined();
  const run = await storage.trainingRuns.createRun({
    startedAt: new Date().toISOString(),
    startedBy: 'erika',
    corporaHash: snapshot.corporaHash,
    catalogueHash: snapshot.catalogueHash,
  });
  const finished = await storage.trainingRuns.updateRun(run.id, {
    status,
    phase: status === 'succeeded' ? 'done' : 'training',
    progress: status === 'succeeded' ? 1 : 0,
    finishedAt: new Date().toISOString(),
    ...(status === 'succeeded' ? { fingerprint, gate: gate(passed) } : { error: 'boom' }),
  });
  if (!finished) throw new Error('run not stored');
  return finished;
}

describe('PublishingService', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  const lives: LiveKnowledge[] = [];
  let service: PublishingService;

  beforeAll(async () => {
    data = await openTemplateCopy();
    service = new PublishingService({ storage: data.storage, onLive: (live) => void lives.push(live) });
  });
  afterAll(() => data.close());

  it('publishes a succeeded run as version 1, makes it live and audits it', async () => {
    const run = await finishedRun(data.storage, 'succeeded');
    const version = await service.publish(run.id, publisher, { note: 'first' });
    expect(version).toMatchObject({
      version: 1,
      publishedBy: 'paula',
      fingerprint: run.fingerprint,
      corporaHash: run.corporaHash,
      catalogueHash: run.catalogueHash,
      trainingRunId: run.id,
      gatePassed: true,
      note: 'first',
    });
    expect(version.override).toBeUndefined();
    expect(await service.live()).toEqual(version);
    const live = lives.at(-1);
    expect(live?.version).toEqual(version);
    expect(live?.model.fingerprint).toBe(run.fingerprint);
    expect(live?.offices.length).toBeGreaterThan(0);
    const understanding = new Understanding(live?.model ?? expect.fail(), live?.services ?? []);
    expect(understanding.parse('Ich möchte meinen Hund anmelden').service?.id).toBe('hund-anmelden');
    const [audit] = await data.storage.audit.listAudit({ action: 'editor.version.published' });
    expect(audit).toMatchObject({ actorId: publisher.id, actorName: 'paula', details: { version: 1, runId: run.id } });
  });

  it('refuses a run that has not succeeded, and one whose gate failed unless overridden with a reason', async () => {
    const failed = await finishedRun(data.storage, 'failed');
    await expect(service.publish(failed.id, publisher)).rejects.toMatchObject({ code: 'run_not_succeeded' });
    await expect(service.publish('no-such-run', publisher)).rejects.toBeInstanceOf(WorkbenchConflict);
    const blocked = await finishedRun(data.storage, 'succeeded', false);
    const before = lives.length;
    await expect(service.publish(blocked.id, publisher)).rejects.toMatchObject({
      code: 'gate_failed',
      message: expect.stringMatching(/must-pass: 0 of 1/),
    });
    await expect(service.publish(blocked.id, admin, { overrideReason: '   ' })).rejects.toMatchObject({
      code: 'gate_failed',
    });
    expect(lives).toHaveLength(before);
    const overridden = await service.publish(blocked.id, admin, { overrideReason: 'Hotfix für die Hundesteuer' });
    expect(overridden).toMatchObject({
      version: 2,
      gatePassed: false,
      override: { reason: 'Hotfix für die Hundesteuer', by: 'anna' },
    });
    expect(lives.at(-1)?.version.version).toBe(2);
  });

  it('rolls back by publishing an older version again, and compares versions', async () => {
    const { storage } = data;
    // The draft changes: an utterance added, the German privacy intent removed, a service retitled, one deleted.
    const files = await storage.intents.listCorpusFiles();
    await storage.intents.saveCorpusFiles(
      files.map(({ path, corpus }) => ({
        path,
        corpus: {
          ...corpus,
          data: corpus.data
            .filter((entry) => !(corpus.locale === 'de' && entry.intent === 'privacy'))
            .map((entry) =>
              corpus.locale === 'de' && entry.intent === 'greeting'
                ? { ...entry, utterances: [...entry.utterances, 'Grüß Sie!'] }
                : entry,
            ),
        },
      })),
    );
    const services = await storage.catalogue.listServices();
    const [first, second] = services;
    if (!first || !second) throw new Error('the default catalogue has services');
    await storage.catalogue.saveCatalogue(
      {
        services: [{ ...first, title: { ...first.title, de: `${first.title.de} (neu)` } }, ...services.slice(2)],
        offices: await storage.catalogue.listOffices(),
      },
      { replace: true },
    );
    const { model } = await loadCurrentModel(storage);
    const run = await finishedRun(storage, 'succeeded');
    expect(run.fingerprint).toBe(model.fingerprint);
    const v3 = await service.publish(run.id, publisher);
    expect(v3.version).toBe(3);

    const diff = await service.diff(1, 3);
    expect(diff.intents).toEqual([
      {
        intent: 'greeting',
        lang: 'de',
        change: 'changed',
        utterancesAdded: ['Grüß Sie!'],
        utterancesRemoved: [],
        answersChanged: false,
      },
      expect.objectContaining({ intent: 'privacy', lang: 'de', change: 'removed', answersChanged: true }),
    ]);
    expect(diff.services).toEqual(
      expect.arrayContaining([
        { id: first.id, title: `${first.title.de} (neu)`, change: 'changed' },
        { id: second.id, title: second.title.de, change: 'removed' },
      ]),
    );
    expect(diff.services).toHaveLength(2);
    expect((await service.diff(3, 1)).services).toContainEqual({
      id: second.id,
      title: second.title.de,
      change: 'added',
    });

    const rolledBack = await service.rollback(1, publisher);
    const v1 = (await service.listVersions()).find((version) => version.version === 1);
    expect(rolledBack).toMatchObject({
      version: 4,
      rollbackOf: 1,
      publishedBy: 'paula',
      fingerprint: v1?.fingerprint,
      corporaHash: v1?.corporaHash,
      catalogueHash: v1?.catalogueHash,
    });
    expect(lives.at(-1)?.model.fingerprint).toBe(v1?.fingerprint);
    expect(lives.at(-1)?.services.map((s) => s.id)).toContain(second.id);
    expect((await service.listVersions()).map((version) => version.version)).toEqual([4, 3, 2, 1]);
    const [audit] = await storage.audit.listAudit({ action: 'editor.version.rolled_back' });
    expect(audit).toMatchObject({ actorName: 'paula', details: { version: 4, rollbackOf: 1 } });
    await expect(service.rollback(4, publisher)).rejects.toMatchObject({ code: 'already_live' });
    await expect(service.rollback(99, publisher)).rejects.toMatchObject({ code: 'not_found' });

    // A restart answers with the live version: the rolled-back content, not the newer draft.
    const live = await loadLiveKnowledge(storage);
    expect(live).toMatchObject({ published: false, trained: false, version: { version: 4 } });
    expect(live.model.fingerprint).toBe(v1?.fingerprint);
  });
});

describe('loadLiveKnowledge', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  beforeAll(async () => {
    data = await openTemplateCopy();
  });
  afterAll(() => data.close());

  it("publishes a data directory's draft model as version 1 by system when there is no version, then loads it", async () => {
    const first = await loadLiveKnowledge(data.storage, { onTraining: () => expect.fail('the template has a model') });
    expect(first).toMatchObject({ published: true, trained: false, version: { version: 1, publishedBy: 'system' } });
    expect(first.version.gatePassed).toBeUndefined();
    expect(first.services.length).toBeGreaterThan(0);
    expect(first.offices.length).toBeGreaterThan(0);
    const [audit] = await data.storage.audit.listAudit({ action: 'editor.version.published' });
    expect(audit).toMatchObject({ actorId: undefined, actorName: 'system', details: { version: 1 } });
    const again = await loadLiveKnowledge(data.storage);
    expect(again).toMatchObject({ published: false, version: first.version });
    expect(again.model.fingerprint).toBe(first.model.fingerprint);
    expect(await data.storage.versions.listVersions()).toHaveLength(1);
  });
});
