import { ConversationState, TestAdapter } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotStateStorage } from '../../src/storage/BotStateStorage.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';

describe('BotStateStorage on SQLite', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
  });
  afterEach(async () => {
    await storage.close();
  });

  /** A bot that counts the messages of a conversation in ConversationState. */
  function countingBot(): TestAdapter {
    const conversationState = new ConversationState(new BotStateStorage(storage.state));
    const count = conversationState.createProperty<number>('count');
    return new TestAdapter(async (context) => {
      const next = (await count.get(context, 0)) + 1;
      await count.set(context, next);
      await context.sendActivity(`Nachricht ${next}`);
      await conversationState.saveChanges(context);
    });
  }

  it('lets ConversationState keep a conversation’s state across turns and bot instances', async () => {
    await countingBot().send('Hallo').assertReply('Nachricht 1').send('Noch da?').assertReply('Nachricht 2');
    // A new adapter and state object, e.g. after a restart, continue from the stored state.
    await countingBot().send('Hallo').assertReply('Nachricht 3');

    const stored = await storage.state.readState(['test/conversations/Convo1/']);
    expect(stored['test/conversations/Convo1/']?.value).toEqual({ count: 3 });
  });

  it('deleting the conversation deletes the state ConversationState wrote', async () => {
    await countingBot().send('Hallo').assertReply('Nachricht 1');
    await storage.conversations.deleteConversation('Convo1');
    await countingBot().send('Hallo').assertReply('Nachricht 1');
  });

  it('hands out eTags inside items and enforces them on write', async () => {
    const bot = new BotStateStorage(storage.state);
    await bot.write({ key: { topic: 'reisepass', eTag: '*' } });
    const first = await bot.read(['key', 'missing']);
    expect(Object.keys(first)).toEqual(['key']);
    expect(first.key).toEqual({ topic: 'reisepass', eTag: expect.any(String) });

    await bot.write({ key: { ...first.key, topic: 'personalausweis' } });
    await expect(bot.write({ key: { ...first.key, topic: 'hundesteuer' } })).rejects.toThrow(/eTag conflict/);

    const second = await bot.read(['key']);
    expect(second.key.topic).toBe('personalausweis');
    expect(second.key.eTag).not.toBe(first.key.eTag);
    // The eTag travels beside the value, not inside it.
    expect((await storage.state.readState(['key'])).key?.value).toEqual({ topic: 'personalausweis' });

    await bot.delete(['key']);
    expect(await bot.read(['key'])).toEqual({});
  });

  it('rejects items that are not objects', async () => {
    const bot = new BotStateStorage(storage.state);
    await expect(bot.write({ key: 'just a string' })).rejects.toThrow(/BotStateStorage: item "key"/);
  });
});
