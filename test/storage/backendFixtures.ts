import { expect } from 'vitest';
import type { Storage } from '../../src/storage/repositories.js';
import { corpus, message, office, service } from './contract/fixtures.js';

/**
 * What the SQLite and PostgreSQL "keeps everything across close and reopen" tests write before closing: a bit of every
 * kind of data. Returns the eTag of the state written, for `expectEverythingKept`.
 */
export async function writeEverything(storage: Storage): Promise<string | undefined> {
  await storage.catalogue.saveCatalogue(
    { services: [service('reisepass')], offices: [office('a')] },
    { replace: true },
  );
  await storage.intents.saveCorpora([corpus('services', 'de', 'service.reisepass')]);
  await storage.models.saveModel({ fingerprint: 'fp', createdAt: '2025-01-01T00:00:00.000Z', data: 'model' });
  await storage.tenants.saveTenant('muenchen', { name: 'Landeshauptstadt München', botIds: ['muenchen-bot'] });
  await storage.conversations.createConversation(
    { id: 'c1', tenantId: 'muenchen', channel: 'socketio', locale: 'de' },
    'hash',
  );
  await storage.transcripts.appendActivity('c1', message('Hallo', 'user'), 'm1');
  await storage.state.writeState({ 'socketio/conversations/c1/': { value: { step: 1 } } });
  return (await storage.state.readState(['socketio/conversations/c1/']))['socketio/conversations/c1/']?.eTag;
}

/** Checks, after a reopen, that everything `writeEverything` wrote is there as it was. */
export async function expectEverythingKept(storage: Storage, eTag: string | undefined): Promise<void> {
  expect(await storage.catalogue.listServices()).toEqual([service('reisepass')]);
  expect(await storage.catalogue.listOffices()).toEqual([office('a')]);
  expect(await storage.intents.listCorpora()).toEqual([corpus('services', 'de', 'service.reisepass')]);
  expect(await storage.models.findLatestModel()).toMatchObject({ fingerprint: 'fp', data: 'model' });
  expect((await storage.tenants.listTenants()).map((tenant) => [tenant.id, tenant.settings])).toEqual([
    ['default', {}],
    ['muenchen', { name: 'Landeshauptstadt München', botIds: ['muenchen-bot'] }],
  ]);
  expect(await storage.conversations.findConversationByTokenHash('hash')).toMatchObject({
    id: 'c1',
    tenantId: 'muenchen',
  });
  expect((await storage.transcripts.appendActivity('c1', message('Hallo', 'user'), 'm1')).duplicate).toBe(true);
  expect(await storage.state.readState(['socketio/conversations/c1/'])).toEqual({
    'socketio/conversations/c1/': { value: { step: 1 }, eTag },
  });
}

/** Two storages on one database (file) see each other's state writes and each other's eTag conflicts. */
export async function expectSharedStateAndConflicts(a: Storage, b: Storage): Promise<void> {
  await a.state.writeState({ k: { value: { n: 1 } } });
  const seenByB = (await b.state.readState(['k'])).k;
  expect(seenByB?.value).toEqual({ n: 1 });
  await a.state.writeState({ k: { value: { n: 2 }, eTag: seenByB?.eTag } });
  await expect(b.state.writeState({ k: { value: { n: 3 }, eTag: seenByB?.eTag } })).rejects.toThrow(/eTag conflict/);
}
