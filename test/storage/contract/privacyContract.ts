import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RetentionCutoffs, Storage } from '../../../src/storage/repositories.js';
import { seedApplication, seedCitizen } from '../../privacy/seedCitizen.js';
import { newHandover } from './fixtures.js';

const OLD = new Date('2026-01-05T09:00:00.000Z');
const RECENT = new Date('2026-06-01T09:00:00.000Z');
const CUTOFF = new Date('2026-03-01T00:00:00.000Z');
const ALL: RetentionCutoffs = { conversationsBefore: CUTOFF, applicationsBefore: CUTOFF, ticketsBefore: CUTOFF };

export function privacyContract(storage: () => Storage): void {
  describe('privacy: retention and records of a conversation', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(OLD);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('deletes an inactive conversation with everything on it and keeps a recent one whole', async () => {
      const s = storage();
      const old = await seedCitizen(s, 'old');
      vi.setSystemTime(RECENT);
      const recent = await seedCitizen(s, 'recent');

      const counts = await s.privacy.purgeExpired(ALL, 100);

      expect(counts).toEqual({
        conversations: 1,
        transcriptEntries: 1,
        handovers: 1,
        handoverNotes: 1,
        inboxEntries: 1,
        applications: 0,
        uploads: 1,
        tickets: 1,
      });
      expect(await s.conversations.findConversation('old')).toBeUndefined();
      expect(await s.transcripts.listActivities('old')).toEqual([]);
      expect(await s.state.readState([old.stateKey])).toEqual({});
      expect(await s.handovers.listNotes('old')).toEqual([]);
      expect(await s.uploads.findUpload(old.uploadId)).toBeUndefined();
      expect(await s.inbox.findInboxEntries([old.inboxEntryId])).toEqual([]);
      expect(await s.tickets.findTicket(old.ticketId)).toBeUndefined();
      expect(await s.privacy.conversationRecordIds('old')).toEqual({
        stateKeys: [],
        uploadIds: [],
        applicationReferences: [],
        ticketIds: [],
        inboxEntryIds: [],
      });

      expect(await s.transcripts.listActivities('recent')).toHaveLength(1);
      expect(await s.handovers.listNotes('recent')).toHaveLength(1);
      expect(await s.uploads.findUpload(recent.uploadId)).toBeDefined();
      expect(await s.tickets.findTicket(recent.ticketId)).toBeDefined();
      expect(Object.keys(await s.state.readState([recent.stateKey]))).toEqual([recent.stateKey]);
    });

    it('keeps an old open contact request and a conversation an agent is still on', async () => {
      const s = storage();
      const open = await seedCitizen(s, 'c1', { ticketStatus: 'open' });
      await s.handovers.createHandover(newHandover('c1', OLD.toISOString()));
      vi.setSystemTime(RECENT);
      const counts = await s.privacy.purgeExpired(ALL, 100);
      expect(counts.conversations).toBe(0);
      expect(counts.tickets).toBe(0);
      expect(await s.conversations.findConversation('c1')).toBeDefined();
      expect(await s.tickets.findTicket(open.ticketId)).toBeDefined();
    });

    it('deletes old applications once no delivery is pending, then their files', async () => {
      const s = storage();
      const done = await seedCitizen(s, 'done');
      const waiting = await seedCitizen(s, 'waiting');
      const doneRef = await seedApplication(s, 'done', done.uploadId, 1);
      const waitingRef = await seedApplication(s, 'waiting', waiting.uploadId, 2);
      for (const delivery of await s.applications.listDeliveries({ reference: doneRef })) {
        if (delivery.recipientId === 'ordnungsamt') await s.applications.markDelivered(delivery.id, OLD);
        else await s.applications.markAttemptFailed(delivery.id, 'HTTP 500', undefined);
      }
      vi.setSystemTime(RECENT);

      const counts = await s.privacy.purgeExpired(ALL, 100);

      expect(counts).toMatchObject({ conversations: 2, applications: 1, uploads: 1 });
      expect(await s.applications.findApplication(doneRef)).toBeUndefined();
      expect(await s.applications.listDeliveries({ reference: doneRef })).toEqual([]);
      expect(await s.uploads.findUpload(done.uploadId)).toBeUndefined();
      expect(await s.applications.findApplication(waitingRef)).toBeDefined();
      // The file of the waiting application outlives its conversation, as it does "Chat löschen".
      expect(await s.uploads.findUpload(waiting.uploadId)).toBeDefined();
    });

    it("lists and deletes every tenant's records, not the default tenant's alone", async () => {
      const s = storage();
      const citizen = await seedCitizen(s, 'musterdorf-old', { tenantId: 'musterdorf', ticketStatus: 'done' });
      const reference = await seedApplication(s, 'musterdorf-old', citizen.uploadId, 3, 'musterdorf');
      expect(await s.privacy.conversationRecordIds('musterdorf-old')).toMatchObject({
        uploadIds: [citizen.uploadId],
        applicationReferences: [reference],
        ticketIds: [citizen.ticketId],
        inboxEntryIds: [citizen.inboxEntryId],
      });
      for (const delivery of await s.applications.listDeliveries({ reference })) {
        await s.applications.markDelivered(delivery.id, OLD);
      }
      vi.setSystemTime(RECENT);

      const counts = await s.privacy.purgeExpired(ALL, 100);

      expect(counts).toMatchObject({ conversations: 1, applications: 1, tickets: 1, inboxEntries: 1 });
      expect(await s.conversations.findConversation('musterdorf-old')).toBeUndefined();
      expect(await s.applications.findApplication(reference)).toBeUndefined();
      expect(await s.uploads.findUpload(citizen.uploadId)).toBeUndefined();
    });

    it('purges only the tenants a pass covers: some, or all but some', async () => {
      const s = storage();
      const seed = async (id: string, tenantId: string) => {
        const citizen = await seedCitizen(s, id, { tenantId, ticketStatus: 'done' });
        const reference = await seedApplication(s, id, citizen.uploadId, id.length, tenantId);
        for (const delivery of await s.applications.listDeliveries({ reference })) {
          await s.applications.markDelivered(delivery.id, OLD);
        }
        return { ...citizen, reference };
      };
      const musterdorf = await seed('m-old', 'musterdorf');
      const other = await seed('default-old', 'default');
      vi.setSystemTime(RECENT);

      // Musterdorf keeps its data longer: the pass of everybody else leaves every record of it alone.
      const others = await s.privacy.purgeExpired({ ...ALL, tenants: { except: ['musterdorf'] } }, 100);
      expect(others).toMatchObject({ conversations: 1, applications: 1, tickets: 1, inboxEntries: 1 });
      expect(await s.conversations.findConversation('default-old')).toBeUndefined();
      expect(await s.applications.findApplication(other.reference)).toBeUndefined();
      expect(await s.conversations.findConversation('m-old')).toBeDefined();
      expect(await s.applications.findApplication(musterdorf.reference)).toBeDefined();
      expect(await s.tickets.findTicket(musterdorf.ticketId)).toBeDefined();
      expect(await s.inbox.findInboxEntries([musterdorf.inboxEntryId])).toHaveLength(1);

      expect(await s.privacy.purgeExpired({ ...ALL, tenants: { only: ['beispielstadt'] } }, 100)).toMatchObject({
        conversations: 0,
        applications: 0,
        tickets: 0,
        inboxEntries: 0,
      });
      const own = await s.privacy.purgeExpired({ ...ALL, tenants: { only: ['musterdorf'] } }, 100);
      expect(own).toMatchObject({ conversations: 1, applications: 1, tickets: 1, inboxEntries: 1 });
      expect(await s.conversations.findConversation('m-old')).toBeUndefined();
      expect(await s.uploads.findUpload(musterdorf.uploadId)).toBeUndefined();
    });

    it('deletes at most `limit` conversations per call, oldest first', async () => {
      const s = storage();
      for (const id of ['a', 'b', 'c']) {
        await seedCitizen(s, id);
        vi.setSystemTime(new Date(Date.now() + 60_000));
      }
      vi.setSystemTime(RECENT);
      expect((await s.privacy.purgeExpired(ALL, 2)).conversations).toBe(2);
      expect(await s.conversations.findConversation('c')).toBeDefined();
      expect((await s.privacy.purgeExpired(ALL, 2)).conversations).toBe(1);
      expect((await s.privacy.purgeExpired(ALL, 2)).conversations).toBe(0);
    });

    it('counts a conversation as active by its last stored activity, on every channel', async () => {
      const s = storage();
      await s.transcripts.appendActivity('teams-1', { type: 'message', channelId: 'msteams', from: { role: 'user' } });
      vi.setSystemTime(RECENT);
      await s.transcripts.appendActivity('teams-1', { type: 'message', channelId: 'msteams', from: { role: 'bot' } });
      expect(await s.conversations.findConversation('teams-1')).toMatchObject({
        createdAt: OLD.toISOString(),
        updatedAt: RECENT.toISOString(),
      });
      expect((await s.privacy.purgeExpired(ALL, 100)).conversations).toBe(0);
    });

    it('lists the ids of what belongs to a conversation', async () => {
      const s = storage();
      const seeded = await seedCitizen(s, 'c1');
      await seedCitizen(s, 'c2');
      const reference = await seedApplication(s, 'c1', seeded.uploadId, 1);
      expect(await s.privacy.conversationRecordIds('c1')).toEqual({
        stateKeys: [seeded.stateKey],
        uploadIds: [seeded.uploadId],
        applicationReferences: [reference],
        ticketIds: [seeded.ticketId],
        inboxEntryIds: [seeded.inboxEntryId],
      });
    });
  });
}
