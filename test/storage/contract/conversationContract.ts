import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import { ISO_TIMESTAMP, message } from './fixtures.js';

export function conversationContract(storage: () => Storage): void {
  describe('conversations', () => {
    it('creates a conversation and finds it again', async () => {
      const { conversations } = storage();
      const created = await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' }, 'hash-1');
      expect(created).toEqual({
        id: 'c1',
        tenantId: 'default',
        channel: 'socketio',
        locale: 'de',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: created.createdAt,
      });
      expect(await conversations.findConversation('c1')).toEqual(created);
      expect(await conversations.findConversation('c2')).toBeUndefined();
    });

    it('finds a conversation by the hash of its resume token, and only by a known hash', async () => {
      const { conversations } = storage();
      const withToken = await conversations.createConversation(
        { id: 'c1', channel: 'socketio', locale: 'en' },
        'hash-1',
      );
      await conversations.createConversation({ id: 'c2', channel: 'socketio', locale: 'de' });
      await conversations.createConversation({ id: 'c3', channel: 'socketio', locale: 'de' });
      expect(await conversations.findConversationByTokenHash('hash-1')).toEqual(withToken);
      expect(await conversations.findConversationByTokenHash('hash-2')).toBeUndefined();
    });

    it('stores the tenant a conversation is created for, and both finders return it', async () => {
      const { conversations } = storage();
      const created = await conversations.createConversation(
        { id: 'c1', tenantId: 'muenchen', channel: 'socketio', locale: 'de' },
        'hash-1',
      );
      expect(created).toMatchObject({ id: 'c1', tenantId: 'muenchen' });
      expect(await conversations.findConversation('c1')).toEqual(created);
      expect(await conversations.findConversationByTokenHash('hash-1')).toEqual(created);
    });

    it('a conversation created without a tenant is the default tenant’s, and found as such', async () => {
      const { conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' }, 'hash-1');
      expect(await conversations.findConversation('c1')).toMatchObject({ tenantId: 'default' });
      expect(await conversations.findConversationByTokenHash('hash-1')).toMatchObject({ tenantId: 'default' });
    });

    it('ensureConversation creates a missing conversation once and then returns the stored one, tenant and all', async () => {
      const { conversations } = storage();
      const first = await conversations.ensureConversation({
        id: 'bf-1',
        tenantId: 'muenchen',
        channel: 'msteams',
        locale: 'de-DE',
      });
      expect(first).toEqual({
        id: 'bf-1',
        tenantId: 'muenchen',
        channel: 'msteams',
        locale: 'de-DE',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: first.createdAt,
      });
      expect(await conversations.findConversation('bf-1')).toEqual(first);

      // Asked again for another tenant (another bot id in the activity, say): the conversation keeps the one it has.
      const again = await conversations.ensureConversation({
        id: 'bf-1',
        tenantId: 'ebersberg',
        channel: 'webchat',
        locale: 'en',
      });
      expect(again).toEqual(first);
      expect(await conversations.findConversation('bf-1')).toEqual(first);

      expect(await conversations.ensureConversation({ id: 'bf-2', channel: 'msteams', locale: 'de' })).toMatchObject({
        id: 'bf-2',
        tenantId: 'default',
      });
    });

    it('ensureConversation returns a conversation created before, with its resume token kept', async () => {
      const { conversations } = storage();
      const created = await conversations.createConversation(
        { id: 'c1', tenantId: 'muenchen', channel: 'socketio', locale: 'de' },
        'hash-1',
      );
      expect(await conversations.ensureConversation({ id: 'c1', channel: 'socketio', locale: 'de' })).toEqual(created);
      expect(await conversations.findConversationByTokenHash('hash-1')).toEqual(created);
    });

    it('ensureConversation called at once for the same id creates it once; all calls get the same one', async () => {
      const { conversations } = storage();
      const results = await Promise.all(
        ['muenchen', 'ebersberg', 'aying', 'default'].map((tenantId) =>
          conversations.ensureConversation({ id: 'bf-1', tenantId, channel: 'msteams', locale: 'de' }),
        ),
      );
      const stored = await conversations.findConversation('bf-1');
      expect(stored).toBeDefined();
      for (const result of results) expect(result).toEqual(stored);
    });

    it('appending to a conversation keeps the tenant it was ensured with', async () => {
      const { conversations, transcripts } = storage();
      await conversations.ensureConversation({ id: 'bf-1', tenantId: 'muenchen', channel: 'msteams', locale: 'de' });
      await transcripts.appendActivity('bf-1', message('Hallo', 'user', { channelId: 'msteams' }), 'a1');
      expect(await conversations.findConversation('bf-1')).toMatchObject({ tenantId: 'muenchen' });
    });

    it('rejects a second conversation with the same id or the same token hash', async () => {
      const { conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' }, 'hash-1');
      await expect(conversations.createConversation({ id: 'c1', channel: 'webchat', locale: 'en' })).rejects.toThrow();
      await expect(
        conversations.createConversation({ id: 'c2', channel: 'socketio', locale: 'de' }, 'hash-1'),
      ).rejects.toThrow();
      expect(await conversations.findConversation('c1')).toMatchObject({ channel: 'socketio', locale: 'de' });
      expect(await conversations.findConversation('c2')).toBeUndefined();
    });

    it('deleting a conversation deletes its transcript and its bot state, and nothing of other conversations', async () => {
      const { conversations, transcripts, state } = storage();
      for (const id of ['c1', 'c2']) {
        await conversations.createConversation({ id, channel: 'webchat', locale: 'de' });
        await transcripts.appendActivity(id, message(`Hallo aus ${id}`, 'user'), `${id}-m1`);
      }
      await state.writeState({
        'webchat/conversations/c1/': { value: { dialogStack: ['main'] } },
        'webchat/conversations/c1/users/citizen/': { value: { step: 2 } },
        'webchat/conversations/c2/': { value: { dialogStack: [] } },
        'webchat/users/citizen/': { value: { language: 'de' } },
      });

      await conversations.deleteConversation('c1');

      expect(await conversations.findConversation('c1')).toBeUndefined();
      expect(await transcripts.listActivities('c1')).toEqual([]);
      expect(
        Object.keys(await state.readState(['webchat/conversations/c1/', 'webchat/conversations/c1/users/citizen/'])),
      ).toEqual([]);
      expect(await conversations.findConversation('c2')).toBeDefined();
      expect(await transcripts.listActivities('c2')).toHaveLength(1);
      const kept = await state.readState(['webchat/conversations/c2/', 'webchat/users/citizen/']);
      expect(Object.keys(kept).sort()).toEqual(['webchat/conversations/c2/', 'webchat/users/citizen/']);
    });

    it('deleting an unknown conversation does nothing', async () => {
      const { conversations } = storage();
      await expect(conversations.deleteConversation('nope')).resolves.toBeUndefined();
    });

    it('a conversation id reused after deletion starts with an empty transcript', async () => {
      const { conversations, transcripts } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      await transcripts.appendActivity('c1', message('alt', 'user'), 'm1');
      await conversations.deleteConversation('c1');
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      expect(await transcripts.listActivities('c1')).toEqual([]);
      expect((await transcripts.appendActivity('c1', message('neu', 'user'), 'm1')).duplicate).toBe(false);
    });
  });
}
