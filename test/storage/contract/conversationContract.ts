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
