import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import { ISO_TIMESTAMP, message } from './fixtures.js';

export function transcriptContract(storage: () => Storage): void {
  describe('transcripts', () => {
    async function conversation(id = 'c1'): Promise<Storage> {
      const opened = storage();
      await opened.conversations.createConversation({ id, channel: 'socketio', locale: 'de' });
      return opened;
    }

    it('lists activities in the order they were appended, as they were appended', async () => {
      const { transcripts } = await conversation();
      const activities = [
        message('Ich brauche einen Reisepass', 'user', { attachments: [], channelData: { clientMessageId: 'm1' } }),
        message('Dafür ist das Bürgerbüro zuständig.', 'bot', { suggestedActions: { actions: [{ title: 'Termin' }] } }),
        message('Danke', 'user'),
      ];
      const seqs: number[] = [];
      for (const [index, activity] of activities.entries()) {
        seqs.push((await transcripts.appendActivity('c1', activity, `m${index}`)).seq);
      }
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(3);
      const listed = await transcripts.listActivities('c1');
      expect(listed).toEqual(
        activities.map((activity, index) => ({
          seq: seqs[index],
          conversationId: 'c1',
          activityId: `m${index}`,
          timestamp: expect.stringMatching(ISO_TIMESTAMP),
          activity,
        })),
      );
    });

    it('stores an activity as its JSON at the call: dates as ISO strings, later changes to the object not', async () => {
      const { transcripts } = await conversation();
      const timestamp = new Date('2026-11-23T09:30:00.000Z');
      const activity = {
        type: 'message',
        text: 'Mein Termin',
        from: { id: 'citizen', role: 'user' },
        timestamp,
        channelData: { step: 1 },
        gone: undefined,
      };
      const stored = transcripts.appendActivity('c1', activity, 'm1');
      activity.text = 'geändert';
      activity.channelData.step = 2;
      await stored;
      const [entry] = await transcripts.listActivities('c1');
      expect(entry?.activity).toEqual({
        ...message('Mein Termin', 'user'),
        timestamp: '2026-11-23T09:30:00.000Z',
        channelData: { step: 1 },
      });
      expect(entry && 'gone' in entry.activity).toBe(false);
    });

    it('with a limit, lists the last activities, still in order', async () => {
      const { transcripts } = await conversation();
      for (const text of ['eins', 'zwei', 'drei', 'vier', 'fünf'])
        await transcripts.appendActivity('c1', message(text, 'user'));
      const texts = async (limit?: number) =>
        (await transcripts.listActivities('c1', limit)).map((entry) => entry.activity.text);
      expect(await texts(2)).toEqual(['vier', 'fünf']);
      expect(await texts(10)).toEqual(['eins', 'zwei', 'drei', 'vier', 'fünf']);
      expect(await texts(0)).toEqual([]);
      expect(await texts()).toHaveLength(5);
    });

    it('stores an activity id once per role: a retried message is a duplicate with the original seq', async () => {
      const { transcripts } = await conversation();
      const first = await transcripts.appendActivity('c1', message('Hallo', 'user'), 'client-1');
      const retry = await transcripts.appendActivity('c1', message('Hallo', 'user'), 'client-1');
      expect(first.duplicate).toBe(false);
      expect(retry).toEqual({ duplicate: true, seq: first.seq });
      expect(await transcripts.listActivities('c1')).toHaveLength(1);
    });

    it('the same activity id from another role, in another conversation, or no id at all is no duplicate', async () => {
      const { transcripts, conversations } = await conversation();
      await conversations.createConversation({ id: 'c2', channel: 'socketio', locale: 'de' });
      await transcripts.appendActivity('c1', message('Hallo', 'user'), 'id-1');
      expect((await transcripts.appendActivity('c1', message('Guten Tag', 'bot'), 'id-1')).duplicate).toBe(false);
      expect((await transcripts.appendActivity('c2', message('Hallo', 'user'), 'id-1')).duplicate).toBe(false);
      expect((await transcripts.appendActivity('c1', message('Hallo', 'user'))).duplicate).toBe(false);
      expect((await transcripts.appendActivity('c1', message('Hallo', 'user'))).duplicate).toBe(false);
      expect(await transcripts.listActivities('c1')).toHaveLength(4);
      expect((await transcripts.listActivities('c1')).map((entry) => entry.activityId)).toEqual([
        'id-1',
        'id-1',
        undefined,
        undefined,
      ]);
    });

    it('lists nothing for an unknown conversation', async () => {
      const { transcripts } = storage();
      expect(await transcripts.listActivities('unknown')).toEqual([]);
    });

    it('appending to an unknown conversation creates it from the activity (Bot Framework channels)', async () => {
      const { transcripts, conversations } = storage();
      await transcripts.appendActivity(
        'bf-1',
        message('Hello', 'user', { channelId: 'msteams', locale: 'en-US' }),
        'a1',
      );
      expect(await conversations.findConversation('bf-1')).toMatchObject({
        id: 'bf-1',
        tenantId: 'default',
        channel: 'msteams',
        locale: 'en-US',
      });
      expect(await transcripts.listActivities('bf-1')).toHaveLength(1);

      await transcripts.appendActivity('bf-2', { type: 'conversationUpdate' });
      expect(await conversations.findConversation('bf-2')).toMatchObject({ channel: 'unknown', locale: 'de' });
    });
  });
}
